"""Case work: the workflow and its rules, consent that gates it, approvals, encrypted notes, who may read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.http import Http404

from hearth.audit.models import AuditEvent
from hearth.care.access import access_case
from hearth.care.models import CaseSession, CaseStage
from hearth.care.services_cases import (
    CaseRuleError,
    care_settings,
    case_advance,
    case_close,
    case_close_approve,
    case_consent_set,
    case_open,
    case_plan_approve,
    case_reopen,
    case_session_add,
)
from hearth.people.tests.factories import make_person

NOTES = "她说家里母亲生病，夜班后还要照顾，已经连续两周只睡四小时"


@pytest.fixture
def supervisor(cast: Any) -> Any:
    return make_person("sue", "social_worker", centre=cast.centre, name="Sue Supervisor", ui_language="en")


def _to_services(case: Any, by: Any) -> None:
    case_consent_set(case=case, kind="services", granted=True, by=by)
    for _ in range(3):  # intake → assessment → plan → services
        case_advance(case=case, by=by)


def test_a_case_moves_through_the_stages_and_closes_with_an_audit_trail(cast: Any) -> None:
    case = case_open(person=cast.alice, by=cast.sam, source="self")
    assert case.stage == CaseStage.INTAKE and list(case.workers.all()) == [cast.sam]
    _to_services(case, cast.sam)
    assert case.stage == CaseStage.SERVICES
    case_session_add(case=case, by=cast.sam, held_on=date(2026, 11, 20), kind="individual", minutes=50,
                     techniques=["active_listening", "cognitive_reframing"], notes=NOTES)
    case_advance(case=case, by=cast.sam)
    case_close(case=case, by=cast.sam, reason="goals_met", satisfaction=5)
    assert case.stage == CaseStage.CLOSED and case.first_contact_at is not None
    case_reopen(case=case, by=cast.sam)
    assert case.stage == CaseStage.ASSESSMENT and case.reopened == 1
    actions = list(AuditEvent.objects.filter(subject=cast.alice).values_list("action", flat=True))
    assert {"case.open", "case.consent.services.granted", "case.stage.services", "case.session.add", "case.close",
            "case.reopen"} <= set(actions)


def test_nothing_moves_past_intake_without_consent_and_withdrawal_stops_sessions(cast: Any) -> None:
    case = case_open(person=cast.alice, by=cast.sam, source="social_worker")
    with pytest.raises(CaseRuleError, match="consented to services"):
        case_advance(case=case, by=cast.sam)
    _to_services(case, cast.sam)
    case_consent_set(case=case, kind="services", granted=False, by=cast.sam)
    with pytest.raises(CaseRuleError, match="withdrew"):
        case_session_add(case=case, by=cast.sam, held_on=date(2026, 11, 20), kind="phone", minutes=20)


def test_with_approvals_on_the_supervisor_approves_the_plan_and_the_closure(cast: Any, supervisor: Any) -> None:
    settings = care_settings(centre_id=cast.centre.pk)
    settings.approvals = True
    settings.save()
    case = case_open(person=cast.alice, by=cast.sam, source="self", supervisor=supervisor)
    case_consent_set(case=case, kind="services", granted=True, by=cast.sam)
    case_advance(case=case, by=cast.sam)
    case_advance(case=case, by=cast.sam)  # at the plan
    with pytest.raises(CaseRuleError, match="not approved"):
        case_advance(case=case, by=cast.sam)
    with pytest.raises(CaseRuleError, match="supervisor"):
        case_plan_approve(case=case, by=cast.sam)
    case_plan_approve(case=case, by=supervisor)
    case_advance(case=case, by=cast.sam)
    case_advance(case=case, by=cast.sam)  # review
    case_close(case=case, by=cast.sam, reason="goals_met")
    assert case.stage == CaseStage.REVIEW and case.closure_requested_at is not None
    case_close_approve(case=case, by=supervisor)
    assert case.stage == CaseStage.CLOSED and case.closure_approved_by == supervisor


def test_a_team_leads_referral_carries_a_concern_and_waits_for_a_social_worker(cast: Any) -> None:
    case = case_open(person=cast.alice, by=cast.carol, source="lead", concern="She seemed shaken after last night.")
    assert case.workers.count() == 0 and case.referred_by == cast.carol
    with pytest.raises(CaseRuleError):
        case_open(person=cast.alice, by=cast.carol, source="self")  # a lead cannot open a case herself
    with pytest.raises(Http404):
        access_case(cast.carol, case.pk)  # and never reads it


def test_session_notes_are_unreadable_in_the_database(cast: Any) -> None:
    case = case_open(person=cast.alice, by=cast.sam, source="self")
    _to_services(case, cast.sam)
    session = case_session_add(case=case, by=cast.sam, held_on=date(2026, 11, 20), kind="individual", minutes=60,
                               notes=NOTES, next_step="约下周三家庭会谈", summary_for_agent="我们一起梳理了排班")
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, next_step, summary_for_agent FROM care_casesession WHERE id = %s", [session.pk])
        row = cursor.fetchone()
    assert all(str(v).startswith("enc1:") for v in row)
    assert not any(word in "".join(map(str, row)) for word in ("母亲", "夜班", "家庭", "排班"))
    assert CaseSession.objects.get(pk=session.pk).notes == NOTES


@pytest.mark.parametrize("reader", ["carol", "hana", "max", "ada", "tina", "alice", "bob"])
def test_only_the_cases_social_workers_and_supervisor_read_it(cast: Any, supervisor: Any, reader: str) -> None:
    case = case_open(person=cast.alice, by=cast.sam, source="self", supervisor=supervisor)
    with pytest.raises(Http404):
        access_case(getattr(cast, reader), case.pk)
    assert access_case(cast.sam, case.pk) == case
    assert access_case(supervisor, case.pk) == case
    assert AuditEvent.objects.filter(action="case.view", subject=cast.alice).count() == 2


def test_the_plan_has_goals_and_tasks_the_agent_ticks_their_own(cast: Any) -> None:
    from hearth.care.services_cases import (
        case_assessment_save,
        case_goal_add,
        case_goal_rate,
        case_plan_agree,
        case_referral_save,
        case_task_add,
        case_task_done,
    )

    case = case_open(person=cast.alice, by=cast.sam, source="self")
    _to_services(case, cast.sam)
    case_assessment_save(case=case, by=cast.sam, personal_factors="夜班后还要照顾家人", needs=["health_safety"],
                         support_map={"family": 2, "mentor": 0})
    goal = case_goal_add(case=case, by=cast.sam, description="Sleep 6 hours on work days", indicator="sleep diary")
    mine = case_task_add(case=case, by=cast.sam, title="Keep a sleep diary for two weeks", owner="agent",
                         due_on=date(2026, 12, 6))
    theirs = case_task_add(case=case, by=cast.sam, title="Ask the lead about day shifts", owner="worker")
    case_plan_agree(case=case, by=cast.alice)
    case_task_done(task=mine, by=cast.alice)
    with pytest.raises(CaseRuleError):
        case_task_done(task=theirs, by=cast.alice)
    with pytest.raises(CaseRuleError):
        case_task_done(task=mine, by=cast.bob)
    case_goal_rate(goal=goal, by=cast.sam, attainment=1)
    referral = case_referral_save(case=case, by=cast.sam, service="medical", status="made", organisation="Sleep clinic")
    case_referral_save(case=case, by=cast.sam, service="medical", status="completed", referral=referral)
    mine.refresh_from_db()
    assert mine.done_at is not None and case.plan_agreed_at is not None
    assert referral.status == "completed" and case.referrals.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT personal_factors FROM care_caseassessment WHERE case_id = %s", [case.pk])
        assert "照顾" not in cursor.fetchone()[0]
    with pytest.raises(CaseRuleError):
        case_goal_rate(goal=goal, by=cast.sam, attainment=3)
