"""The case pages: the social worker's ledger and case page, the actions, the agent's own plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.care.models import Case, CaseStage, CaseTask, SupportRequestStatus
from hearth.care.services import case_refer, support_request_create
from hearth.care.services_cases import (
    case_consent_set,
    case_open,
    case_session_add,
    case_task_add,
)
from hearth.notices.models import Notice
from hearth.people.tests.factories import make_person

NOTES = "夜班后还要照顾母亲，只睡四小时"


@pytest.fixture
def case(cast: Any) -> Case:
    return case_open(person=cast.alice, by=cast.sam, source="social_worker")


def _post(client: Any, name: str, case: Case, data: dict[str, Any] | None = None, follow: bool = True) -> Any:
    return client.post(reverse(name, args=[case.pk]), data or {}, follow=follow)


def test_the_ledger_lists_only_the_readers_cases(cast: Any, case: Case) -> None:
    other_worker = make_person("sol", "social_worker", centre=cast.centre, name="Sol Worker", ui_language="en")
    case_open(person=cast.bob, by=other_worker, source="social_worker")
    response = cast.client_for("sam").get(reverse("care:cases"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.case.pk for r in rows] == [case.pk]
    assert "Sol Worker: <strong>1</strong>" in response.content.decode()


def test_the_ledger_filters_by_stage_and_exports(cast: Any, case: Case) -> None:
    client = cast.client_for("sam")
    assert client.get(reverse("care:cases"), {"stage": "review"}).context["rows"] == []
    export = client.get(reverse("care:cases"), {"export": "csv"})
    assert export.status_code == 200 and cast.alice.name in export.content.decode("utf-8-sig")


def test_another_social_worker_gets_404_on_the_case(cast: Any, case: Case) -> None:
    make_person("sol", "social_worker", centre=cast.centre, ui_language="en")
    assert cast.client_for("sol").get(reverse("care:case", args=[case.pk])).status_code == 404
    assert cast.client_for("sol").post(reverse("care:case_advance", args=[case.pk])).status_code == 404


def test_reading_the_case_is_audited(cast: Any, case: Case) -> None:
    assert cast.client_for("sam").get(reverse("care:case", args=[case.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="case.view", subject=cast.alice).exists()


def test_a_rule_error_is_shown_to_the_social_worker(cast: Any, case: Case) -> None:
    response = _post(cast.client_for("sam"), "care:case_advance", case)
    assert "The agent has not consented to services." in response.content.decode()
    case.refresh_from_db()
    assert case.stage == CaseStage.INTAKE


def test_the_social_worker_walks_a_case_to_closure(cast: Any, case: Case) -> None:
    client = cast.client_for("sam")
    _post(client, "care:case_consent", case, {"kind": "services", "granted": "1"})
    for _ in range(2):
        _post(client, "care:case_advance", case)
    _post(client, "care:case_assessment", case, {"needs": ["belonging"], "support_family": "2",
                                                 "personal_factors": "caring for mother"})
    _post(client, "care:case_goal_add", case, {"description": "Sleep six hours", "indicator": "sleep diary"})
    _post(client, "care:case_task_add", case, {"title": "Keep a sleep diary", "owner": "agent", "due_on": "2026-12-01"})
    _post(client, "care:case_advance", case)
    _post(client, "care:case_session_add", case, {"held_on": "2026-11-20", "kind": "individual", "minutes": "50",
                                                  "techniques": ["active_listening"], "notes": NOTES,
                                                  "summary_for_agent": "Try the diary", "shared": "1"})
    goal = case.goals.get()
    client.post(reverse("care:case_goal_rate", args=[case.pk, goal.pk]), {"attainment": "1"})
    _post(client, "care:case_referral", case, {"service": "eap", "organisation": "EAP Co"})
    _post(client, "care:case_advance", case)
    response = _post(client, "care:case_close", case, {"reason": "goals_met", "satisfaction": "5"})
    case.refresh_from_db()
    goal.refresh_from_db()
    assert case.stage == CaseStage.CLOSED and case.satisfaction == 5 and goal.attainment == 1
    assert case.assessment.support_map["family"] == 2 and case.referrals.count() == 1
    assert NOTES in response.content.decode()
    _post(client, "care:case_reopen", case)
    case.refresh_from_db()
    assert case.stage == CaseStage.ASSESSMENT


def test_only_the_supervisor_approves_the_plan(cast: Any, case: Case) -> None:
    response = _post(cast.client_for("sam"), "care:case_plan_approve", case)
    assert "Only the case&#x27;s supervisor approves its plan." in response.content.decode()


def test_a_case_opens_from_a_support_request(cast: Any) -> None:
    support = support_request_create(person=cast.alice, message="hello")
    client = cast.client_for("sam")
    assert "Open a case" in client.get(reverse("care:request", args=[support.pk])).content.decode()
    response = client.post(reverse("care:request_case", args=[support.pk]))
    case = Case.objects.get(person=cast.alice)
    assert response.url == reverse("care:case", args=[case.pk])
    assert case.source == "self" and case.support_request == support
    support.refresh_from_db()
    assert support.status == SupportRequestStatus.IN_CONTACT


def test_a_social_worker_opens_a_case_for_a_person(cast: Any) -> None:
    client = cast.client_for("sam")
    url = reverse("care:case_new") + f"?person={cast.bob.pk}"
    assert cast.bob.name in client.get(url).content.decode()
    client.post(url, {"person": cast.bob.pk, "kind": "individual"})
    assert Case.objects.get(person=cast.bob).source == "social_worker"


def test_the_agent_ticks_their_own_task_and_never_sees_notes(cast: Any, case: Case) -> None:
    case_consent_set(case=case, kind="services", granted=True, by=cast.sam)
    task = case_task_add(case=case, by=cast.sam, title="Keep a sleep diary", owner="agent")
    worker_task = case_task_add(case=case, by=cast.sam, title="Call EAP provider", owner="worker")
    case_session_add(case=case, by=cast.sam, held_on=date(2026, 11, 20), kind="individual", minutes=50, notes=NOTES,
                     summary_for_agent="Try the diary", shared_with_agent=True)
    client = cast.client_for("alice")
    page = client.get(reverse("care:my_plan")).content.decode()
    assert "Keep a sleep diary" in page and "Try the diary" in page
    assert NOTES not in page and "Call EAP provider" not in page
    client.post(reverse("care:my_task_done", args=[task.pk]), {"done": "1"})
    task.refresh_from_db()
    assert task.done_at is not None
    assert client.post(reverse("care:my_task_done", args=[worker_task.pk]), {"done": "1"}).status_code == 302
    worker_task.refresh_from_db()
    assert worker_task.done_at is None
    assert cast.client_for("bob").post(reverse("care:my_task_done", args=[task.pk])).status_code == 404


def test_the_agent_sees_the_link_to_their_plan(cast: Any, case: Case) -> None:
    assert "My plan with the social worker" in cast.client_for("alice").get(reverse("radar:mine")).content.decode()
    assert "My plan with the social worker" not in cast.client_for("bob").get(reverse("radar:mine")).content.decode()


def test_tasks_count_as_open_and_overdue_in_the_ledger(cast: Any, case: Case) -> None:
    CaseTask.objects.create(case=case, title="late", owner="agent", due_on=date(2020, 1, 1), created_at=case.opened_at)
    row = cast.client_for("sam").get(reverse("care:cases")).context["rows"][0]
    assert (row.open_tasks, row.overdue_tasks) == (1, 1)


def test_a_lead_refers_an_agent_and_learns_nothing_of_the_case(cast: Any) -> None:
    lead = cast.client_for("carol")
    team_url = reverse("radar:team", args=[cast.night.pk])
    assert "Refer to the social worker" in lead.get(team_url).content.decode()
    lead.post(reverse("radar:team_refer", args=[cast.night.pk, cast.alice.pk]), {"concern": "She seems exhausted lately"})
    case = Case.objects.get(person=cast.alice)
    assert case.source == "lead" and case.referred_by == cast.carol and not case.workers.exists()
    assert Notice.objects.filter(person=cast.sam, kind="case_referral_new").exists()
    page = lead.get(team_url).content.decode()
    assert "referred on" in page and "exhausted" not in page
    assert lead.get(reverse("care:case", args=[case.pk])).status_code == 404


def test_a_lead_cannot_put_data_in_a_referral_or_refer_another_team(cast: Any) -> None:
    lead = cast.client_for("carol")
    response = lead.post(reverse("radar:team_refer", args=[cast.night.pk, cast.alice.pk]),
                         {"concern": "call her on 13800138000"}, follow=True)
    assert "no numbers or links" in response.content.decode() and not Case.objects.exists()
    assert lead.post(reverse("radar:team_refer", args=[cast.night.pk, cast.d1.pk]), {"concern": "tired"}).status_code == 404


def test_a_social_worker_sees_only_the_intake_of_an_unassigned_referral_and_takes_it(cast: Any) -> None:
    case = case_refer(person=cast.alice, by=cast.carol, concern="She seems exhausted lately")
    client = cast.client_for("sam")
    page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert "exhausted" in page and "Take this case" in page and "Record consent" not in page
    assert AuditEvent.objects.filter(action="case.view.intake", subject=cast.alice).exists()
    client.post(reverse("care:case_take", args=[case.pk]))
    assert list(case.workers.all()) == [cast.sam]
    assert "Record consent" in client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert client.post(reverse("care:case_take", args=[case.pk])).status_code == 404


def test_a_task_with_an_unreadable_due_date_is_refused_with_a_message(cast) -> None:
    from hearth.care.models import CaseTask
    from hearth.care.services_cases import case_open

    case = case_open(person=cast.alice, by=cast.sam, source="self")
    response = cast.client_for("sam").post(f"/support/cases/{case.pk}/tasks/", {"title": "Sleep diary", "owner": "agent",
                                                                              "due_on": "next friday"}, follow=True)
    assert "Please give the due date as a date" in response.content.decode()
    assert not CaseTask.objects.exists()


def test_the_agent_agrees_to_their_plan_and_the_social_worker_sees_it(cast: Any, case: Case) -> None:
    from hearth.care.services_cases import case_goal_add

    case_goal_add(case=case, by=cast.sam, description="Sleep six hours")
    agent = cast.client_for("alice")
    assert "I agree to this plan" in agent.get(reverse("care:my_plan")).content.decode()
    response = agent.post(reverse("care:my_plan_agree", args=[case.pk]), follow=True)
    assert "You agreed to this plan on" in response.content.decode()
    assert "The agent agreed to the plan on" in cast.client_for("sam").get(reverse("care:case", args=[case.pk])).content.decode()
    # Nobody agrees to someone else's plan.
    assert cast.client_for("bob").post(reverse("care:my_plan_agree", args=[case.pk])).status_code == 404


def test_the_assessment_rates_each_factor_and_names_the_case_type(cast: Any, case: Case) -> None:
    from hearth.care.models import CaseAssessment

    response = _post(cast.client_for("sam"), "care:case_assessment", case, {
        "primary_type": "developmental", "factor_language": "strength", "factor_pay": "concern",
        "needs": ["development"], "personal_factors": "Fluent in Spanish; wants a QA role"})
    assert "Assessment saved." in response.content.decode()
    assessment = CaseAssessment.objects.get(case=case)
    assert assessment.primary_type == "developmental"
    assert assessment.factor_ratings == {"language": "strength", "pay": "concern"}
    bad = _post(cast.client_for("sam"), "care:case_assessment", case, {"factor_pay": "terrible"})
    assert "Rate each factor as a strength, neutral or a concern." in bad.content.decode()
    assert CaseAssessment.objects.get(case=case).factor_ratings == {"language": "strength", "pay": "concern"}
