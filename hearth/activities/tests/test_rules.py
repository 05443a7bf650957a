"""The rules of activities, rotations and the open channel, through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hearth.activities.models import (
    Activity,
    ActivityStatus,
    Participation,
    ParticipationStatus,
    Question,
    RotationStatus,
)
from hearth.activities.services import (
    ActivityDetails,
    ActivityRuleError,
    Mark,
    activity_cancel,
    activity_create,
    activity_update,
    attendance_mark,
    participation_signup,
    participation_withdraw,
)
from hearth.activities.services_plan import (
    RotationOverlapError,
    question_answer,
    question_ask,
    rotation_save,
)
from hearth.activities.tests.fixtures import workshop
from hearth.audit.models import AuditEvent
from hearth.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_a_full_workshop_puts_the_next_person_on_the_waiting_list(cast: Any) -> None:
    activity = workshop(cast, capacity=1)
    assert participation_signup(activity=activity, person=cast.alice).status == ParticipationStatus.SIGNED_UP
    bob = participation_signup(activity=activity, person=cast.bob)
    assert bob.status == ParticipationStatus.WAITLISTED


def test_a_freed_place_goes_to_the_first_on_the_list_who_is_told(cast: Any) -> None:
    activity = workshop(cast, capacity=1)
    participation_signup(activity=activity, person=cast.alice)
    participation_signup(activity=activity, person=cast.bob)
    participation_signup(activity=activity, person=cast.n1)
    participation_withdraw(activity=activity, person=cast.alice)
    statuses = dict(Participation.objects.filter(activity=activity).values_list("person__user__username", "status"))
    assert statuses == {"alice": "cancelled", "bob": "signed_up", "n1": "waitlisted"}
    notice = Notice.objects.get(person=cast.bob, kind="activity_place_freed")
    assert "Business English: refunds" in notice.params["title"]
    assert not Notice.objects.filter(person=cast.n1, kind="activity_place_freed").exists()


def test_more_places_promote_the_waiting_list_at_once(cast: Any) -> None:
    activity = workshop(cast, capacity=1)
    participation_signup(activity=activity, person=cast.alice)
    participation_signup(activity=activity, person=cast.bob)
    details = ActivityDetails(kind=activity.kind, title=activity.title, starts_at=activity.starts_at,
                              ends_at=activity.ends_at, place="Room 3", capacity=2)
    activity_update(activity=activity, by=cast.hana, details=details)
    assert Participation.objects.get(person=cast.bob).status == ParticipationStatus.SIGNED_UP


def test_signing_up_after_the_deadline_is_refused(cast: Any) -> None:
    activity = workshop(cast, deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ActivityRuleError, match="deadline has passed"):
        participation_signup(activity=activity, person=cast.alice)


def test_a_cancelled_activity_takes_no_sign_ups_and_tells_those_signed_up(cast: Any) -> None:
    activity = workshop(cast)
    participation_signup(activity=activity, person=cast.alice)
    activity_cancel(activity=activity, by=cast.max)
    assert Notice.objects.filter(person=cast.alice, kind="activity_cancelled").exists()
    with pytest.raises(ActivityRuleError, match="Sign-up is closed"):
        participation_signup(activity=activity, person=cast.bob)


def test_an_agent_can_sign_up_again_after_cancelling_and_joins_the_end_of_the_queue(cast: Any) -> None:
    activity = workshop(cast, capacity=1)
    participation_signup(activity=activity, person=cast.alice)
    participation_signup(activity=activity, person=cast.bob)
    participation_signup(activity=activity, person=cast.n1)
    participation_withdraw(activity=activity, person=cast.bob)  # bob leaves the list
    again = participation_signup(activity=activity, person=cast.bob)
    assert again.status == ParticipationStatus.WAITLISTED
    participation_withdraw(activity=activity, person=cast.alice)
    assert Participation.objects.get(person=cast.n1).status == ParticipationStatus.SIGNED_UP


def test_a_night_shift_agent_can_join_a_night_shift_activity_and_a_day_agent_cannot(cast: Any) -> None:
    activity = workshop(cast, audience="shifts", shifts=("night",))
    assert participation_signup(activity=activity, person=cast.alice).status == ParticipationStatus.SIGNED_UP
    with pytest.raises(ActivityRuleError, match="not open to you"):
        participation_signup(activity=activity, person=cast.d1)


def test_a_team_activity_is_open_to_the_teams_sub_teams(cast: Any) -> None:
    activity = workshop(cast, audience="teams", teams=(cast.night,))
    assert participation_signup(activity=activity, person=cast.n6).status == ParticipationStatus.SIGNED_UP
    with pytest.raises(ActivityRuleError):
        participation_signup(activity=activity, person=cast.d2)


def test_family_events_record_how_many_family_members_come_and_who_came(cast: Any) -> None:
    activity = workshop(cast, kind="family", title="Family open day", capacity=None)
    p = participation_signup(activity=activity, person=cast.alice, adults=2, children=1)
    assert (p.adults, p.children) == (2, 1)
    p = participation_signup(activity=activity, person=cast.alice, adults=1, children=2)  # changes the counts
    assert (p.adults, p.children) == (1, 2)
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    activity.refresh_from_db()
    attendance_mark(activity=activity, by=cast.sam, marks={cast.alice.pk: Mark(True, adults_came=1, children_came=1)})
    p.refresh_from_db()
    assert (p.status, p.adults_came, p.children_came) == ("attended", 1, 1)


def test_at_a_family_event_everyone_who_comes_takes_a_place_and_freed_places_go_to_parties_that_fit(
    cast: Any,
) -> None:
    activity = workshop(cast, kind="family", title="Family open day", capacity=5)
    alice = participation_signup(activity=activity, person=cast.alice, adults=2, children=1)  # 4 people
    bob = participation_signup(activity=activity, person=cast.bob, adults=1)  # 2: only 1 place left
    n1 = participation_signup(activity=activity, person=cast.n1)  # alone: fits in the last place
    assert (alice.status, bob.status, n1.status) == ("signed_up", "waitlisted", "signed_up")
    with pytest.raises(ActivityRuleError, match="Only 0 more places are free"):
        participation_signup(activity=activity, person=cast.alice, adults=3, children=1)
    alice.refresh_from_db()
    assert (alice.adults, alice.children) == (2, 1)  # unchanged
    n2 = participation_signup(activity=activity, person=cast.n2, adults=3)  # 4 people: waits behind Bob
    # Alice comes with one adult only: 2 places free. Bob's party of 2 fits; n2's party of 4 keeps waiting.
    participation_signup(activity=activity, person=cast.alice, adults=1)
    bob.refresh_from_db()
    n2.refresh_from_db()
    assert (bob.status, n2.status) == ("signed_up", "waitlisted")
    assert Notice.objects.filter(person=cast.bob, kind="activity_place_freed").exists()
    page = cast.client_for("bob").get(f"/activities/{activity.pk}/").content.decode()
    assert "5 of 5 taken" in page and "1 waiting" in page
    # Bob withdraws (2 free): still not enough for n2's 4; n3 alone goes ahead of them.
    participation_withdraw(activity=activity, person=cast.bob)
    n3 = participation_signup(activity=activity, person=cast.n3)
    n2.refresh_from_db()
    assert (n3.status, n2.status) == ("signed_up", "waitlisted")


def test_family_headcounts_are_ignored_for_a_workshop(cast: Any) -> None:
    p = participation_signup(activity=workshop(cast), person=cast.alice, adults=3)
    assert p.adults == 0


def test_attendance_before_the_start_is_refused_and_after_it_the_activity_is_done(cast: Any) -> None:
    activity = workshop(cast)
    participation_signup(activity=activity, person=cast.alice)
    participation_signup(activity=activity, person=cast.bob)
    with pytest.raises(ActivityRuleError, match="once the activity has started"):
        attendance_mark(activity=activity, by=cast.max, marks={cast.alice.pk: Mark(True)})
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    activity.refresh_from_db()
    attendance_mark(activity=activity, by=cast.max, marks={cast.alice.pk: Mark(True), cast.bob.pk: Mark(False)})
    statuses = dict(Participation.objects.values_list("person__user__username", "status"))
    assert statuses == {"alice": "attended", "bob": "no_show"}
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_an_agent_cannot_organise(cast: Any) -> None:
    with pytest.raises(ActivityRuleError, match="organise"):
        workshop(cast, by=cast.alice)


def test_a_weekly_series_is_separate_dated_activities_at_the_same_wall_clock_time(cast: Any) -> None:
    cast.centre.time_zone = "Europe/Berlin"  # crosses the end of daylight-saving time in October
    cast.centre.save()
    start = datetime(2026, 10, 14, 18, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    details = ActivityDetails(kind="sports", title="Badminton", starts_at=start, ends_at=start + timedelta(hours=2),
                              place="Gym")
    series = activity_create(centre=cast.centre, by=cast.max, details=details, recurrence="weekly", occurrences=3)
    local = [a.starts_at.astimezone(ZoneInfo("Europe/Berlin")) for a in series]
    assert [d.date() for d in local] == [date(2026, 10, 14), date(2026, 10, 21), date(2026, 10, 28)]
    assert {(d.hour, d.minute) for d in local} == {(18, 30)}
    assert len({a.series_id for a in series}) == 1


def test_a_monthly_series_on_the_31st_falls_on_the_last_day_of_shorter_months(cast: Any) -> None:
    start = datetime(2027, 1, 31, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    details = ActivityDetails(kind="business_english", title="English", starts_at=start,
                              ends_at=start + timedelta(hours=1), place="Room 1")
    series = activity_create(centre=cast.centre, by=cast.hana, details=details, recurrence="monthly", occurrences=3)
    assert [a.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date() for a in series] == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]


# ------------------------------------------------------------------------------------------- rotations


def test_an_overlapping_rotation_for_the_same_person_is_refused_with_the_dates(cast: Any) -> None:
    rotation_save(by=cast.hana, person=cast.bob, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 31),
                  from_queue="Refund disputes", to_team=cast.day)
    with pytest.raises(RotationOverlapError, match="2027-01-04 to 2027-01-31"):
        rotation_save(by=cast.max, person=cast.bob, starts_on=date(2027, 1, 31), ends_on=date(2027, 2, 14),
                      to_queue="Pre-sales chat")


def test_a_cancelled_rotation_does_not_block_new_dates_and_other_people_do_not_clash(cast: Any) -> None:
    first = rotation_save(by=cast.hana, person=cast.bob, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 31),
                          to_team=cast.day)
    rotation_save(by=cast.hana, person=cast.alice, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 31),
                  to_team=cast.day)
    rotation_save(by=cast.hana, person=cast.bob, starts_on=first.starts_on, ends_on=first.ends_on,
                  to_team=cast.day, status=RotationStatus.CANCELLED, rotation=first)
    rotation_save(by=cast.hana, person=cast.bob, starts_on=date(2027, 1, 10), ends_on=date(2027, 1, 20),
                  to_queue="Pre-sales chat")


def test_a_team_lead_cannot_plan_rotations(cast: Any) -> None:
    with pytest.raises(ActivityRuleError):
        rotation_save(by=cast.carol, person=cast.bob, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 5),
                      to_team=cast.day)


# ------------------------------------------------------------------------------------ the open channel


def test_an_anonymous_question_carries_no_author_anywhere_not_even_in_the_audit(cast: Any) -> None:
    question = question_ask(person=cast.alice, text="Why are night bonuses paid late?")
    question.refresh_from_db()
    assert question.author_id is None and question.anonymous
    event = AuditEvent.objects.get(object_type="Question", object_id=str(question.pk))
    assert event.actor_id is None and event.subject_id is None and event.ip is None
    assert event.actor_label == "system" and event.subject_label == "" and "alice" not in event.reason.lower()
    assert not AuditEvent.objects.filter(subject=cast.alice).exists()
    assert not AuditEvent.objects.filter(actor=cast.alice.user).exists()
    assert not hasattr(Question, "created_at")  # only the day is kept, not a time to match against logs
    assert Notice.objects.filter(person=cast.max, kind="channel_question_new").exists()
    assert not Notice.objects.filter(person=cast.alice).exists()


def test_a_named_question_has_its_author_who_is_told_of_the_answer(cast: Any) -> None:
    question = question_ask(person=cast.bob, text="Can we swap shifts in the app?", anonymous=False)
    assert question.author == cast.bob
    question_answer(question=question, by=cast.max, answer="Yes, from next month.", published=True)
    assert Notice.objects.filter(person=cast.bob, kind="channel_answered").exists()
    assert Question.objects.get(pk=question.pk).published


def test_only_leadership_answers_and_an_empty_answer_cannot_be_published(cast: Any) -> None:
    question = question_ask(person=cast.bob, text="More English classes?")
    with pytest.raises(ActivityRuleError):
        question_answer(question=question, by=cast.sam, answer="Sure", published=True)
    with pytest.raises(ActivityRuleError, match="before publishing"):
        question_answer(question=question, by=cast.hana, answer="  ", published=True)
