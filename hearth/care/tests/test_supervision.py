"""Supervision and the centre's rules: the case supervisor, the settings page, break-glass reads, the ledger."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.care.services import case_refer
from hearth.care.services_cases import (
    CaseRuleError,
    care_settings,
    care_settings_update,
    case_open,
    case_session_add,
)
from hearth.notices.models import Notice
from hearth.people.tests.factories import make_person

REASON = "Her team lead reports she said she wants to end her life; the social worker is on leave"


@pytest.fixture
def supervisor(cast: Any) -> Any:
    return make_person("sue", "social_worker", centre=cast.centre, ui_language="en", name="Sue Supervisor")


@pytest.fixture
def case(cast: Any) -> Any:
    case = case_open(person=cast.alice, by=cast.sam, source="social_worker")
    from hearth.care.services_cases import case_consent_set

    case_consent_set(case=case, kind="services", granted=True, by=cast.sam)
    case_session_add(case=case, by=cast.sam, held_on=case.opened_at.date(), kind="individual", minutes=50,
                     notes="Talked about the illness of her mother")
    return case


def test_the_social_worker_names_a_supervisor_who_can_then_read_the_case(cast: Any, case: Any, supervisor: Any) -> None:
    assert cast.client_for("sue").get(reverse("care:case", args=[case.pk])).status_code == 404
    cast.client_for("sam").post(reverse("care:case_supervisor", args=[case.pk]), {"supervisor": str(supervisor.pk)})
    page = cast.client_for("sue").get(reverse("care:case", args=[case.pk])).content.decode()
    assert "illness of her mother" in page


def test_a_worker_of_the_case_cannot_be_its_supervisor(cast: Any, case: Any) -> None:
    response = cast.client_for("sam").post(reverse("care:case_supervisor", args=[case.pk]),
                                           {"supervisor": str(cast.sam.pk)}, follow=True)
    assert "not one who works the case" in response.content.decode()
    case.refresh_from_db()
    assert case.supervisor_id is None


def test_new_cases_are_supervised_by_the_centres_supervisor(cast: Any, supervisor: Any) -> None:
    care_settings_update(centre_id=cast.centre.pk, by=cast.max, approvals=True, break_glass=False, supervisor=supervisor)
    case = case_open(person=cast.bob, by=cast.sam, source="social_worker")
    assert case.supervisor == supervisor


def test_the_manager_turns_approvals_on_but_break_glass_needs_a_supervisor(cast: Any, supervisor: Any) -> None:
    client = cast.client_for("max")
    response = client.post(reverse("care:settings"), {"approvals": "1", "break_glass": "1"}, follow=True)
    assert "name the social-work supervisor first" in response.content.decode()
    assert not care_settings(centre_id=cast.centre.pk).break_glass
    client.post(reverse("care:settings"), {"approvals": "1", "break_glass": "1", "supervisor": str(supervisor.pk)})
    settings = care_settings(centre_id=cast.centre.pk)
    assert settings.approvals and settings.break_glass and settings.supervisor == supervisor
    assert AuditEvent.objects.filter(action="care.settings.update").exists()


def test_an_admin_cannot_read_a_case_without_break_glass(cast: Any, case: Any) -> None:
    admin = cast.client_for("ada")
    assert admin.get(reverse("care:case", args=[case.pk])).status_code == 404
    assert admin.get(reverse("care:break_glass")).status_code == 404


def test_a_break_glass_read_needs_a_reason_is_audited_and_tells_the_supervisor(
    cast: Any, case: Any, supervisor: Any,
) -> None:
    care_settings_update(centre_id=cast.centre.pk, by=cast.max, approvals=False, break_glass=True, supervisor=supervisor)
    admin = cast.client_for("ada")
    short = admin.post(reverse("care:break_glass"), {"employee_id": cast.alice.employee_id, "reason": "urgent"})
    assert "illness of her mother" not in short.content.decode()
    assert "at least 20 characters" in short.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="case.break_glass").exists()

    page = admin.post(reverse("care:break_glass"), {"employee_id": cast.alice.employee_id, "reason": REASON})
    text = page.content.decode()
    assert "illness of her mother" in text and "Break-glass read" in text
    assert "inert" in text  # shown read-only: nothing on the page can be pressed
    event = AuditEvent.objects.get(action="case.break_glass")
    assert event.reason == REASON and event.actor.username == "ada" and event.subject == cast.alice
    notice = Notice.objects.get(person=supervisor, kind="case_break_glass")
    assert notice.params["reason"] == REASON and notice.params["admin"] == cast.ada.name


def test_a_break_glass_look_up_of_someone_without_a_case_is_recorded(cast: Any, supervisor: Any) -> None:
    care_settings_update(centre_id=cast.centre.pk, by=cast.max, approvals=False, break_glass=True, supervisor=supervisor)
    response = cast.client_for("ada").post(reverse("care:break_glass"),
                                           {"employee_id": cast.bob.employee_id, "reason": REASON}, follow=True)
    assert "no case found" in response.content.decode()
    assert AuditEvent.objects.filter(action="case.break_glass.none", subject=cast.bob).count() == 1


def test_waiting_referrals_are_in_every_social_workers_ledger(cast: Any, supervisor: Any) -> None:
    case = case_refer(person=cast.bob, by=cast.carol, concern="Quiet lately")
    page = cast.client_for("sue").get(reverse("care:cases")).content.decode()
    assert "Waiting for a social worker" in page and f"#{case.pk}" in page
    cast.client_for("sam").post(reverse("care:case_take", args=[case.pk]))
    page = cast.client_for("sue").get(reverse("care:cases")).content.decode()
    assert f"#{case.pk}" not in page  # taken: now only Sam's (and a supervisor's, if named)


def test_only_social_workers_supervise(cast: Any, case: Any) -> None:
    from hearth.care.services_cases import case_supervisor_set

    with pytest.raises(CaseRuleError):
        case_supervisor_set(case=case, supervisor=cast.hana, by=cast.sam)
