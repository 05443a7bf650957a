"""What case work achieved: one case's check-ups before and after (audited), outcomes per case type under k."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hearth.assessments.models import Campaign, Invitation
from hearth.assessments.services import invitation_record_past
from hearth.audit.models import AuditEvent
from hearth.care.models import Case
from hearth.care.services_cases import (
    case_assessment_save,
    case_consent_set,
    case_goal_add,
    case_goal_rate,
    case_open,
)


def _work_score(person: Any, level: int, at: datetime) -> None:
    """A CBI check-up whose work-related burnout is level × 25 (w7 is reverse-scored)."""
    campaign = Campaign.objects.create(centre=person.centre, title=f"wave {at:%Y-%m-%d}", instruments=["cbi"],
                                       opens_at=at - timedelta(days=1), closes_at=at + timedelta(days=6))
    invitation = Invitation.objects.create(campaign=campaign, person=person, team=person.team)
    answers = {f"w{i}": level for i in range(1, 7)} | {"w7": 4 - level}
    invitation_record_past(invitation=invitation, answers={"cbi": answers}, submitted_at=at, language="en")


def _case(cast: Any, person: Any, *, before: int, after: int, statistics: bool = True, goal: int | None = 1) -> Case:
    now = timezone.now()
    _work_score(person, before, now - timedelta(days=70))
    case = case_open(person=person, by=cast.sam, source="social_worker")
    Case.objects.filter(pk=case.pk).update(opened_at=now - timedelta(days=60), stage="services")
    case.refresh_from_db()
    case_consent_set(case=case, kind="services", granted=True, by=cast.sam)
    case_consent_set(case=case, kind="statistics", granted=statistics, by=cast.sam)
    case_assessment_save(case=case, by=cast.sam, primary_type="basic")
    if goal is not None:
        case_goal_rate(goal=case_goal_add(case=case, by=cast.sam, description="Sleep"), by=cast.sam, attainment=goal)
    _work_score(person, after, now - timedelta(days=10))
    return case


def test_the_case_page_of_checkups_shows_a_reliable_improvement_and_is_audited(cast: Any) -> None:
    case = _case(cast, cast.alice, before=3, after=1)
    page = cast.client_for("sam").get(reverse("care:case_checkups", args=[case.pk])).content.decode()
    assert "75.0" in page and "25.0" in page and "Reliably better" in page
    assert "T-score over 1 rated goal" in page
    event = AuditEvent.objects.get(action="checkup.scores.view", subject=cast.alice)
    assert event.reason == f"case #{case.pk}"


def test_the_checkups_of_a_case_need_the_services_consent(cast: Any) -> None:
    case = case_open(person=cast.alice, by=cast.sam, source="social_worker")
    response = cast.client_for("sam").get(reverse("care:case_checkups", args=[case.pk]), follow=True)
    assert "has not consented to services" in response.content.decode()
    assert not AuditEvent.objects.filter(action="checkup.scores.view").exists()


def _row(page: str, key: str) -> str:
    start = page.index(f'data-row="{key}"')
    return page[start:page.index("</tr>", start)]


def test_outcomes_show_the_change_of_counted_cases_and_nothing_of_a_group_under_k(cast: Any) -> None:
    agents = [cast.n1, cast.n2, cast.n3, cast.n4, cast.n5, cast.n6]
    for agent, before in zip(agents, (3, 3, 4, 3, 4, 3), strict=True):
        _case(cast, agent, before=before, after=before - 2)
    _case(cast, cast.d1, before=4, after=0, statistics=False)  # did not agree to be counted
    page = cast.client_for("hana").get(reverse("care:outcomes")).content.decode()
    basic = _row(page, "type:basic")
    # Six counted cases: mean work burnout 83.3 → 33.3, everyone reliably better (50 points ≥ 17).
    assert "83.3 → 33.3" in basic and "(n = 6)" in basic and "6 / 0" in basic
    assert "55.0" not in basic and "60.0" in basic  # one goal at +1 for each: T = 60
    belonging = _row(page, "type:belonging")
    assert "Not enough people" in belonging
    for agent in agents:  # no names on the page, only counts
        assert agent.name not in page


def test_withdrawing_the_statistics_consent_takes_the_case_out_and_below_k_hides_everything(cast: Any) -> None:
    agents = [cast.n1, cast.n2, cast.n3, cast.n4, cast.n5]
    cases = [_case(cast, agent, before=3, after=1) for agent in agents]
    client = cast.client_for("max")
    assert "(n = 5)" in _row(client.get(reverse("care:outcomes")).content.decode(), "type:basic")
    case_consent_set(case=cases[0], kind="statistics", granted=False, by=cast.sam)
    basic = _row(client.get(reverse("care:outcomes")).content.decode(), "type:basic")
    assert "(n = " not in basic and "75.0" not in basic and "fewer than k" in basic


def test_the_outcomes_table_exports(cast: Any) -> None:
    response = cast.client_for("sam").get(reverse("care:outcomes") + "?export=csv")
    assert response.status_code == 200
    assert "Hedges' g" in response.content.decode("utf-8-sig")


def test_the_outcomes_page_shows_each_group_programme_anonymously(cast: Any) -> None:
    from hearth.programmes.tests.test_outcomes import FIVE, _finished_group

    programme = _finished_group(cast, counted=FIVE)
    page = cast.client_for("hana").get(reverse("care:outcomes")).content.decode()
    start = page.index(f'data-programme="{programme.pk}"')
    section = page[start:page.index("</section>", start)]
    assert "5 members consented to counting." in section and 'data-g="1.13"' in section
    for name in FIVE:
        assert getattr(cast, name).name not in page


def test_the_outcomes_page_counts_preventive_activity_participation_and_hides_it_under_k(cast: Any) -> None:
    from hearth.activities.models import Activity
    from hearth.activities.services import (
        ActivityDetails,
        Mark,
        activity_create,
        attendance_mark,
        participation_signup,
    )

    now = timezone.now()
    workshops = {}
    for kind, agents in (("business_english", [cast.n1, cast.n2, cast.n3]), ("sports", [cast.d1, cast.d2, cast.d3,
                                                                                         cast.d4, cast.d5, cast.d6])):
        (activity,) = activity_create(centre=cast.centre, by=cast.max, details=ActivityDetails(
            kind=kind, title=kind, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2)))
        for agent in agents:
            participation_signup(activity=activity, person=agent)
        Activity.objects.filter(pk=activity.pk).update(starts_at=now - timedelta(days=3),
                                                       ends_at=now - timedelta(days=3) + timedelta(hours=2))
        activity.refresh_from_db()
        attendance_mark(activity=activity, by=cast.max, marks={a.pk: Mark(attended=True) for a in agents})
        workshops[kind] = activity
    page = cast.client_for("max").get(reverse("care:outcomes")).content.decode()

    def row(kind: str) -> str:
        start = page.index(f'data-kind="{kind}"')
        return page[start:page.index("</tr>", start)]

    assert "fewer than k" in row("business_english")  # three people came: fewer than five
    assert "fewer than k" not in row("sports") and ">6<" in row("sports")
