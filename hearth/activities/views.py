"""Activity pages: the calendar, an activity (sign up, withdraw, family headcount), my activities; for organisers:
new/edit/cancel, attendance marking and the participation report. Times are shown in the viewer's own zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hearth.activities import selectors, selectors_report, services
from hearth.activities.access import access_activity
from hearth.activities.forms import ActivityForm, SignupForm
from hearth.activities.models import ActivityKind, ActivityStatus, ParticipationStatus
from hearth.activities.selectors import ORGANISER_ROLES, viewer_zone, zone_of
from hearth.activities.services import ActivityRuleError, Mark
from hearth.core.access import require_person, roles_required
from hearth.core.exports import table_export


def _month(value: str | None, today: date) -> date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render with every time in the signed-in person's own time zone."""
    person = require_person(request)
    zone = viewer_zone(person)
    with timezone.override(zone):
        return render(request, template, {**context, "viewer_zone": zone.key})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The month's activities: a grid on a desktop, an agenda on a phone; previous/next month; filter by kind."""
    person = require_person(request)
    today = timezone.now().astimezone(viewer_zone(person)).date()
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActivityKind.values else ""
    month = selectors.month_calendar(person=person, month=_month(request.GET.get("month"), today), kind=kind)
    return _render(request, "activities/calendar.html", {
        "cal": month, "kind": kind, "kinds": ActivityKind.choices, "today": today,
        "organiser": selectors.is_organiser(person), "statuses": ParticipationStatus,
    })


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity: when (in the viewer's zone, and the centre's), where, places, and the viewer's own place."""
    person = require_person(request)
    activity = access_activity(person, pk)
    participation = selectors.participation_of(activity=activity, person=person)
    counts = selectors.activity_counts(activity=activity)
    now = timezone.now()
    deadline_passed = activity.signup_deadline is not None and activity.signup_deadline < now
    return _render(request, "activities/activity.html", {
        "activity": activity, "participation": participation, "counts": counts,
        "position": selectors.waiting_position(participation=participation) if participation else None,
        "open": activity.status == ActivityStatus.PLANNED and activity.starts_at > now,
        "deadline_passed": deadline_passed, "in_audience": selectors.in_audience(activity=activity, person=person),
        "organiser": selectors.is_organiser(person), "centre_zone": activity.centre.time_zone,
        "full": activity.capacity is not None and counts["places"] >= activity.capacity,
        "signup_form": SignupForm(initial={"adults": participation.adults if participation else 0,
                                           "children": participation.children if participation else 0}),
        "active": participation is not None and participation.status in (
            ParticipationStatus.SIGNED_UP, ParticipationStatus.WAITLISTED),
    })


@login_required
@require_POST
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a place (or join the waiting list); for a family event, with the family members coming."""
    person = require_person(request)
    activity = access_activity(person, pk)
    form = SignupForm(request.POST)
    if activity.is_family and not form.is_valid():
        messages.error(request, _("Family members: 0 to %(max)s adults and 0 to %(max)s children.")
                       % {"max": services.MAX_FAMILY})
        return redirect("activities:activity", pk=activity.pk)
    family = form.cleaned_data if activity.is_family else {}
    try:
        participation = services.participation_signup(activity=activity, person=person,
                                                      adults=family.get("adults", 0),
                                                      children=family.get("children", 0))
    except ActivityRuleError as error:
        messages.error(request, str(error))
    else:
        if participation.status == ParticipationStatus.WAITLISTED:
            messages.success(request, _("The activity is full: you are on the waiting list (number %(n)s).")
                             % {"n": selectors.waiting_position(participation=participation)})
        else:
            messages.success(request, _("You have a place."))
    return redirect("activities:activity", pk=activity.pk)


@login_required
@require_POST
def activity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up one's place or leave the waiting list."""
    person = require_person(request)
    activity = access_activity(person, pk)
    try:
        services.participation_withdraw(activity=activity, person=person)
    except ActivityRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are no longer signed up."))
    return redirect("activities:activity", pk=activity.pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My activities: everything I signed up for, came to or wait for, and my job rotations."""
    person = require_person(request)
    participations = selectors.my_participations(person=person)
    for p in participations:
        p.position = selectors.waiting_position(participation=p)  # type: ignore[attr-defined]
    return _render(request, "activities/mine.html", {
        "participations": participations, "rotations": selectors.my_rotations(person=person),
    })


# ------------------------------------------------------------------------------------------ organisers


def _form_page(request: HttpRequest, form: ActivityForm, activity: Any = None) -> HttpResponse:
    person = require_person(request)
    return render(request, "activities/activity_form.html", {
        "form": form, "activity": activity, "centre_zone": person.centre.time_zone,
    })


@roles_required(*ORGANISER_ROLES)
def activity_new(request: HttpRequest) -> HttpResponse:
    """A new activity or series; times are entered in the centre's time zone."""
    person = require_person(request)
    with timezone.override(zone_of(person.centre.time_zone)):
        form = ActivityForm(request.POST or None, centre=person.centre, initial={"kind": request.GET.get("kind")})
        if request.method == "POST" and form.is_valid():
            try:
                created = services.activity_create(
                    centre=person.centre, by=person, details=form.details(),
                    recurrence=form.cleaned_data.get("recurrence") or "",
                    occurrences=form.cleaned_data.get("occurrences") or 1)
            except ActivityRuleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Activity created.") if len(created) == 1 else
                                 _("%(n)s dates created.") % {"n": len(created)})
                return redirect("activities:activity", pk=created[0].pk)
        return _form_page(request, form)


@roles_required(*ORGANISER_ROLES)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one activity (one date of a series); more places go to the waiting list at once."""
    person = require_person(request)
    activity = access_activity(person, pk, organise=True)
    with timezone.override(zone_of(activity.centre.time_zone)):
        form = ActivityForm(request.POST or None, centre=person.centre, series=False,
                            in_series=activity.series_id is not None, initial=ActivityForm.initial_for(activity))
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data.get("apply_to") == "later":
                    saved = services.activity_update_series(activity=activity, by=person, details=form.details())
                else:
                    saved = [services.activity_update(activity=activity, by=person, details=form.details())]
            except ActivityRuleError as error:
                form.add_error(None, str(error))
            else:
                later = len(saved) - 1
                messages.success(request, ngettext("Saved: this date and %(n)s later date.",
                                                   "Saved: this date and %(n)s later dates.", later) % {"n": later}
                                 if later else _("Activity saved."))
                return redirect("activities:activity", pk=activity.pk)
        return _form_page(request, form, activity)


@roles_required(*ORGANISER_ROLES)
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the activity; everyone signed up or waiting gets a notice."""
    person = require_person(request)
    activity = access_activity(person, pk, organise=True)
    try:
        services.activity_cancel(activity=activity, by=person)
    except ActivityRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The activity is cancelled; the people signed up have been told."))
    return redirect("activities:activity", pk=activity.pk)


@roles_required(*ORGANISER_ROLES)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark who came (and the family members who came) among the people holding a place."""
    person = require_person(request)
    activity = access_activity(person, pk, organise=True)
    rows = list(activity.participations.select_related("person", "person__team").order_by("person__name"))
    if request.method == "POST":
        marks = {}
        for p in rows:
            if p.status not in (ParticipationStatus.SIGNED_UP, ParticipationStatus.ATTENDED,
                                ParticipationStatus.NO_SHOW):
                continue
            marks[p.person_id] = Mark(attended=request.POST.get(f"came_{p.person_id}") == "1",
                                      adults_came=_int(request.POST.get(f"adults_{p.person_id}")),
                                      children_came=_int(request.POST.get(f"children_{p.person_id}")))
        try:
            services.attendance_mark(activity=activity, by=person, marks=marks)
        except ActivityRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("activities:attendance", pk=activity.pk)
    headers = [_("Name"), _("Employee id"), _("Team"), _("Status"), _("Adults"), _("Children")]
    table = [[p.person.name, p.person.employee_id, p.person.team.name if p.person.team else "",
              p.get_status_display(), p.adults_came if p.adults_came is not None else p.adults,
              p.children_came if p.children_came is not None else p.children] for p in rows]
    if resp := table_export(request=request, filename=f"attendance-{activity.pk}", headers=headers, rows=table):
        return resp
    return _render(request, "activities/attendance.html", {
        "activity": activity, "rows": rows, "counts": selectors.activity_counts(activity=activity),
        "started": activity.starts_at <= timezone.now(), "holding": ParticipationStatus,
    })


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@roles_required(*ORGANISER_ROLES)
def report(request: HttpRequest) -> HttpResponse:
    """Participation per activity, per kind or per team over a period (months), with CSV/Excel export."""
    person = require_person(request)
    centre = person.centre
    zone = zone_of(centre.time_zone)
    today = timezone.now().astimezone(zone).date()
    first = _month(request.GET.get("from"), (today.replace(day=1) - timedelta(days=62)).replace(day=1))
    last = _month(request.GET.get("to"), today)
    if last < first:
        first, last = last, first
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine((last + timedelta(days=32)).replace(day=1), time.min, tzinfo=zone)
    by = request.GET.get("by", "activity")
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActivityKind.values else ""
    fewer = _("fewer than %(k)s") % {"k": centre.k}
    if by == "kind":
        kind_rows = selectors_report.participation_summary(centre=centre, since=since, until=until)
        headers = [_("Kind"), _("Activities held"), _("Places taken"), _("Attendances"), _("People who came"),
                   _("Family members who came")]
        table: list[list[Any]] = [[r.label, r.activities, r.signups, fewer if r.suppressed else r.attendances,
                                   fewer if r.suppressed else r.people,
                                   fewer if r.suppressed else r.family_members] for r in kind_rows]
        rows: list[Any] = kind_rows
    elif by == "team":
        by = "team"
        team_rows = selectors_report.participation_by_team(centre=centre, since=since, until=until, kind=kind)
        headers = [_("Team"), _("Active members"), _("Came at least once"), _("Participation rate")]
        table = [[r.team.name, r.members, fewer if r.suppressed else r.people,
                  fewer if r.suppressed else f"{round((r.rate or 0) * 100)}%"] for r in team_rows]
        rows = team_rows
    else:
        by = "activity"
        activity_rows = selectors_report.report_by_activity(centre=centre, since=since, until=until, kind=kind)
        headers = [_("Date"), _("Activity"), _("Kind"), _("Status"), _("Places taken"), _("Waiting"),
                   _("Cancelled"), _("Attended"), _("Did not come"), _("Adults who came"), _("Children who came")]
        with timezone.override(zone):
            table = [[timezone.localtime(r.activity.starts_at), r.activity.title, r.activity.get_kind_display(),
                      r.activity.get_status_display(), r.places, r.waiting, r.cancelled, r.attended, r.no_show,
                      r.adults_came, r.children_came] for r in activity_rows]
            if resp := table_export(request=request, filename=f"participation-{by}", headers=headers, rows=table):
                return resp
        rows = activity_rows
    if resp := table_export(request=request, filename=f"participation-{by}", headers=headers, rows=table):
        return resp
    with timezone.override(zone):  # a report is read in the centre's time
        return render(request, "activities/report.html", {
            "by": by, "headers": headers, "table": table, "rows": rows, "kind": kind, "kinds": ActivityKind.choices,
            "from": first, "to": last, "k": centre.k, "centre_zone": centre.time_zone,
        })
