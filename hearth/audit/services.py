"""Writing audit events. Call inside the same transaction as the read or write being audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    reason: str = "",
    obj: Any = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event: `actor` (a User or None for the system) did `action` to `subject`'s data."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the audited transaction (transaction.atomic)")
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor_user,
        actor_label=_label_for_user(actor_user),
        subject=subject,
        subject_label=f"{subject.name} ({subject.employee_id})" if subject is not None else "",
        action=action,
        reason=reason,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "")) if obj is not None else "",
        ip=ip,
    )


def audit_record_many(*, actor: Any, action: str, subjects: list[Any], reason: str = "", ip: str | None = None) -> int:
    """Append one audit event per subject in one statement (a list page that names many people)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the audited transaction (transaction.atomic)")
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    now, label = timezone.now(), _label_for_user(actor_user)
    AuditEvent.objects.bulk_create([
        AuditEvent(at=now, actor=actor_user, actor_label=label, subject=subject,
                   subject_label=f"{subject.name} ({subject.employee_id})", action=action, reason=reason, ip=ip)
        for subject in subjects
    ])
    return len(subjects)


def _label_for_user(user: Any) -> str:
    if user is None:
        return "system"
    person = getattr(user, "person", None)
    if person is not None:
        return f"{person.name} ({person.employee_id})"
    return user.get_username()
