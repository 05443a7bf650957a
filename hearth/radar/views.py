"""Radar pages: the social worker's outreach queue and alerts, team and centre pages, the agent's own week,
and the admin's runs and settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import client_ip, require_person, roles_required
from hearth.core.exports import EXPORT_PARAM, table_export
from hearth.engine.risk import TYPES
from hearth.people.models import Role
from hearth.radar import selectors, selectors_centre
from hearth.radar.access import (
    ADMIN_ROLES,
    MODEL_ROLES,
    OVERVIEW_ROLES,
    QUEUE_ROLES,
    TEAM_ROLES,
    access_alert,
    access_run,
    access_team,
    radar_teams,
)
from hearth.radar.forms import (
    QueueFilterForm,
    RadarSettingsForm,
    ReferForm,
    ResolveForm,
    SnoozeForm,
)
from hearth.radar.services_queue import (
    AlertActionError,
    alert_case_open,
    alert_resolve,
    alert_snooze,
    radar_settings_set,
)


def _language() -> str:
    return get_language() or "zh-hans"


def _suppressed_text(suppression: str) -> str:
    return _("hidden to protect a small group") if suppression == "differencing" else _("not enough people to show")


# ------------------------------------------------------------------------------------ centre overview


@roles_required(*OVERVIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    """Risk by type and team (k-anonymous counts), the trend at high or severe, attrition, load drivers, the latest run."""
    person = require_person(request)
    centre, language, today = person.centre, _language(), timezone.localdate()
    burnout_type = request.GET.get("type", "overall")
    if burnout_type not in (*TYPES, "overall"):
        burnout_type = "overall"
    as_of = selectors_centre.latest_as_of(centre=centre)
    context: dict[str, Any] = {
        "as_of": as_of, "type": burnout_type, "k": centre.k, "latest_run": selectors_centre.latest_run(centre=centre),
        "type_choices": [(t, selectors.type_name(t, language)) for t in ("overall", *TYPES)],
        "type_label": selectors.type_name(burnout_type, language), "level_names": [str(n) for n in selectors.LEVEL_NAMES],
        "team_links": person.has_role(*TEAM_ROLES),  # admins see the overview but not a team's page
    }
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    levels = [str(n) for n in selectors.LEVEL_NAMES]
    if as_of is not None:
        counts = selectors_centre.overview_counts(centre=centre, as_of=as_of, burnout_type=burnout_type,
                                                  language=language)
        rows = counts.distribution
        context.update(distribution=rows, left_out=counts.left_out, by_type=counts.by_type)
        context["distribution_chart"] = {
            "kind": "stacked-bar", "labels": [r.label for r in rows], "horizontal": True, "value_title": _("Agents"),
            "series": [{"label": levels[i], "level": selectors.LEVEL_KEYS[i],
                        "data": [r.counts[i] if r.counts else None for r in rows]} for i in range(4)],
        }
        tables["distribution"] = (
            [_("Group"), _("Burnout type"), *levels, _("Agents")],
            [[r.label, context["type_label"], *(r.counts or [_suppressed_text(r.suppression)] + [""] * 3),
              r.n if r.counts else None] for r in rows],
        )
        trend = selectors_centre.high_share_trend(centre=centre, as_of=as_of)
        context["trend_chart"] = {
            "kind": "line", "labels": [d.strftime("%m-%d") for d, _n, _s in trend], "unit": "%", "min": 0, "max": 100,
            "series": [{"label": _("Share at high or severe"), "level": "high",
                        "data": [round(s * 100, 1) if s is not None else None for _d, _n, s in trend]}],
            "label_title": _("Week to"), "value_title": _("Share of agents"),
        }
        tables["trend"] = ([_("Week to"), _("Agents"), _("Share at high or severe (%)")],
                           [[d, n, round(s * 100, 1) if s is not None else _("not enough people to show")]
                            for d, n, s in trend])
        high, drivers = counts.high, counts.drivers
        context.update(high_count=high, drivers=drivers)
        context["drivers_chart"] = {
            "kind": "bar", "horizontal": True, "labels": [name for _c, name, _n in drivers],
            "series": [{"label": _("Agents at high or above with this reason"), "data": [n for _c, _name, n in drivers]}],
        }
        tables["drivers"] = ([_("Reason"), _("Agents at high or above with this reason")],
                             [[name, n] for _c, name, n in drivers])
    loss = selectors_centre.attrition(centre=centre, today=today)
    context["attrition"] = loss
    context["attrition_chart"] = {
        "kind": "bar", "labels": [m.month.strftime("%Y-%m") for m in loss.months], "value_title": _("Leavers"),
        "series": [{"label": _("Agents who left"), "data": [m.leavers for m in loss.months]}],
    }
    tables["attrition"] = ([_("Month"), _("Agents who left"), _("Agents at the start of the month"), _("Monthly rate (%)")],
                           [[m.month.strftime("%Y-%m"), m.leavers, m.headcount,
                             round(m.rate * 100, 1) if m.rate is not None else None] for m in loss.months])
    context["attrition_headers"], context["attrition_rows"] = tables["attrition"]
    table = request.GET.get("table", "")
    if table in tables:
        headers, rows_out = tables[table]
        if resp := table_export(request=request, filename=f"radar-{table}", headers=headers, rows=rows_out):
            return resp
    return render(request, "radar/overview.html", context)


# ------------------------------------------------------------------------------------ outreach queue


def _queue_form(request: HttpRequest, person: Any) -> QueueFilterForm:
    language = _language()
    return QueueFilterForm(request.GET or None, centre_id=person.centre_id,
                           type_names={t: selectors.type_name(t, language) for t in TYPES})


@roles_required(*QUEUE_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    """Outreach alerts of consenting agents, waiting ones first by default; each listed agent is audited."""
    person = require_person(request)
    form = _queue_form(request, person)
    exporting = request.GET.get(EXPORT_PARAM) in ("csv", "xlsx")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    found = selectors.outreach_queue(
        reader=person, filters=form.filters(), today=timezone.localdate(), language=_language(), ip=client_ip(request),
        action="radar.queue.export" if exporting else "radar.queue.view", page=page,
        per_page=None if exporting else selectors.QUEUE_PAGE,
    )
    rows = found.rows
    if exporting:
        headers = [_("Agent"), _("Team"), _("Kind"), _("Level"), _("Burnout type"), _("What happened"), _("Reasons"),
                   _("Raised"), _("Status")]
        table = [[r.alert.person.name, r.alert.person.team.name if r.alert.person.team else "", r.alert.get_kind_display(),
                  selectors.level_name(r.alert.level), r.type_name, r.summary, "; ".join(x.text for x in r.reasons),
                  r.alert.created_at, r.alert.get_status_display()] for r in rows]
        if resp := table_export(request=request, filename="outreach-queue", headers=headers, rows=table):
            return resp
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "radar/queue.html", {"form": form, "rows": rows, "queue": found, "query": query.urlencode(),
                                                **_snooze_days()})


@roles_required(*QUEUE_ROLES)
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    """One outreach alert: the agent's risk over 12 weeks, every reason with its evidence, history, actions; audited."""
    person = require_person(request)
    found = access_alert(person, pk)
    detail = selectors.alert_for_social_worker(reader=person, alert=found, language=_language(), ip=client_ip(request))
    return render(request, "radar/alert.html", {"d": detail, "alert": found, **_snooze_days()})


def _snooze_days() -> dict[str, Any]:
    today = timezone.localdate()
    return {"snooze_default": today + timedelta(days=7), "snooze_min": today + timedelta(days=1)}


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@roles_required(*QUEUE_ROLES)
@require_POST
def alert_snooze_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    found = access_alert(person, pk)
    form = SnoozeForm(request.POST)
    if form.is_valid():
        try:
            alert_snooze(alert=found, by=person, until=form.cleaned_data["until"])
            messages.success(request, _("Snoozed until %(day)s.") % {"day": form.cleaned_data["until"].isoformat()})
        except AlertActionError:
            messages.error(request, _("This alert has already been handled."))
    else:
        messages.error(request, _("Not snoozed: pick a day after today."))
    return _back(request, reverse("radar:alert", args=[found.pk]))


@roles_required(*QUEUE_ROLES)
@require_POST
def alert_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    found = access_alert(person, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            alert_resolve(alert=found, by=person, note=form.cleaned_data["note"])
            messages.success(request, _("Resolved."))
        except AlertActionError:
            messages.error(request, _("This alert has already been handled."))
    else:
        messages.error(request, _("Not resolved: write what was done."))
    return _back(request, reverse("radar:alert", args=[found.pk]))


@roles_required(*QUEUE_ROLES)
@require_POST
def alert_case_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    found = access_alert(person, pk)
    try:
        case = alert_case_open(alert=found, by=person)
    except AlertActionError:
        messages.error(request, _("This alert has already been handled."))
        return _back(request, reverse("radar:alert", args=[found.pk]))
    messages.success(request, _("Case opened: you are now in contact with %(name)s.") % {"name": found.person.name})
    return redirect("care:case", pk=case.pk)


# ----------------------------------------------------------------------------------------- team pages


@roles_required(*TEAM_ROLES)
def teams(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    visible = radar_teams(person)
    if len(visible) == 1:
        return redirect("radar:team", pk=visible[0].pk)
    return render(request, "radar/teams.html", {"teams": visible})


@roles_required(*TEAM_ROLES)
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's workload by agent, its operational alerts, k-anonymous check-up aggregates and hostile exposure by hour.

    No individual risk level and no individual check-up data: team leads read this page.
    """
    person = require_person(request)
    the_team = access_team(person, pk)
    today, language = timezone.localdate(), _language()
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir", "desc") != "asc"
    members = selectors_centre.team_members(team=the_team)
    rows = selectors_centre.team_load_week(members=members, today=today, sort=sort, descending=descending)
    columns = selectors_centre.TEAM_LOAD_COLUMNS
    subteams = len({m.team_id for m in members}) > 1
    headers = [_("Agent"), *([_("Team")] if subteams else []), *[str(label) for _k, label, _kind in columns]]
    table = [[r.person.name, *([r.person.team.name if r.person.team else ""] if subteams else []),
              *[_number(r.values[key], kind) for key, _l, kind in columns]] for r in rows]
    if resp := table_export(request=request, filename=f"team-load-{the_team.name}", headers=headers, rows=table):
        return resp
    period, survey = selectors_centre.team_survey(team=the_team, language=language)
    from hearth.care.selectors_cases import lead_referrals

    is_lead = person.has_role(Role.TEAM_LEAD)
    referred = lead_referrals(reader=person, people=members) if is_lead else {}
    alerts = [(a, selectors_centre.team_alert_text(a)) for a in selectors_centre.team_alerts_recent(team=the_team, today=today)]
    return render(request, "radar/team.html", {
        "team": the_team, "rows": rows, "columns": columns, "sort": sort, "descending": descending,
        "subteams": subteams, "alerts": alerts, "period": period, "survey": survey, "k": the_team.centre.k,
        "heat": selectors_centre.hostile_heat_map(members=members, centre=the_team.centre), "hours": range(24),
        "today": today, "is_lead": is_lead, "referred": referred,
    })


@roles_required(Role.TEAM_LEAD)
@require_POST
def team_refer(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """The lead refers an agent of the team to the social worker; the lead learns nothing of the case."""
    from hearth.care.services import case_refer
    from hearth.care.services_cases import CaseRuleError

    lead = require_person(request)
    the_team = access_team(lead, pk)
    agent = next((m for m in selectors_centre.team_members(team=the_team) if m.pk == person_pk), None)
    if agent is None:
        raise Http404
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("concern", [])))
        return redirect("radar:team", pk=the_team.pk)
    try:
        case_refer(person=agent, by=lead, concern=form.cleaned_data["concern"])
    except CaseRuleError:
        messages.error(request, _("This referral could not be made."))
    else:
        messages.success(request, _("%(name)s has been referred to the social worker.") % {"name": agent.name})
    return redirect("radar:team", pk=the_team.pk)


def _number(value: float | None, kind: str) -> float | int | None:
    if value is None:
        return None
    return int(round(value)) if kind == "int" else round(value, 1)


# ------------------------------------------------------------------------------------ the agent's week


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The agent's own week: load against usual, latest check-up, risk in words, nudges, tips, support."""
    person = require_person(request)
    from hearth.care.forms import SupportRequestForm
    from hearth.care.selectors_cases import has_open_case

    week = selectors.my_week(person=person, today=timezone.localdate(), language=_language())
    return render(request, "radar/mine.html", {
        "w": week, "support_form": SupportRequestForm(), "has_case": has_open_case(person=person),
    })


# -------------------------------------------------------------------------------------- administration


@roles_required(*ADMIN_ROLES)
def runs(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    found = selectors.risk_runs(centre=person.centre)
    headers = [_("Requested"), _("Up to"), _("Trigger"), _("Status"), _("Agents"), _("Alerts"), _("Team alerts"),
               _("Duration (s)"), _("Errors")]
    rows = [[r.created_at, r.as_of, r.trigger, r.get_status_display(), r.counts.get("agents"), r.counts.get("alerts"),
             r.counts.get("team_alerts"), round(r.duration_seconds, 1) if r.duration_seconds is not None else None,
             "; ".join(r.errors[:1])] for r in found]
    if resp := table_export(request=request, filename="radar-runs", headers=headers, rows=rows):
        return resp
    return render(request, "radar/runs.html", {"runs": found})


@roles_required(*ADMIN_ROLES)
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    """Queue a radar run for the admin's centre (the worker picks it up)."""
    person = require_person(request)
    from hearth.radar.services import risk_run_request

    run = risk_run_request(centre=person.centre, by=person, trigger="manual")
    messages.success(request, _("Run %(n)s queued for %(day)s.") % {"n": run.pk, "day": run.as_of.isoformat()})
    return redirect("radar:runs")


@roles_required(*ADMIN_ROLES)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """One run's table row (htmx polls it every 2 s while the run is queued or running)."""
    person = require_person(request)
    return render(request, "radar/runs.html#run_row", {"run": access_run(person, pk)})


@roles_required(*ADMIN_ROLES)
def radar_settings(request: HttpRequest) -> HttpResponse:
    """The centre's alert thresholds and risk-model overrides; nothing is saved unless all of it is valid."""
    person = require_person(request)
    form = RadarSettingsForm(request.POST or None, instance=selectors.radar_settings_current(centre=person.centre))
    if request.method == "POST" and form.is_valid():
        radar_settings_set(centre=person.centre, by=person, values=form.values(),
                           risk_overrides=form.cleaned_data["risk_overrides_text"])
        messages.success(request, _("Saved. The next run uses these settings."))
        return redirect("radar:settings")
    return render(request, "radar/settings.html", {"form": form})


@roles_required(*MODEL_ROLES)
def models_page(request: HttpRequest) -> HttpResponse:
    """The centre-fitted models' held-out validation against the points model, and which one is in use."""
    person = require_person(request)
    from hearth.radar.fitting import fits_latest

    return render(request, "radar/models.html", {"fits": fits_latest(centre=person.centre, language=_language()),
                                                 "can_fit": person.has_role(*ADMIN_ROLES)})


@roles_required(*ADMIN_ROLES)
@require_POST
def models_fit_now(request: HttpRequest) -> HttpResponse:
    """Refit and revalidate both models on the centre's history now (the nightly run does it every 4 weeks)."""
    person = require_person(request)
    from hearth.radar.fitting import risk_models_fit

    risk_models_fit(centre=person.centre)
    messages.success(request, _("Models refitted and validated on the latest history."))
    return redirect("radar:models")
