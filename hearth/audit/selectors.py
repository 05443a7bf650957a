"""Reading the audit trail (admins only; the view enforces that)."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.audit.models import AuditEvent


def audit_event_list(*, action: str = "", subject_id: int | None = None) -> QuerySet[AuditEvent]:
    """Audit events, newest first, optionally for one action or one person."""
    events = AuditEvent.objects.select_related("actor", "subject")
    if action:
        events = events.filter(action=action)
    if subject_id is not None:
        events = events.filter(subject_id=subject_id)
    return events.order_by("-at", "-id")


def audit_views_of(*, subject_id: int, actions: tuple[str, ...] = ("checkup.scores.view",), limit: int = 50) -> list[AuditEvent]:
    """Who opened a person's sensitive data, newest first (shown to the person and their social worker)."""
    return list(
        AuditEvent.objects.filter(subject_id=subject_id, action__in=actions).order_by("-at", "-id")[:limit]
    )
