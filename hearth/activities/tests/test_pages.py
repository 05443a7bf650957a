"""The activity pages as people see them: calendar, activity, forms, attendance, report, rotations, open channel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.activities.models import Activity, Participation, Question, Rotation
from hearth.activities.selectors_report import participation_summary
from hearth.activities.services import Mark, attendance_mark, participation_signup
from hearth.activities.services_plan import question_answer, question_ask, rotation_save
from hearth.activities.tests.fixtures import workshop
from hearth.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _held(activity: Activity, hours_ago: int = 3) -> Activity:
    """Let time pass: the activity took place `hours_ago` hours ago."""
    start = timezone.now() - timedelta(hours=hours_ago)
    Activity.objects.filter(pk=activity.pk).update(starts_at=start, ends_at=start + timedelta(hours=1))
    activity.refresh_from_db()
    return activity


def test_the_calendar_shows_the_month_and_times_in_the_viewers_own_zone(cast: Any) -> None:
    cast.alice.time_zone = "America/Los_Angeles"
    cast.alice.save()
    start = datetime(2027, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # 17:00 the day before in Los Angeles
    workshop(cast, starts_at=start)
    page = cast.client_for("alice").get(reverse("activities:calendar"), {"month": "2027-03"})
    text = page.content.decode()
    assert "Business English: refunds" in text
    assert "Tue 2027-03-02 17:00" in text and "America/Los_Angeles" in text
    shanghai = cast.client_for("bob").get(reverse("activities:calendar"), {"month": "2027-03"})
    assert "Wed 2027-03-03 09:00" in shanghai.content.decode()


def test_the_calendar_filters_by_kind_and_moves_between_months(cast: Any) -> None:
    start = datetime(2027, 3, 10, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    workshop(cast, starts_at=start)
    workshop(cast, starts_at=start, kind="sports", title="Badminton evening")
    client = cast.client_for("bob")
    text = client.get(reverse("activities:calendar"), {"month": "2027-03", "kind": "sports"}).content.decode()
    assert "Badminton evening" in text and "Business English" not in text
    assert "?month=2027-04&amp;kind=sports" in text and "?month=2027-02&amp;kind=sports" in text
    assert "No activities this month." in client.get(reverse("activities:calendar"), {"month": "2027-04"}).content.decode()


def test_an_activity_page_shows_the_viewers_and_the_centres_time(cast: Any) -> None:
    cast.alice.time_zone = "Europe/London"
    cast.alice.save()
    activity = workshop(cast, starts_at=datetime(2027, 1, 15, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    text = cast.client_for("alice").get(reverse("activities:activity", args=[activity.pk])).content.decode()
    assert "Fri 2027-01-15 12:00" in text and "2027-01-15 20:00 at the centre (Asia/Shanghai)" in text


def test_signing_up_from_the_page_shows_the_place_then_the_waiting_list_position(cast: Any) -> None:
    activity = workshop(cast, capacity=1)
    url = reverse("activities:activity", args=[activity.pk])
    alice = cast.client_for("alice").post(reverse("activities:activity_signup", args=[activity.pk]), follow=True)
    assert "You have a place." in alice.content.decode()
    bob = cast.client_for("bob").post(reverse("activities:activity_signup", args=[activity.pk]), follow=True)
    assert "You are on the waiting list: number 1." in bob.content.decode()
    cast.client_for("alice").post(reverse("activities:activity_withdraw", args=[activity.pk]))
    bob_page = cast.client_for("bob").get(url).content.decode()
    assert "You have a place." in bob_page and "it came free from the waiting list" in bob_page


def test_a_family_event_page_takes_headcounts_without_names(cast: Any) -> None:
    activity = workshop(cast, kind="family", title="Family open day", capacity=None)
    client = cast.client_for("alice")
    page = client.get(reverse("activities:activity", args=[activity.pk])).content.decode()
    assert "No names are needed." in page
    client.post(reverse("activities:activity_signup", args=[activity.pk]), {"adults": "2", "children": "1"})
    assert Participation.objects.get(person=cast.alice).children == 1
    page = client.get(reverse("activities:activity", args=[activity.pk])).content.decode()
    assert "Family members registered: 2 adults, 1 children." in page


def test_an_activity_for_other_teams_is_not_there_for_a_day_agent(cast: Any) -> None:
    activity = workshop(cast, audience="teams", teams=(cast.night,))
    assert cast.client_for("d1").get(reverse("activities:activity", args=[activity.pk])).status_code == 404
    assert cast.client_for("n6").get(reverse("activities:activity", args=[activity.pk])).status_code == 200


def test_the_new_activity_form_names_each_field_at_fault(cast: Any) -> None:
    response = cast.client_for("max").post(reverse("activities:activity_new"), {
        "kind": "business_english", "title": "English", "starts_at": "2027-02-01T19:00",
        "ends_at": "2027-02-01T18:00", "signup_deadline": "2027-02-02T10:00", "capacity": "0", "audience": "all",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_at"] == ["The end must be after the start."]
    assert form.errors["signup_deadline"] == ["The sign-up deadline must be before the start."]
    assert form.errors["capacity"] == ["Places: at least 1 (leave empty for no limit)."]
    assert form.errors["place"] == ["Give a place or an online link."]
    text = response.content.decode()
    assert "Ends</a>: The end must be after the start." in text and "Places</a>: Places: at least 1" in text
    assert not Activity.objects.exists()


def test_a_manager_creates_a_weekly_series_in_the_centres_time(cast: Any) -> None:
    response = cast.client_for("max").post(reverse("activities:activity_new"), {
        "kind": "business_english", "title": "English for refunds", "starts_at": "2027-02-01T19:00",
        "ends_at": "2027-02-01T20:30", "capacity": "12", "audience": "shifts", "shifts": ["night", "evening"],
        "place": "Training room 2", "recurrence": "weekly", "occurrences": "4",
    }, follow=True)
    assert "4 dates created." in response.content.decode()
    starts = [a.starts_at.astimezone(ZoneInfo("Asia/Shanghai")) for a in Activity.objects.order_by("starts_at")]
    assert [s.day for s in starts] == [1, 8, 15, 22] and {s.hour for s in starts} == {19}
    assert AuditEvent.objects.filter(action="activity.create").count() == 4


def test_a_change_to_one_date_of_a_series_can_carry_to_every_later_date_and_tells_who_signed_up(cast: Any) -> None:
    max_ = cast.client_for("max")
    series = {"kind": "business_english", "title": "English for refunds", "starts_at": "2027-02-01T19:00",
              "ends_at": "2027-02-01T20:30", "signup_deadline": "2027-01-31T19:00", "capacity": "12",
              "audience": "all", "place": "Training room 2", "recurrence": "weekly", "occurrences": "4"}
    max_.post(reverse("activities:activity_new"), series)
    first, second, third, fourth = Activity.objects.order_by("starts_at")
    participation_signup(activity=third, person=cast.bob)
    edit = reverse("activities:activity_edit", args=[second.pk])
    assert "This date and every later date of the series" in max_.get(edit).content.decode()
    # The second date moves to Tuesday 20:00 for an hour, in room 5, with 8 places, and so does every later one.
    response = max_.post(edit, dict(series, starts_at="2027-02-09T20:00", ends_at="2027-02-09T21:00",
                                    signup_deadline="2027-02-08T20:00", place="Room 5", capacity="8",
                                    apply_to="later"), follow=True)
    assert "Saved: this date and 2 later dates." in response.content.decode()
    shanghai = ZoneInfo("Asia/Shanghai")
    for activity, day in ((second, 9), (third, 16), (fourth, 23)):
        activity.refresh_from_db()
        start = activity.starts_at.astimezone(shanghai)
        assert (start.month, start.day, start.hour) == (2, day, 20), activity
        assert activity.ends_at - activity.starts_at == timedelta(hours=1)
        assert activity.starts_at - activity.signup_deadline == timedelta(days=1)
        assert (activity.place, activity.capacity) == ("Room 5", 8)
    first.refresh_from_db()
    assert first.starts_at.astimezone(shanghai).hour == 19 and first.place == "Training room 2"
    notice = cast.bob.notices.get(kind="activity_changed")
    assert notice.url == reverse("activities:activity", args=[third.pk])
    assert "2027-02-16 20:00" in notice.params["starts"] and notice.params["where"] == "Room 5"
    assert "it is now on 2027-02-16 20:00" in cast.client_for("bob").get(reverse("notices:list")).content.decode()
    # "This date only" leaves the later dates alone.
    max_.post(edit, dict(series, starts_at="2027-02-09T18:00", ends_at="2027-02-09T19:00", place="Room 6",
                         apply_to="this"))
    third.refresh_from_db()
    assert third.place == "Room 5"


def test_attendance_is_marked_on_its_page_and_exported(cast: Any) -> None:
    activity = workshop(cast)
    participation_signup(activity=activity, person=cast.alice)
    participation_signup(activity=activity, person=cast.bob)
    _held(activity)
    client = cast.client_for("sam")
    client.post(reverse("activities:attendance", args=[activity.pk]), {f"came_{cast.alice.pk}": "1"})
    assert dict(Participation.objects.values_list("person__user__username", "status")) == {
        "alice": "attended", "bob": "no_show"}
    export = client.get(reverse("activities:attendance", args=[activity.pk]), {"export": "csv"})
    text = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv") and cast.alice.name in text and "Did not come" in text


def test_my_activities_lists_my_history_and_my_rotations(cast: Any) -> None:
    activity = workshop(cast)
    participation_signup(activity=activity, person=cast.bob)
    rotation_save(by=cast.hana, person=cast.bob, starts_on=timezone.localdate(),
                  ends_on=timezone.localdate() + timedelta(days=14), from_queue="Refund disputes",
                  to_team=cast.day, reason="Relief from refund disputes")
    text = cast.client_for("bob").get(reverse("activities:mine")).content.decode()
    assert "Business English: refunds" in text and "Signed up" in text
    assert "Refund disputes → To: Day" in text and "Relief from refund disputes" in text
    assert "Relief from refund disputes" not in cast.client_for("alice").get(reverse("activities:mine")).content.decode()


def test_the_rotation_form_refuses_an_overlap_with_a_clear_message(cast: Any) -> None:
    rotation_save(by=cast.hana, person=cast.bob, starts_on=timezone.localdate(),
                  ends_on=timezone.localdate() + timedelta(days=14), to_team=cast.day)
    day = timezone.localdate() + timedelta(days=3)
    response = cast.client_for("max").post(reverse("activities:rotation_new"), {
        "person": cast.bob.pk, "starts_on": day.isoformat(), "ends_on": (day + timedelta(days=7)).isoformat(),
        "to_queue": "Pre-sales chat", "status": "planned",
    })
    assert response.status_code == 200
    assert "the dates overlap" in response.context["form"].errors["starts_on"][0]
    assert Rotation.objects.count() == 1


def test_the_rotation_plan_exports_for_hr(cast: Any) -> None:
    rotation_save(by=cast.hana, person=cast.bob, starts_on=timezone.localdate(),
                  ends_on=timezone.localdate() + timedelta(days=14), to_team=cast.day, reason="Relief")
    export = cast.client_for("hana").get(reverse("activities:rotations"), {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_the_report_shows_team_rates_but_fewer_than_k_for_a_small_sub_team(cast: Any) -> None:
    activity = workshop(cast, capacity=None)
    for name in ("alice", "bob", "n1", "n5", "d1"):
        participation_signup(activity=activity, person=cast.people[name])
    _held(activity)
    attendance_mark(activity=activity, by=cast.max, marks={
        cast.people[n].pk: Mark(True) for n in ("alice", "bob", "n1", "n5", "d1")})
    response = cast.client_for("max").get(reverse("activities:report"), {"by": "team"})
    rows = {r[0]: r[1:] for r in response.context["table"]}
    assert rows["Night EU"] == [3, "fewer than 5", "fewer than 5"]  # n5–n7: a group smaller than k
    assert rows["Night"] == [10, 4, "40%"]  # alice, bob, n1, n5 of Night's 10 (with its sub-team)
    assert rows["Day"] == [7, 1, "14%"]
    export = cast.client_for("max").get(reverse("activities:report"), {"by": "team", "export": "csv"})
    assert "fewer than 5" in export.content.decode("utf-8-sig")


def test_the_summary_per_kind_hides_counts_when_fewer_than_k_took_part(cast: Any) -> None:
    english, sports = workshop(cast, capacity=None), workshop(cast, capacity=None, kind="sports", title="Badminton")
    people = [cast.people[n] for n in ("alice", "bob", "n1", "n2", "n3")]
    for p in people:
        participation_signup(activity=english, person=p)
    participation_signup(activity=sports, person=cast.alice)
    for a in (english, sports):
        _held(a)
        attendance_mark(activity=a, by=cast.max, marks={p.pk: Mark(True) for p in people})
    now = timezone.now()
    rows = {r.kind: r for r in participation_summary(centre=cast.centre, since=now - timedelta(days=1), until=now)}
    assert (rows["business_english"].people, rows["business_english"].attendances) == (5, 5)
    assert rows["sports"].suppressed and rows["sports"].people is None and rows["sports"].signups == 1
    assert rows["family"].activities == 0


def test_an_anonymous_question_shows_no_name_in_the_inbox_and_a_published_answer_reaches_the_board(cast: Any) -> None:
    response = cast.client_for("alice").post(reverse("activities:channel_ask"), {
        "kind": "suggestion", "text": "A quiet room for breaks after abusive chats"}, follow=True)
    assert "Sent anonymously." in response.content.decode()
    question = Question.objects.get()
    assert question.author_id is None
    inbox = cast.client_for("max").get(reverse("activities:inbox")).content.decode()
    assert "A quiet room" in inbox and "Anonymous" in inbox and cast.alice.name not in inbox
    cast.client_for("max").post(reverse("activities:question_answer", args=[question.pk]), {
        f"q{question.pk}-answer": "Room 5 is yours from Monday.", f"q{question.pk}-published": "on"})
    board = cast.client_for("d3").get(reverse("activities:channel")).content.decode()
    assert "A quiet room" in board and "Room 5 is yours from Monday." in board


def test_a_named_question_is_in_the_askers_own_list_only(cast: Any) -> None:
    question = question_ask(person=cast.bob, text="Can we swap shifts in the app?", anonymous=False)
    question_answer(question=question, by=cast.hana, answer="We are on it.", published=False)
    assert "We are on it." in cast.client_for("bob").get(reverse("activities:channel")).content.decode()
    assert "We are on it." not in cast.client_for("alice").get(reverse("activities:channel")).content.decode()


def test_pages_read_in_chinese(cast: Any) -> None:
    cast.alice.ui_language = "zh-hans"
    cast.alice.save()
    activity = workshop(cast)
    text = cast.client_for("alice").get(reverse("activities:activity", args=[activity.pk])).content.decode()
    assert "商务英语工作坊" in text and "报名" in text
