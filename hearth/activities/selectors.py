"""Reads: who an activity is for, the calendar, a person's own activities and rotations, places and waiting lists."""

from __future__ import annotations

import calendar as calendar_module
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, Q, QuerySet

from hearth.activities.models import (
    HOLDS_PLACE,
    Activity,
    Audience,
    Participation,
    ParticipationStatus,
    Question,
    Rotation,
    RotationStatus,
)
from hearth.people.models import Person, Role, ShiftPattern, Team

# Who organises activities (and sees who signed up); who runs the rotation plan and answers the open channel.
ORGANISER_ROLES = (Role.MANAGER, Role.HR, Role.SOCIAL_WORKER)
LEADERSHIP_ROLES = (Role.MANAGER, Role.HR)


def zone_of(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; UTC when the name is unknown (a typo must not break a page)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def viewer_zone(person: Person) -> ZoneInfo:
    """The time zone a person reads times in: their own, else their centre's."""
    return zone_of(person.time_zone or person.centre.time_zone)


def is_organiser(person: Person) -> bool:
    """Whether the person organises activities (manager, HR, social worker)."""
    return person.has_role(*ORGANISER_ROLES)


def team_ancestry(team: Team | None) -> set[int]:
    """The ids of a team and every team it sits inside."""
    ids: set[int] = set()
    while team is not None and team.pk not in ids:
        ids.add(team.pk)
        team = team.parent
    return ids


def in_audience(*, activity: Activity, person: Person) -> bool:
    """Whether the activity is meant for `person` (all staff, one of its teams or sub-teams, or its shifts)."""
    if person.centre_id != activity.centre_id:
        return False
    if activity.audience == Audience.TEAMS:
        return bool(team_ancestry(person.team) & {t.pk for t in activity.teams.all()})
    if activity.audience == Audience.SHIFTS:
        # A rotating-shift agent works every shift at some point: every shift's activities are for them.
        return person.shift_pattern == ShiftPattern.ROTATING or person.shift_pattern in activity.shifts
    return True


def activities_visible(*, person: Person, qs: QuerySet[Activity] | None = None) -> list[Activity]:
    """The activities (of `qs`, default all the centre's) the person may see: organisers all, others their own.

    Filtered in Python with in_audience so that the rule lives in one place (shift lists are JSON).
    """
    base = Activity.objects.all() if qs is None else qs
    rows = base.filter(centre_id=person.centre_id).prefetch_related("teams").select_related("organiser")
    if is_organiser(person):
        return list(rows)
    return [a for a in rows if in_audience(activity=a, person=person)]


def places_taken(*, activity: Activity) -> int:
    """How many places are held (signed up, or marked attended / no-show), family members at a family event too."""
    rows = activity.participations.filter(status__in=HOLDS_PLACE).values_list("adults", "children")
    return sum(activity.seats_for(adults, children) for adults, children in rows)


def waiting_list(*, activity: Activity) -> list[Participation]:
    """The waiting list in order: first signed up, first served."""
    return list(activity.participations.filter(status=ParticipationStatus.WAITLISTED)
                .select_related("person").order_by("queued_at", "pk"))


def waiting_position(*, participation: Participation) -> int | None:
    """1 for the next in line; None when not waiting."""
    if participation.status != ParticipationStatus.WAITLISTED:
        return None
    ahead = participation.activity.participations.filter(status=ParticipationStatus.WAITLISTED).filter(
        Q(queued_at__lt=participation.queued_at) | Q(queued_at=participation.queued_at, pk__lt=participation.pk))
    return ahead.count() + 1


def participation_of(*, activity: Activity, person: Person) -> Participation | None:
    """The person's row for the activity, if they ever signed up."""
    return activity.participations.filter(person=person).first()


# ----------------------------------------------------------------------------------------- calendar


@dataclass
class CalendarDay:
    """One day of the month grid in the viewer's zone, with the activities that start on it."""

    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)


@dataclass
class MonthCalendar:
    """A month of activities in the viewer's time zone: weeks of days for the grid, a flat agenda for a phone."""

    month: date
    weeks: list[list[CalendarDay]]
    agenda: list[Activity]
    previous: date
    next: date
    mine: dict[int, str]  # activity id → the viewer's participation status


def month_calendar(*, person: Person, month: date, kind: str = "") -> MonthCalendar:
    """The activities starting in `month` (the first of a month), as the viewer's own zone places them."""
    zone = viewer_zone(person)
    first = month.replace(day=1)
    weeks_dates = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = datetime.combine(weeks_dates[0][0], time.min, tzinfo=zone)
    end = datetime.combine(weeks_dates[-1][-1] + timedelta(days=1), time.min, tzinfo=zone)
    qs = Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    activities = activities_visible(person=person, qs=qs)
    by_day: dict[date, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_day[activity.starts_at.astimezone(zone).date()].append(activity)
    weeks = [[CalendarDay(d, d.month == first.month, by_day.get(d, [])) for d in week] for week in weeks_dates]
    agenda = [a for a in activities if a.starts_at.astimezone(zone).date().month == first.month]
    mine = dict(Participation.objects.filter(person=person, activity__in=activities)
                .values_list("activity_id", "status"))
    for activity in activities:
        activity.my_status = mine.get(activity.pk, "")  # type: ignore[attr-defined]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return MonthCalendar(first, weeks, agenda, previous, following, mine)


# ------------------------------------------------------------------------------------ the person's own


def my_participations(*, person: Person) -> list[Participation]:
    """Every activity the person signed up for (or waits for), newest first: their participation history."""
    return list(Participation.objects.filter(person=person).select_related("activity")
                .order_by("-activity__starts_at", "-pk"))


def my_rotations(*, person: Person) -> list[Rotation]:
    """The person's own rotations (not cancelled), soonest first."""
    return list(Rotation.objects.filter(person=person).exclude(status=RotationStatus.CANCELLED)
                .select_related("from_team", "to_team").order_by("starts_on", "pk"))


def rotation_plan(*, centre_id: int, status: str = "") -> QuerySet[Rotation]:
    """The centre's rotation plan for managers and HR."""
    qs = (Rotation.objects.filter(centre_id=centre_id).select_related("person", "from_team", "to_team")
          .order_by("starts_on", "pk"))
    return qs.filter(status=status) if status in RotationStatus.values else qs


def activity_counts(*, activity: Activity) -> dict[str, int]:
    """Places held, waiting, cancelled, attended and no-show, plus family members registered and who came."""
    rows = activity.participations.values("status").annotate(n=Count("pk"))
    counts = {s: 0 for s in ParticipationStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    family = list(activity.participations.filter(status__in=HOLDS_PLACE))
    counts["places"] = sum(activity.seats_for(p.adults, p.children) for p in family)
    counts["adults"] = sum(p.adults for p in family)
    counts["children"] = sum(p.children for p in family)
    counts["adults_came"] = sum(p.adults_came or 0 for p in family)
    counts["children_came"] = sum(p.children_came or 0 for p in family)
    return counts


def board(*, centre_id: int) -> list[Question]:
    """Answered questions leadership chose to publish, newest first."""
    return list(Question.objects.filter(centre_id=centre_id, published=True).exclude(answer="")
                .order_by("-answered_at", "-pk"))


def inbox(*, centre_id: int, unanswered_only: bool = False) -> list[Question]:
    """Every question of the centre for leadership, unanswered first."""
    qs = Question.objects.filter(centre_id=centre_id).select_related("author", "answered_by")
    if unanswered_only:
        qs = qs.filter(answer="")
    return sorted(qs, key=lambda q: (q.answer != "", -q.asked_on.toordinal(), -q.pk))


def my_questions(*, person: Person) -> list[Question]:
    """The questions a person asked with their name (anonymous ones are linked to nobody, not even them)."""
    return list(Question.objects.filter(author=person).order_by("-asked_on", "-pk"))
