"""The audit trail: written with the read it records, readable by admins, changeable by nobody."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.audit.selectors import pseudonym
from hearth.audit.services import audit_record
from hearth.people.models import Centre, Person


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


def _audit(**fields: Any) -> AuditEvent:
    with transaction.atomic():
        return audit_record(**fields)


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [row for row in body.split("<tr")[1:]]


def test_admins_see_who_read_sensitive_data_but_the_person_concerned_only_as_a_code(cast: Any) -> None:
    _audit(actor=cast.sam.user, action="case.view", subject=cast.alice, reason="case #7")
    _audit(actor=cast.sam.user, action="case.session.add", subject=cast.alice, reason="case #7")
    _audit(actor=cast.alice.user, action="diary.share", subject=cast.alice, reason="social_worker")
    _audit(actor=cast.sam.user, action="case.view", subject=cast.bob, reason="case #8")
    _audit(actor=cast.sam.user, action="load.view", subject=cast.bob, reason="daily load")
    _audit(actor=cast.max.user, action="person.status", subject=cast.bob, reason="left")
    page = cast.client_for("ada").get(reverse("audit:list")).content.decode()
    rows = _rows(page)
    sensitive = [r for r in rows if "data-confidential" in r]
    assert len(sensitive) == 5
    assert all("Alice" not in r and "Bob" not in r and "case #" not in r and "social_worker" not in r
               for r in sensitive)
    alice, bob = pseudonym(cast.alice.pk), pseudonym(cast.bob.pk)
    assert alice != bob and page.count(alice) == 4  # two reads of her case, and her own share (as actor and whose)
    assert "Sam (sam)" in sensitive[-1]  # who read is plain: that is what the log is for
    plain = next(r for r in rows if "person.status" in r)
    assert "Bob (bob)" in plain and "left" in plain


def test_filtering_the_log_by_a_person_lists_only_their_non_sensitive_events(cast: Any) -> None:
    _audit(actor=cast.sam.user, action="case.view", subject=cast.alice, reason="case #7")
    _audit(actor=cast.max.user, action="person.status", subject=cast.alice, reason="on leave")
    page = cast.client_for("ada").get(reverse("audit:list"), {"subject": cast.alice.pk}).content.decode()
    rows = _rows(page)
    assert len(rows) == 1 and "person.status" in rows[0]


def test_an_admin_reads_only_their_own_centres_events(cast: Any) -> None:
    other = Centre.objects.create(name="Another centre")
    stranger = Person.objects.create(centre=other, employee_id="x1", name="Xavier")
    _audit(actor=None, action="person.status", subject=stranger, reason="left")
    _audit(actor=cast.max.user, action="person.status", subject=cast.bob, reason="left")
    page = cast.client_for("ada").get(reverse("audit:list")).content.decode()
    assert "Bob (bob)" in page and "Xavier" not in page


def test_the_django_admin_never_lists_sensitive_events(cast: Any) -> None:
    cast.ada.user.is_staff = cast.ada.user.is_superuser = True
    cast.ada.user.save()
    _audit(actor=cast.sam.user, action="case.view", subject=cast.alice, reason="case #7")
    _audit(actor=cast.max.user, action="person.status", subject=cast.bob, reason="left")
    page = cast.client_for("ada").get("/admin/audit/auditevent/").content.decode()
    assert "person.status" in page and "case.view" not in page and "Alice (alice)" not in page
