"""The rules of group programmes: templates, invitations, self-enrolment, consent, pairs, rewards, sessions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hearth.audit.models import AuditEvent
from hearth.programmes import services
from hearth.programmes.models import MemberRole, MemberStatus, ProgrammeStatus
from hearth.programmes.services import ProgrammeRuleError
from hearth.programmes.tests.factories import group_with_members


def test_starting_from_the_mentoring_template_copies_its_goals_sessions_and_questionnaire(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring", language="zh-hans")
    assert programme.title == "师徒帮" and programme.mentoring and programme.instrument == "cbi"
    assert programme.goals.count() == 3 and programme.sessions.count() == 6
    assert programme.sessions.first().theme == "相互认识，师徒结对"
    assert list(programme.facilitators.all()) == [cast.sam]
    assert AuditEvent.objects.filter(action="programme.create", reason="mentoring").exists()


def test_a_custom_group_starts_empty_and_needs_a_title(cast: Any) -> None:
    with pytest.raises(ProgrammeRuleError):
        services.programme_create(centre=cast.centre, by=cast.sam)
    programme = services.programme_create(centre=cast.centre, by=cast.sam, title="Night owls", instrument="")
    assert programme.goals.count() == 0 and programme.sessions.count() == 0 and not programme.mentoring


def test_only_a_social_worker_starts_a_group(cast: Any) -> None:
    with pytest.raises(ProgrammeRuleError):
        services.programme_create(centre=cast.centre, by=cast.carol, template="confidence")


def test_an_invited_agent_is_a_member_only_after_accepting(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring")
    membership = services.membership_invite(programme=programme, by=cast.sam, person=cast.alice)
    assert membership.status == MemberStatus.INVITED
    services.membership_respond(membership=membership, accept=False)
    assert membership.status == MemberStatus.DECLINED
    membership = services.membership_invite(programme=programme, by=cast.sam, person=cast.alice)
    services.membership_respond(membership=membership, accept=True)
    assert membership.status == MemberStatus.ACTIVE and not membership.counted
    with pytest.raises(ProgrammeRuleError):
        services.membership_respond(membership=membership, accept=True)


def test_only_a_facilitator_invites(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring")
    with pytest.raises(ProgrammeRuleError):
        services.membership_invite(programme=programme, by=cast.hana, person=cast.alice)


def test_agents_join_an_open_group_until_it_is_full(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="confidence", capacity=2)
    services.membership_join(programme=programme, person=cast.n1)
    services.membership_join(programme=programme, person=cast.n2)
    with pytest.raises(ProgrammeRuleError, match="full"):
        services.membership_join(programme=programme, person=cast.n3)
    invite_only = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring")
    with pytest.raises(ProgrammeRuleError):
        services.membership_join(programme=invite_only, person=cast.n1)


def test_consent_to_counting_is_the_members_and_withdrawing_takes_effect_at_once(cast: Any) -> None:
    programme, members = group_with_members(cast, ["alice"], counted=["alice"])
    assert members["alice"].counted
    services.membership_consent_set(membership=members["alice"], counted=False)
    assert not programme.memberships.get().counted
    assert AuditEvent.objects.filter(action="programme.member.counting.withdrawn", subject=cast.alice).exists()


def test_leaving_the_group_stops_counting(cast: Any) -> None:
    _programme, members = group_with_members(cast, ["alice"], counted=["alice"])
    services.membership_leave(membership=members["alice"])
    assert members["alice"].status == MemberStatus.LEFT and not members["alice"].counted


def test_mentor_pairs_set_roles_and_rewards_go_to_mentors_only(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1", "n2", "n3"], template="mentoring")
    services.pair_add(programme=programme, by=cast.sam, mentor=m["n1"], mentee=m["n2"])
    m["n1"].refresh_from_db()
    m["n2"].refresh_from_db()
    assert (m["n1"].role, m["n2"].role) == (MemberRole.MENTOR, MemberRole.MENTEE)
    with pytest.raises(ProgrammeRuleError):  # a mentee cannot mentor
        services.pair_add(programme=programme, by=cast.sam, mentor=m["n2"], mentee=m["n3"])
    reward = services.reward_add(mentor=m["n1"], by=cast.sam, kind="certificate", awarded_on=date(2026, 11, 30),
                                 note="Patient with every question")
    assert reward.mentor == m["n1"]
    with pytest.raises(ProgrammeRuleError):
        services.reward_add(mentor=m["n2"], by=cast.sam, kind="points", awarded_on=date(2026, 11, 30))


def test_pairs_exist_only_in_a_mentoring_circle(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1", "n2"], template="confidence")
    with pytest.raises(ProgrammeRuleError):
        services.pair_add(programme=programme, by=cast.sam, mentor=m["n1"], mentee=m["n2"])


def test_attendance_is_recorded_once_the_group_runs_and_marks_the_session_held(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1", "n2"])
    session = programme.sessions.first()
    with pytest.raises(ProgrammeRuleError, match="Start the group"):
        services.session_record(session=session, by=cast.sam, held_on=date(2026, 11, 3), minutes=90,
                                attendance={m["n1"].pk: "present"})
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.RUNNING)
    services.session_record(session=session, by=cast.sam, held_on=date(2026, 11, 3), minutes=90,
                            attendance={m["n1"].pk: "present", m["n2"].pk: "excused"}, notes="Warm start")
    session.refresh_from_db()
    assert session.held and session.attendance.count() == 2


def test_attendance_is_refused_for_someone_not_taking_part(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1"])
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.RUNNING)
    outsider = services.membership_invite(programme=programme, by=cast.sam, person=cast.n2)  # invited, not accepted
    with pytest.raises(ProgrammeRuleError):
        services.session_record(session=programme.sessions.first(), by=cast.sam, held_on=date(2026, 11, 3),
                                minutes=90, attendance={outsider.pk: "present"})


def test_a_group_goes_from_planned_to_running_to_ended(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="career")
    with pytest.raises(ProgrammeRuleError):
        services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.ENDED)
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.RUNNING)
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.ENDED)
    assert programme.starts_on is not None and programme.ends_on is not None


def test_goals_are_rated_on_the_gas_scale(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="career")
    goal = programme.goals.first()
    with pytest.raises(ProgrammeRuleError):
        services.programme_goal_rate(goal=goal, by=cast.sam, attainment=3)
    assert services.programme_goal_rate(goal=goal, by=cast.sam, attainment=-1).attainment == -1
