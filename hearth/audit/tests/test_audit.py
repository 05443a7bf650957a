"""The audit trail: written with the read it records, readable by admins, changeable by nobody."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.audit.services import audit_record


@pytest.fixture
def event(cast: Any) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=cast.sam.user, action="checkup.scores.view", subject=cast.alice, reason="outreach")


def test_an_event_records_who_whose_when_and_why(cast: Any, event: AuditEvent) -> None:
    assert event.actor == cast.sam.user
    assert event.actor_label == "Sam (sam)" and event.subject_label == "Alice (alice)"
    assert event.reason == "outreach" and event.at is not None


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x")


def test_the_model_refuses_to_change_or_delete_an_event(event: AuditEvent) -> None:
    event.reason = "nothing to see"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET reason = 'changed'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_delete_an_event_even_with_raw_sql(event: AuditEvent, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).reason == "outreach"


def test_admins_read_the_audit_log_and_nobody_else_does(cast: Any, event: AuditEvent) -> None:
    page = cast.client_for("ada").get(reverse("audit:list"))
    assert page.status_code == 200 and "checkup.scores.view" in page.content.decode()
    for name in ("alice", "sam", "hana", "max"):
        assert cast.client_for(name).get(reverse("audit:list")).status_code == 404
