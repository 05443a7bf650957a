"""Reading the audit trail (admins only; the view enforces that).

Admins need to see that sensitive data is read properly — who read, what, when, how often — but not whose
help-seeking, diary, risk or case it was: that someone has a case, shares a diary entry or is on the
outreach queue is itself sensitive. So on every screen an admin has (the audit page and the Django admin),
events of the SENSITIVE families show their subject as a stable pseudonym (the same person is always the same
P-… code, so patterns of reading stay visible), an actor acting on their own data as that pseudonym too, and
no reason. The full entries stay in the append-only table for an investigation under the centre's own
procedure. Each admin sees only their own centre's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hearth.audit.models import AuditEvent

# Families whose subject's identity is sensitive: case work, the diary and buddy, requests for a conversation,
# individual check-up scores, consent to outreach, radar alerts, membership and progress in group programmes —
# and views of one agent's daily load, which the social worker opens from an alert (a named load view next to a
# coded alert view would give the code away).
SENSITIVE_PREFIXES = (
    "case.", "diary.", "buddy.", "support_request.", "checkup.scores.", "consent.", "radar.alert.",
    "programme.member.", "programme.pair.", "programme.phase.", "load.view",
)
SENSITIVE_ACTIONS = frozenset({"programme.members.view", "programme.complete", "programme.reward.add"})


def is_sensitive(action: str) -> bool:
    """Whether an event of this action names someone whose identity an admin must not learn from the log."""
    return action.startswith(SENSITIVE_PREFIXES) or action in SENSITIVE_ACTIONS


def sensitive_q() -> Q:
    q = Q(action__in=SENSITIVE_ACTIONS)
    for prefix in SENSITIVE_PREFIXES:
        q |= Q(action__startswith=prefix)
    return q


def pseudonym(person_id: int) -> str:
    """A stable code for a person in the audit log (keyed on the installation's secret: not reversible there)."""
    return "P-" + salted_hmac("hearth.audit.pseudonym", str(person_id)).hexdigest()[:8].upper()


def audit_event_list(*, centre_id: int, action: str = "", subject_id: int | None = None) -> QuerySet[AuditEvent]:
    """The centre's audit events, newest first, optionally for one action or one person.

    Filtering by a person lists only their non-sensitive events: a list of someone's sensitive events would
    say what the pseudonym hides.
    """
    events = AuditEvent.objects.select_related("actor__person", "subject").filter(
        Q(subject__centre_id=centre_id) | Q(subject__isnull=True, actor__person__centre_id=centre_id))
    if action:
        events = events.filter(action=action)
    if subject_id is not None:
        events = events.filter(subject_id=subject_id).exclude(sensitive_q())
    return events.order_by("-at", "-id")


@dataclass(frozen=True)
class AuditRow:
    """One event as an admin sees it."""

    at: datetime
    actor: str
    action: str
    subject: str
    reason: str
    confidential: bool


def audit_row(event: AuditEvent) -> AuditRow:
    """The event with a sensitive subject shown as a pseudonym (and an actor acting on their own data too)."""
    if not is_sensitive(event.action) or event.subject_id is None:
        return AuditRow(event.at, event.actor_label, event.action, event.subject_label, event.reason, False)
    code = pseudonym(event.subject_id)
    actor_person = getattr(event.actor, "person", None) if event.actor_id else None
    own = actor_person is not None and actor_person.pk == event.subject_id
    return AuditRow(event.at, code if own else event.actor_label, event.action, code,
                    _("(confidential)") if event.reason else "", True)


def audit_views_of(*, subject_id: int, actions: tuple[str, ...] = ("checkup.scores.view",), limit: int = 50) -> list[AuditEvent]:
    """Who opened a person's sensitive data, newest first (shown to the person and their social worker)."""
    return list(
        AuditEvent.objects.filter(subject_id=subject_id, action__in=actions).order_by("-at", "-id")[:limit]
    )
