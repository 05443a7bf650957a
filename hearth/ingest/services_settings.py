"""Changing a centre's helpdesk-data privacy settings (audited: it decides what customer text is kept)."""

from __future__ import annotations

from django.db import transaction

from hearth.audit.services import audit_record
from hearth.people.models import Centre


def centre_privacy_set(
    *, centre: Centre, keep_message_text: bool, evidence_retention_days: int,
    business_hours_text: dict[str, list[str]] | None = None, actor: object,
) -> Centre:
    """Record the centre's choice on keeping message text, snippet retention and business hours."""
    with transaction.atomic():
        centre.keep_message_text = keep_message_text
        centre.evidence_retention_days = evidence_retention_days
        centre.business_hours = business_hours_text or {}
        centre.save(update_fields=["keep_message_text", "evidence_retention_days", "business_hours"])
        audit_record(
            actor=actor, action="settings.helpdesk_privacy",
            reason=f"keep_message_text={keep_message_text}, evidence_retention_days={evidence_retention_days}, "
                   f"business_hours={centre.business_hours}",
            obj=centre,
        )
    return centre
