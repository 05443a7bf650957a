"""Before/after measures through real check-ups, and the anonymous outcome: hidden below k, hand-checkable above."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.assessments.aggregates import aggregate_family
from hearth.assessments.models import Campaign, CampaignPurpose, Invitation, Score
from hearth.assessments.reports import build_report
from hearth.assessments.selectors import campaigns_for_centre, my_results
from hearth.assessments.services import invitation_record_past
from hearth.programmes import services
from hearth.programmes.models import ProgrammeStatus
from hearth.programmes.selectors import programme_outcome, programmes_overview
from hearth.programmes.services import ProgrammeRuleError
from hearth.programmes.tests.factories import answer_cbi, group_with_members

FIVE = ["n1", "n2", "n3", "n4", "n5"]
PRE = {"n1": 3, "n2": 3, "n3": 4, "n4": 2, "n5": 3}  # personal burnout 75, 75, 100, 50, 75
POST = {"n1": 2, "n2": 1, "n3": 3, "n4": 2, "n5": 2}  # 50, 25, 75, 50, 50: mean change −25


def _finished_group(cast: Any, counted: list[str]) -> Any:
    programme, members = group_with_members(cast, FIVE + ["n6"], counted=counted)
    pre = services.programme_measure_send(programme=programme, by=cast.sam, phase="pre")
    for name, value in PRE.items():
        answer_cbi(pre, getattr(cast, name), value)
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.RUNNING)
    first, second = list(programme.sessions.all())[:2]
    present = {"n1": 2, "n2": 2, "n3": 1, "n4": 2, "n5": 0}  # 7 of 10: 70%
    for index, session in enumerate((first, second)):
        marks = {members[n].pk: ("present" if present[n] > index else "absent") for n in FIVE}
        services.session_record(session=session, by=cast.sam, held_on=date(2026, 11, 3 + 7 * index), minutes=90,
                                attendance=marks)
    post = services.programme_measure_send(programme=programme, by=cast.sam, phase="post")
    for name, value in POST.items():
        answer_cbi(post, getattr(cast, name), value)
    for goal, rating in zip(programme.goals.all(), [1, 1, 0], strict=True):
        services.programme_goal_rate(goal=goal, by=cast.sam, attainment=rating)
    programme.refresh_from_db()
    return programme


def test_the_measures_invite_exactly_the_members_and_are_not_team_checkups(cast: Any) -> None:
    programme, _members = group_with_members(cast, ["n1", "n2"])
    services.membership_invite(programme=programme, by=cast.sam, person=cast.n3)  # invited, not yet in
    campaign = services.programme_measure_send(programme=programme, by=cast.sam, phase="pre")
    assert campaign.purpose == CampaignPurpose.PROGRAMME and not campaign.teams.exists()
    assert set(Invitation.objects.filter(campaign=campaign).values_list("person__employee_id", flat=True)) == {
        cast.n1.employee_id, cast.n2.employee_id}
    assert campaign not in campaigns_for_centre(centre_id=cast.centre.pk)
    answer_cbi(campaign, cast.n1, 2)
    assert all(period != campaign.pk for period, _key in aggregate_family(
        centre=cast.centre, instrument="cbi", subscale="personal"))
    report = build_report(person=cast.hana, params={}, allowed_team_ids=None, language="en")
    assert campaign not in report["periods"]


def test_a_member_who_joins_later_gets_the_open_measure_when_it_is_sent_again(cast: Any) -> None:
    programme, _members = group_with_members(cast, ["n1"])
    campaign = services.programme_measure_send(programme=programme, by=cast.sam, phase="pre")
    membership = services.membership_invite(programme=programme, by=cast.sam, person=cast.n2)
    services.membership_respond(membership=membership, accept=True)
    assert services.programme_measure_send(programme=programme, by=cast.sam, phase="pre") == campaign
    assert Invitation.objects.filter(campaign=campaign).count() == 2
    assert Campaign.objects.filter(purpose=CampaignPurpose.PROGRAMME).count() == 1


def test_the_member_sees_their_own_result_of_the_group_measure(cast: Any) -> None:
    programme, _members = group_with_members(cast, ["n1"])
    campaign = services.programme_measure_send(programme=programme, by=cast.sam, phase="pre")
    answer_cbi(campaign, cast.n1, 3)
    result = my_results(person=cast.n1)[-1]
    assert result.invitation.campaign == campaign
    assert next(s.value for s in result.subscales if s.subscale_id == "personal") == 75


def test_the_after_measure_needs_the_before_one_and_a_running_group(cast: Any) -> None:
    programme, _members = group_with_members(cast, ["n1"])
    with pytest.raises(ProgrammeRuleError):
        services.programme_measure_send(programme=programme, by=cast.sam, phase="post")


def test_the_outcome_shows_nothing_when_fewer_than_k_members_consented(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE[:4])
    outcome = programme_outcome(programme=programme)
    assert not outcome.released and outcome.k == 5
    assert outcome.counted is None and outcome.changes == () and outcome.attendance is None and outcome.goal_t is None
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert "Not enough members consented to counting (fewer than 5)" in page
    assert "Hedges" not in page


def test_the_outcome_above_k_gives_the_hand_computed_change_attendance_and_goals(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE)  # n6 takes part but is not counted
    outcome = programme_outcome(programme=programme)
    assert outcome.released and outcome.counted == 5
    personal = next(c.result for c in outcome.changes if c.subscale_id == "personal")
    assert personal.n == 5 and personal.mean_before == 75 and personal.mean_after == 50
    assert personal.mean_change == -25 and (personal.improved, personal.worsened) == (4, 0)
    # Both SDs are √312.5 ≈ 17.68: d_av = 25 / 17.68 = √2, and J = 1 − 3/15 = 0.8.
    assert personal.d_av == pytest.approx(2 ** 0.5)
    assert personal.g_av == pytest.approx(0.8 * 2 ** 0.5)
    assert personal.g_ci_low < personal.g_av < personal.g_ci_high
    assert personal.reliable_change == 17.0  # the CBI's reliable change, as the radar counts it (25 ≥ 17: improved)
    assert outcome.attendance is not None and outcome.attendance.mean_rate == pytest.approx(0.7)
    assert outcome.attendance.sessions_held == 2
    # Goals rated +1, +1, 0: T = 50 + 10·2/√(0.7·3 + 0.3·9) = 50 + 20/√4.8
    assert outcome.goal_t == pytest.approx(50 + 20 / 4.8 ** 0.5)
    assert "rates" not in outcome.to_dict()["attendance"]
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert "5 members consented to counting." in page and 'data-g="1.13"' in page and "70%" in page


def _personal_checkup(person: Any, level: int, at: datetime) -> None:
    """A regular CBI check-up (not the group's) whose personal burnout is level × 25."""
    campaign = Campaign.objects.create(centre=person.centre, title=f"wave {at:%Y-%m-%d}", instruments=["cbi"],
                                       opens_at=at - timedelta(days=1), closes_at=at + timedelta(days=6))
    invitation = Invitation.objects.create(campaign=campaign, person=person, team=person.team)
    invitation_record_past(invitation=invitation, answers={"cbi": {f"p{i}": level for i in range(1, 7)}},
                           submitted_at=at, language="en")


def test_time_to_improvement_counts_regular_checkups_between_the_before_and_after_measures(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE)
    began = timezone.now() - timedelta(days=40)
    Score.objects.filter(campaign=programme.pre_campaign).update(submitted_at=began)
    Score.objects.filter(campaign=programme.post_campaign).update(submitted_at=began + timedelta(days=40))
    # Before 75, 75, 100, 50, 75. Check-ups in between: n1 better by day 7 (50), n2 and n3 by day 14 (25, 75);
    # n4 unchanged at 50 on day 14. At the after-measure (day 40) n5 is better too; n4 never is (censored).
    _personal_checkup(cast.n1, 2, began + timedelta(days=7))
    _personal_checkup(cast.n2, 1, began + timedelta(days=14))
    _personal_checkup(cast.n3, 3, began + timedelta(days=14))
    _personal_checkup(cast.n4, 2, began + timedelta(days=14))
    _personal_checkup(cast.n6, 0, began + timedelta(days=3))  # not counted: never in the figures
    _personal_checkup(cast.n1, 4, began - timedelta(days=5))  # before the group: not a follow-up
    personal = next(c for c in programme_outcome(programme=programme).changes if c.subscale_id == "personal")
    improvement = personal.improvement
    assert improvement is not None and improvement.released
    # Kaplan–Meier: day 7, 1 of 5 → 0.8; day 14, 2 of 4 → 0.4 (median 14); day 40, 1 of 2 → 0.2.
    assert (improvement.n, improvement.improved, improvement.censored) == (5, 4, 1)
    assert improvement.median_days == 14
    assert [(p.day, round(p.survival, 3)) for p in improvement.curve] == [(0, 1.0), (7, 0.8), (14, 0.4), (40, 0.2)]
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert 'data-improvement="personal">14 <span class="muted">(4 of 5 improved)' in page


def test_time_to_improvement_is_hidden_when_fewer_than_k_members_have_a_later_score(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE)
    Score.objects.filter(campaign=programme.post_campaign, person=cast.n5).delete()  # 4 followed, k = 5
    outcome = programme_outcome(programme=programme)
    personal = next(c for c in outcome.changes if c.subscale_id == "personal")
    assert outcome.released and personal.improvement is not None and not personal.improvement.released
    assert personal.improvement.median_days is None and personal.improvement.curve == ()


def test_withdrawing_consent_takes_the_outcome_below_k_at_once(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE)
    services.membership_consent_set(membership=programme.memberships.get(person=cast.n1), counted=False)
    assert not programme_outcome(programme=programme).released


def test_the_overview_hides_member_counts_below_k_and_names_nobody(cast: Any) -> None:
    programme = _finished_group(cast, counted=FIVE)
    small, _m = group_with_members(cast, ["d1", "d2"])
    rows = {row.programme.pk: row for row in programmes_overview(centre=cast.centre)}
    assert rows[programme.pk].members == 6 and rows[programme.pk].outcome.released
    assert rows[small.pk].members is None and not rows[small.pk].outcome.released
    page = cast.client_for("carol").get("/programmes/overview/").content.decode()
    assert "fewer than 5" in page and 'data-g="1.13"' in page
    assert "Night agent" not in page and "Day agent" not in page
