"""Writes for activities: create (one date or a weekly/monthly series), edit, cancel; sign up, withdraw, waiting
list, attendance. Every write records an AuditEvent in the same transaction.

Places: `capacity` people hold a place — at a family event the agent and each family member they bring take one
each. The others wait in sign-up order. Freed places (a withdrawal, fewer family members, more places) go at once
down the list, each to the first sign-up whose party fits; a party too big for what is free keeps its turn while a
smaller one behind it may go ahead. Everyone promoted gets a notice.
"""

from __future__ import annotations

import calendar as calendar_module
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.activities.models import (
    HOLDS_PLACE,
    Activity,
    ActivityKind,
    ActivitySeries,
    ActivityStatus,
    Audience,
    Participation,
    ParticipationStatus,
    Recurrence,
)
from hearth.activities.selectors import (
    in_audience,
    is_organiser,
    places_taken,
    viewer_zone,
    zone_of,
)
from hearth.audit.services import audit_record
from hearth.notices.services import notice_send
from hearth.people.models import Centre, Person, ShiftPattern, Team

MAX_OCCURRENCES = 26
MAX_FAMILY = 10  # per agent, per kind of family member


class ActivityRuleError(ValueError):
    """An action the rules do not allow; `message` says why, in the reader's language."""

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ActivityDetails:
    """What an organiser fills in for an activity (times are aware datetimes)."""

    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    place: str = ""
    online_link: str = ""
    signup_deadline: datetime | None = None
    capacity: int | None = None
    audience: str = Audience.ALL
    teams: tuple[Team, ...] = ()
    shifts: tuple[str, ...] = ()


def _check(details: ActivityDetails, centre: Centre) -> None:
    if details.kind not in ActivityKind.values or details.audience not in Audience.values:
        raise ActivityRuleError(_("Unknown kind or audience."))
    if not details.title.strip():
        raise ActivityRuleError(_("An activity needs a title."))
    if details.ends_at <= details.starts_at:
        raise ActivityRuleError(_("The end must be after the start."))
    if details.capacity is not None and details.capacity < 1:
        raise ActivityRuleError(_("An activity has at least one place (leave it empty for no limit)."))
    if details.signup_deadline is not None and details.signup_deadline > details.starts_at:
        raise ActivityRuleError(_("The sign-up deadline must be before the start."))
    if details.audience == Audience.TEAMS and not details.teams:
        raise ActivityRuleError(_("Choose at least one team."))
    if any(t.centre_id != centre.pk for t in details.teams):
        raise ActivityRuleError(_("Unknown kind or audience."))
    if details.audience == Audience.SHIFTS and (not details.shifts or set(details.shifts) - set(ShiftPattern.values)):
        raise ActivityRuleError(_("Choose at least one shift."))


def _apply(activity: Activity, details: ActivityDetails) -> None:
    activity.kind, activity.title, activity.description = details.kind, details.title.strip(), details.description
    activity.place, activity.online_link = details.place.strip(), details.online_link.strip()
    activity.starts_at, activity.ends_at = details.starts_at, details.ends_at
    activity.signup_deadline, activity.capacity, activity.audience = (
        details.signup_deadline, details.capacity, details.audience)
    activity.shifts = list(details.shifts) if details.audience == Audience.SHIFTS else []


def _shift_months(moment: datetime, months: int, zone_name: str) -> datetime:
    """The same wall-clock time `months` later in the centre's zone (31 Jan + 1 month = 28/29 Feb)."""
    local = moment.astimezone(zone_of(zone_name))
    month0 = local.month - 1 + months
    year, month = local.year + month0 // 12, month0 % 12 + 1
    day = min(local.day, calendar_module.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, tzinfo=zone_of(zone_name))


def _shift_weeks(moment: datetime, weeks: int, zone_name: str) -> datetime:
    """The same wall-clock time `weeks` later in the centre's zone (daylight-saving changes keep the hour)."""
    zone = zone_of(zone_name)
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=weeks)
    return local.replace(tzinfo=zone)


def occurrence_times(details: ActivityDetails, *, recurrence: str, occurrences: int, zone_name: str) -> list[
        tuple[datetime, datetime, datetime | None]]:
    """(start, end, deadline) of each occurrence of a series, as wall-clock times in the centre's zone."""
    shift = _shift_weeks if recurrence == Recurrence.WEEKLY else _shift_months
    out = []
    for i in range(occurrences if recurrence else 1):
        out.append((shift(details.starts_at, i, zone_name), shift(details.ends_at, i, zone_name),
                    shift(details.signup_deadline, i, zone_name) if details.signup_deadline else None))
    return out


def activity_create(
    *, centre: Centre, by: Person, details: ActivityDetails, recurrence: str = Recurrence.NONE, occurrences: int = 1,
) -> list[Activity]:
    """Create an activity, or a weekly/monthly series of separately dated occurrences; returns them in order."""
    if not is_organiser(by) or by.centre_id != centre.pk:
        raise ActivityRuleError(_("Only managers, HR and the social worker organise activities."))
    _check(details, centre)
    if recurrence not in Recurrence.values or (recurrence and not 2 <= occurrences <= MAX_OCCURRENCES):
        raise ActivityRuleError(_("A series has 2 to %(max)s occurrences.") % {"max": MAX_OCCURRENCES})
    now = timezone.now()
    with transaction.atomic():
        series = (ActivitySeries.objects.create(centre=centre, recurrence=recurrence, occurrences=occurrences,
                                                created_at=now) if recurrence else None)
        created = []
        for starts_at, ends_at, deadline in occurrence_times(details, recurrence=recurrence,
                                                             occurrences=occurrences, zone_name=centre.time_zone):
            activity = Activity(centre=centre, series=series, organiser=by, created_at=now, updated_at=now)
            _apply(activity, details)
            activity.starts_at, activity.ends_at, activity.signup_deadline = starts_at, ends_at, deadline
            activity.save()
            activity.teams.set(details.teams if details.audience == Audience.TEAMS else [])
            audit_record(actor=by.user, action="activity.create", obj=activity, reason=activity.kind)
            created.append(activity)
    return created


def activity_update(*, activity: Activity, by: Person, details: ActivityDetails) -> Activity:
    """Change one activity (one occurrence of a series); more places promote the waiting list."""
    if not is_organiser(by) or by.centre_id != activity.centre_id:
        raise ActivityRuleError(_("Only managers, HR and the social worker organise activities."))
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityRuleError(_("The activity is cancelled."))
    _check(details, activity.centre)
    before = (activity.starts_at, activity.place, activity.online_link)
    with transaction.atomic():
        _apply(activity, details)
        activity.updated_at = timezone.now()
        activity.save()
        activity.teams.set(details.teams if details.audience == Audience.TEAMS else [])
        audit_record(actor=by.user, action="activity.update", obj=activity)
        _promote(activity)
        if (activity.starts_at, activity.place, activity.online_link) != before:
            _tell_everyone_coming(activity, "activity_changed")
    return activity


def activity_update_series(*, activity: Activity, by: Person, details: ActivityDetails) -> list[Activity]:
    """Change this date and every later planned date of its series alike; returns them in order.

    Title, place, places, audience and the rest are copied. Times move as wall-clock times in the centre's zone:
    each later date takes the new start time and length, moved by as many days as this one was, and keeps the
    same sign-up lead. Dates already started, over or cancelled are left as they are.
    """
    if activity.series_id is None:
        return [activity_update(activity=activity, by=by, details=details)]
    zone = zone_of(activity.centre.time_zone)
    old_start = activity.starts_at.astimezone(zone)
    new_start = details.starts_at.astimezone(zone)
    day_shift = new_start.date() - old_start.date()
    length = details.ends_at - details.starts_at
    lead = None if details.signup_deadline is None else details.starts_at - details.signup_deadline
    later = list(Activity.objects.filter(series_id=activity.series_id, status=ActivityStatus.PLANNED,
                                         starts_at__gt=max(activity.starts_at, timezone.now()))
                 .exclude(pk=activity.pk).order_by("starts_at"))
    with transaction.atomic():
        updated = [activity_update(activity=activity, by=by, details=details)]
        for other in later:
            day = other.starts_at.astimezone(zone).date() + day_shift
            starts = datetime.combine(day, new_start.time().replace(tzinfo=None)).replace(tzinfo=zone)
            moved = replace(details, starts_at=starts, ends_at=starts + length,
                            signup_deadline=None if lead is None else starts - lead)
            updated.append(activity_update(activity=other, by=by, details=moved))
    return updated


def activity_cancel(*, activity: Activity, by: Person) -> Activity:
    """Cancel an activity; everyone who holds a place or waits is told."""
    if not is_organiser(by) or by.centre_id != activity.centre_id:
        raise ActivityRuleError(_("Only managers, HR and the social worker organise activities."))
    if activity.status != ActivityStatus.PLANNED:
        raise ActivityRuleError(_("Only a planned activity can be cancelled."))
    with transaction.atomic():
        activity.status, activity.updated_at = ActivityStatus.CANCELLED, timezone.now()
        activity.save(update_fields=["status", "updated_at"])
        audit_record(actor=by.user, action="activity.cancel", obj=activity)
        _tell_everyone_coming(activity, "activity_cancelled")
    return activity


# ------------------------------------------------------------------------------------------ places


def participation_signup(
    *, activity: Activity, person: Person, adults: int = 0, children: int = 0, now: datetime | None = None,
) -> Participation:
    """Take a place, or a spot on the waiting list when the activity is full; again, to change family headcounts."""
    now = now or timezone.now()
    if not in_audience(activity=activity, person=person):
        raise ActivityRuleError(_("This activity is not open to you."))
    if activity.status != ActivityStatus.PLANNED or activity.starts_at <= now:
        raise ActivityRuleError(_("Sign-up is closed: the activity has started, is over or was cancelled."))
    if not activity.is_family:
        adults = children = 0
    if not (0 <= adults <= MAX_FAMILY and 0 <= children <= MAX_FAMILY):
        raise ActivityRuleError(_("Family members: 0 to %(max)s adults and 0 to %(max)s children.") % {"max": MAX_FAMILY})
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one sign-up at a time per activity
        participation = Participation.objects.filter(activity=activity, person=person).first()
        active = participation is not None and participation.status in (
            ParticipationStatus.SIGNED_UP, ParticipationStatus.WAITLISTED)
        if not active and activity.signup_deadline is not None and activity.signup_deadline < now:
            raise ActivityRuleError(_("The sign-up deadline has passed."))
        need = activity.seats_for(adults, children)
        if participation is not None and active:
            held = activity.seats_for(participation.adults, participation.children)
            free = None if activity.capacity is None else activity.capacity - places_taken(activity=activity)
            if participation.status == ParticipationStatus.SIGNED_UP and free is not None and held < need and need - held > free:
                raise ActivityRuleError(_(
                    "Only %(free)s more places are free, and everyone who comes takes one: your sign-up is unchanged."
                ) % {"free": free})
            participation.adults, participation.children = adults, children
            participation.save(update_fields=["adults", "children"])
            audit_record(actor=person.user, action="activity.family.update", subject=person, obj=participation)
            if need < held:
                _promote(activity, now=now)
            return participation
        full = activity.capacity is not None and places_taken(activity=activity) + need > activity.capacity
        status = ParticipationStatus.WAITLISTED if full else ParticipationStatus.SIGNED_UP
        if participation is None:
            participation = Participation(activity=activity, person=person)
        participation.status, participation.queued_at = status, now
        participation.adults, participation.children, participation.promoted_at = adults, children, None
        participation.save()
        audit_record(actor=person.user, action=f"activity.{status}", subject=person, obj=participation)
    return participation


def participation_withdraw(*, activity: Activity, person: Person, now: datetime | None = None) -> Participation:
    """Give up a place (the next on the waiting list gets it) or leave the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        participation = Participation.objects.filter(
            activity=activity, person=person,
            status__in=[ParticipationStatus.SIGNED_UP, ParticipationStatus.WAITLISTED]).first()
        if participation is None:
            raise ActivityRuleError(_("You are not signed up for this activity."))
        if activity.starts_at <= now:
            raise ActivityRuleError(_("The activity has started: tell the organiser instead."))
        participation.status = ParticipationStatus.CANCELLED
        participation.save(update_fields=["status"])
        audit_record(actor=person.user, action="activity.withdraw", subject=person, obj=participation)
        _promote(activity, now=now)
    return participation


def _promote(activity: Activity, *, now: datetime | None = None) -> list[Participation]:
    """Give free places to the waiting list in order and tell each promoted person (call inside a transaction)."""
    now = now or timezone.now()
    if activity.status != ActivityStatus.PLANNED or activity.starts_at <= now:
        return []
    waiting = Participation.objects.filter(activity=activity, status=ParticipationStatus.WAITLISTED).select_related(
        "person__centre", "person__user").order_by("queued_at", "pk")
    free = None if activity.capacity is None else activity.capacity - places_taken(activity=activity)
    promoted = []
    for participation in waiting:
        if free is not None and free <= 0:
            break
        need = activity.seats_for(participation.adults, participation.children)
        if free is not None and need > free:
            continue  # this party keeps its turn; a smaller one behind it may fit
        participation.status, participation.promoted_at = ParticipationStatus.SIGNED_UP, now
        participation.save(update_fields=["status", "promoted_at"])
        audit_record(actor=None, action="activity.promote", subject=participation.person, obj=participation)
        _notify(participation.person, "activity_place_freed", activity)
        promoted.append(participation)
        free = None if free is None else free - need
    return promoted


def _tell_everyone_coming(activity: Activity, kind: str) -> None:
    """A notice of `kind` to everyone who holds a place or waits for one."""
    coming = activity.participations.filter(
        status__in=[ParticipationStatus.SIGNED_UP, ParticipationStatus.WAITLISTED]).select_related("person__centre")
    for participation in coming:
        _notify(participation.person, kind, activity)


def _notify(person: Person, kind: str, activity: Activity) -> None:
    """A notice with the activity's title and start in the person's own time zone."""
    local = activity.starts_at.astimezone(viewer_zone(person))
    notice_send(person=person, kind=kind, url=reverse("activities:activity", args=[activity.pk]),
                params={"title": activity.title, "starts": f"{local:%Y-%m-%d %H:%M} ({local.tzname()})",
                        "where": activity.place or activity.online_link})


# ---------------------------------------------------------------------------------------- attendance


@dataclass(frozen=True)
class Mark:
    """The organiser's mark for one person: came or not, and the family members who came."""

    attended: bool
    adults_came: int | None = None
    children_came: int | None = None


def attendance_mark(
    *, activity: Activity, by: Person, marks: Mapping[int, Mark], now: datetime | None = None,
) -> list[Participation]:
    """Mark who came (person id → Mark) among those holding a place; the activity is then done."""
    now = now or timezone.now()
    if not is_organiser(by) or by.centre_id != activity.centre_id:
        raise ActivityRuleError(_("Only managers, HR and the social worker organise activities."))
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityRuleError(_("The activity is cancelled."))
    if activity.starts_at > now:
        raise ActivityRuleError(_("Attendance is marked once the activity has started."))
    changed = []
    with transaction.atomic():
        for participation in activity.participations.filter(status__in=HOLDS_PLACE, person_id__in=list(marks)):
            mark = marks[participation.person_id]
            participation.status = ParticipationStatus.ATTENDED if mark.attended else ParticipationStatus.NO_SHOW
            if activity.is_family and mark.attended:
                participation.adults_came = _bounded(mark.adults_came, participation.adults)
                participation.children_came = _bounded(mark.children_came, participation.children)
            else:
                participation.adults_came = participation.children_came = None
            participation.marked_at, participation.marked_by = now, by
            participation.save()
            changed.append(participation)
        if activity.status == ActivityStatus.PLANNED:
            activity.status, activity.updated_at = ActivityStatus.DONE, now
            activity.save(update_fields=["status", "updated_at"])
        audit_record(actor=by.user, action="activity.attendance", obj=activity, reason=f"{len(changed)} marked")
    return changed


def _bounded(value: int | None, default: int) -> int:
    return default if value is None else max(0, min(value, MAX_FAMILY))
