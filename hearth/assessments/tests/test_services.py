"""Check-up services: scheduling, inviting, saving and resuming, scoring, reminders, next waves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from hearth.assessments import services
from hearth.assessments.models import Campaign, Invitation, InvitationStatus, Recurrence, Score
from hearth.assessments.selectors import my_results, outreach_consent_current
from hearth.audit.models import AuditEvent
from hearth.notices.models import Notice
from hearth.people.models import PersonStatus

ALL_CBI_THREE = {f"p{i}": 3 for i in range(1, 7)} | {f"w{i}": 3 for i in range(1, 7)} | {"w7": 1} | {f"c{i}": 2 for i in range(1, 7)}


def test_opening_a_campaign_invites_active_members_of_its_teams_and_sub_teams(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.n7.status = PersonStatus.LEFT
    cast.n7.save()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_create(
            centre=cast.centre, created_by=cast.hana, title="Night only", instruments=["cbi"], teams=[cast.night],
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=5),
        )
    invited = set(campaign.invitations.values_list("person__employee_id", flat=True))
    assert {"alice", "bob", "n1", "n5", "n6", "carol"} <= invited  # n5, n6 are in the Night EU sub-team
    assert "n7" not in invited  # left the centre
    assert not invited & {"d1", "sam", "hana"}
    assert Notice.objects.filter(person=cast.alice, kind="checkup_open").count() == 1
    assert any(cast.alice.email in m.to for m in mail.outbox)


def test_a_campaign_opened_twice_invites_nobody_twice(cast: Any, open_campaign: Campaign) -> None:
    before = open_campaign.invitations.count()
    assert services.campaign_open(campaign=open_campaign) == 0
    assert open_campaign.invitations.count() == before
    assert Notice.objects.filter(person=cast.alice, kind="checkup_open").count() == 1


def test_a_future_campaign_opens_on_the_tick_that_reaches_its_open_date(cast: Any) -> None:
    now = timezone.now()
    campaign = services.campaign_create(
        centre=cast.centre, created_by=cast.hana, title="Later", instruments=["cbi"], teams=[cast.day],
        opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9),
    )
    assert campaign.invitations.count() == 0
    services.campaigns_tick(now=now + timedelta(days=2, minutes=1))
    assert campaign.invitations.count() == 7  # six agents and their lead


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"instruments": []}, "questionnaire"),
        ({"instruments": ["mbi"]}, "mbi"),
        ({"teams": []}, "team"),
        ({"closes_offset": -1}, "close"),
    ],
)
def test_a_campaign_that_makes_no_sense_is_refused_with_a_reason(cast: Any, kwargs: dict[str, Any], message: str) -> None:
    now = timezone.now()
    closes = now + timedelta(days=kwargs.pop("closes_offset", 7))
    args = {"instruments": ["cbi"], "teams": [cast.day], **kwargs}
    with pytest.raises(services.CheckupError, match=message):
        services.campaign_create(centre=cast.centre, created_by=cast.hana, title="x", opens_at=now, closes_at=closes, **args)
    assert Campaign.objects.count() == 0


def test_answers_are_saved_and_resumed_and_scored_on_submit(cast: Any, open_campaign: Campaign) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    first_half = {k: v for k, v in ALL_CBI_THREE.items() if k.startswith("p")}
    services.invitation_save(invitation=invitation, instrument_id="cbi", answers=first_half, language="zh-hans")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.IN_PROGRESS
    rest = {k: v for k, v in ALL_CBI_THREE.items() if not k.startswith("p")}
    services.invitation_save(invitation=invitation, instrument_id="cbi", answers=rest, language="zh-hans")
    services.invitation_submit(invitation=invitation)
    scores = {s.subscale: s for s in Score.objects.filter(invitation=invitation)}
    assert scores["personal"].value == 75.0 and scores["personal"].band == "high"
    assert scores["work"].value == pytest.approx(75.0)  # six items at 75 and w7 reversed: 25 × (4 − 1) = 75
    assert scores["client"].value == 50.0 and scores["client"].band == "moderate"


def test_an_answer_outside_the_options_is_refused_and_nothing_is_stored(cast: Any, open_campaign: Campaign) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    with pytest.raises(services.CheckupError):
        services.invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 9}, language="en")
    assert not hasattr(invitation, "response") or invitation.response.answers == {}


def test_a_submitted_or_closed_check_up_cannot_be_changed(cast: Any, open_campaign: Campaign) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    services.invitation_save(invitation=invitation, instrument_id="cbi", answers=ALL_CBI_THREE, language="en")
    services.invitation_submit(invitation=invitation)
    with pytest.raises(services.CheckupError, match="already"):
        services.invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 0}, language="en")
    other = Invitation.objects.get(campaign=open_campaign, person=cast.bob)
    Campaign.objects.filter(pk=open_campaign.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    other.refresh_from_db()
    with pytest.raises(services.CheckupError, match="closed"):
        services.invitation_save(invitation=other, instrument_id="cbi", answers={"p1": 0}, language="en")


def test_submitting_with_nothing_answered_is_refused(cast: Any, open_campaign: Campaign) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    with pytest.raises(services.CheckupError, match="at least one"):
        services.invitation_submit(invitation=invitation)


def test_reminders_go_halfway_and_on_the_last_day_only_to_those_who_have_not_submitted(cast: Any, open_campaign: Campaign) -> None:
    done = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    services.invitation_save(invitation=done, instrument_id="cbi", answers=ALL_CBI_THREE, language="en")
    services.invitation_submit(invitation=done)
    start = open_campaign.opens_at
    assert services.invitations_remind(now=start + timedelta(hours=1)) == 0
    halfway = services.invitations_remind(now=start + timedelta(days=4, hours=1))
    assert halfway == open_campaign.invitations.count() - 1
    assert services.invitations_remind(now=start + timedelta(days=4, hours=2)) == 0  # not twice
    last_day = services.invitations_remind(now=open_campaign.closes_at - timedelta(hours=3))
    assert last_day == halfway
    assert not Notice.objects.filter(person=cast.alice, kind="checkup_reminder").exists()
    assert Notice.objects.filter(person=cast.bob, kind="checkup_reminder").count() == 2


def test_a_monthly_campaign_schedules_its_next_wave_once(cast: Any) -> None:
    opens = timezone.now().replace(month=1, day=31, hour=9, minute=0, second=0, microsecond=0)
    campaign = services.campaign_create(
        centre=cast.centre, created_by=cast.hana, title="Monthly", instruments=["cbi"], teams=[cast.day],
        opens_at=opens, closes_at=opens + timedelta(days=7), recurrence=Recurrence.MONTHLY,
    )
    wave = services.campaign_next_wave(campaign=campaign)
    assert wave is not None and wave.wave == 2 and wave.series == campaign
    assert wave.opens_at.month == 2 and wave.opens_at.day in (28, 29)  # clamped to February's length
    assert services.campaign_next_wave(campaign=campaign) is None
    assert list(wave.teams.all()) == [cast.day]


def test_outreach_consent_keeps_its_history_and_the_latest_decision_wins(cast: Any) -> None:
    assert outreach_consent_current(person=cast.bob) is None
    services.outreach_consent_set(person=cast.bob, granted=True)
    services.outreach_consent_set(person=cast.bob, granted=False)
    assert outreach_consent_current(person=cast.bob) is False
    actions = list(AuditEvent.objects.filter(subject=cast.bob).values_list("action", flat=True))
    assert sorted(actions) == ["consent.outreach.granted", "consent.outreach.withdrawn"]


def test_my_results_show_the_change_since_the_previous_check_up(cast: Any) -> None:
    now = timezone.now()
    for month, value in ((3, 1), (2, 3)):
        campaign = Campaign.objects.create(
            centre=cast.centre, title=f"wave {month}", instruments=["cbi"],
            opens_at=now - timedelta(days=30 * month), closes_at=now - timedelta(days=30 * month - 7),
        )
        invitation = Invitation.objects.create(campaign=campaign, person=cast.alice, team=cast.night)
        services.invitation_record_past(
            invitation=invitation, answers={"cbi": {f"p{i}": value for i in range(1, 7)}},
            submitted_at=campaign.opens_at + timedelta(days=1),
        )
    latest = my_results(person=cast.alice)[-1]
    personal = next(s for s in latest.subscales if s.subscale_id == "personal")
    assert personal.value == 75.0 and personal.change == 50.0
    basic = next(t for t in latest.burnout_types if t.type == "basic")
    assert basic.level == 2
