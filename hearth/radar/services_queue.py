"""The social worker's writes on outreach alerts (snooze, resolve, open a case) and the admin's radar settings.

Each write and its audit event share one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.people.models import Centre, Person
from hearth.radar.models import Alert, AlertStatus, RadarSettings

ACTIONABLE = (AlertStatus.OPEN, AlertStatus.SNOOZED)


class AlertActionError(ValueError):
    """An action that does not apply to the alert (already handled, a note missing, a date in the past)."""


def _handled(alert: Alert, *, by: Person, status: str) -> None:
    if alert.status not in ACTIONABLE:
        raise AlertActionError(f"alert {alert.pk} is already {alert.status}")
    alert.status = status
    alert.handled_by = by
    alert.handled_at = timezone.now()


def alert_snooze(*, alert: Alert, by: Person, until: date) -> Alert:
    """Hide the alert from the queue until `until` (it comes back that day)."""
    if until <= timezone.localdate():
        raise AlertActionError("snooze until a day after today")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _handled(alert, by=by, status=AlertStatus.SNOOZED)
        alert.snoozed_until = until
        alert.save(update_fields=["status", "snoozed_until", "handled_by", "handled_at"])
        audit_record(actor=by.user, action="radar.alert.snooze", subject=alert.person, obj=alert,
                     reason=f"until {until.isoformat()}")
    return alert


def alert_resolve(*, alert: Alert, by: Person, note: str) -> Alert:
    """Close the alert with a note on what was done (required)."""
    note = note.strip()
    if not note:
        raise AlertActionError("a note is required to resolve an alert")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        _handled(alert, by=by, status=AlertStatus.RESOLVED)
        alert.note = note
        alert.snoozed_until = None
        alert.save(update_fields=["status", "note", "snoozed_until", "handled_by", "handled_at"])
        audit_record(actor=by.user, action="radar.alert.resolve", subject=alert.person, obj=alert, reason=note)
    return alert


def alert_case_open(*, alert: Alert, by: Person) -> Any:
    """Open a case (source "radar", this social worker assigned) and mark the alert a case.

    No support request is made: the agent did not ask, and a request would say they had (its audit names
    them as its author, the social workers are told "X asked", the agent "we saw your request").
    Returns the care Case; its id is kept in the alert's params (`case_id`).
    """
    from hearth.care.services_cases import case_open

    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("person").get(pk=alert.pk)
        _handled(alert, by=by, status=AlertStatus.CASE)
        alert.snoozed_until = None
        case = case_open(person=alert.person, by=by, source="radar")
        alert.params = {**(alert.params or {}), "case_id": case.pk}
        alert.save(update_fields=["status", "snoozed_until", "params", "handled_by", "handled_at"])
        audit_record(actor=by.user, action="radar.alert.case", subject=alert.person, obj=alert,
                     reason=f"case {case.pk}")
    return case


def radar_settings_set(*, centre: Centre, by: Person, values: dict[str, Any], risk_overrides: dict[str, Any]) -> RadarSettings:
    """Save the centre's alert thresholds and risk-model overrides (validated by the form beforehand)."""
    with transaction.atomic():
        settings, _ = RadarSettings.objects.select_for_update().get_or_create(centre=centre)
        for name, value in values.items():
            setattr(settings, name, value)
        settings.risk_overrides = risk_overrides
        settings.save()
        audit_record(actor=by.user, action="settings.radar", obj=settings,
                     reason=", ".join(f"{k}={v}" for k, v in values.items()) + f", risk_overrides={risk_overrides}")
    return settings
