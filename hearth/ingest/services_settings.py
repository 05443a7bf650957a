"""Changing a centre's helpdesk-data privacy settings (audited: it decides what customer text is kept)."""

from __future__ import annotations

from django.db import transaction

from hearth.audit.services import audit_record
from hearth.people.models import Centre


def centre_privacy_set(*, centre: Centre, keep_message_text: bool, evidence_retention_days: int, actor: object) -> Centre:
    """Record the centre's choice on keeping message text and snippet retention."""
    with transaction.atomic():
        centre.keep_message_text = keep_message_text
        centre.evidence_retention_days = evidence_retention_days
        centre.save(update_fields=["keep_message_text", "evidence_retention_days"])
        audit_record(
            actor=actor, action="settings.helpdesk_privacy",
            reason=f"keep_message_text={keep_message_text}, evidence_retention_days={evidence_retention_days}",
            obj=centre,
        )
    return centre
