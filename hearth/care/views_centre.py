"""The centre's case-work rules, the break-glass read, and the outcomes of case work and programmes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.care import selectors_cases, selectors_outcomes, services_cases
from hearth.care.access import (
    BREAK_GLASS_MIN_REASON,
    access_case_break_glass,
    break_glass_available,
)
from hearth.care.services_cases import CaseRuleError
from hearth.care.views_cases import _int, case_page, rule_message
from hearth.core.access import client_ip, require_person, roles_required
from hearth.core.exports import table_export
from hearth.people.models import Role


@roles_required(Role.ADMIN, Role.MANAGER)
def care_settings(request: HttpRequest) -> HttpResponse:
    """Turn supervisor approvals and break-glass reads on or off; name the social-work supervisor."""
    reader = require_person(request)
    current = services_cases.care_settings(centre_id=reader.centre_id)
    workers = {p.pk: p for p in selectors_cases.social_workers_of(centre_id=reader.centre_id)}
    if request.method == "POST":
        supervisor_pk = _int(request.POST.get("supervisor"))
        break_glass = request.POST.get("break_glass") == "1"
        if supervisor_pk is not None and supervisor_pk not in workers:
            messages.error(request, _("Supervisor: choose a social worker of the centre."))
        elif break_glass and supervisor_pk is None:
            messages.error(request, _("Break-glass reads: name the social-work supervisor first; they are told of every read."))
        else:
            try:
                services_cases.care_settings_update(
                    centre_id=reader.centre_id, by=reader, approvals=request.POST.get("approvals") == "1",
                    break_glass=break_glass, supervisor=workers.get(supervisor_pk) if supervisor_pk else None)
            except CaseRuleError as error:
                messages.error(request, rule_message(error))
            else:
                messages.success(request, _("Case-work settings saved."))
                return redirect("care:settings")
    return render(request, "care/settings.html", {"settings": current, "workers": workers.values()})


@roles_required(Role.ADMIN)
def break_glass(request: HttpRequest) -> HttpResponse:
    """An administrator's emergency read of a person's case: a written reason first; audited; the supervisor is told."""
    reader = require_person(request)
    if break_glass_available(reader) is None:
        raise Http404
    if request.method == "POST":
        employee_id = request.POST.get("employee_id", "")
        try:
            case = access_case_break_glass(reader, employee_id, reason=request.POST.get("reason", ""),
                                           ip=client_ip(request))
        except ValueError:
            messages.error(request, _("Reason: write at least %(n)s characters saying why this cannot wait.")
                           % {"n": BREAK_GLASS_MIN_REASON})
        else:
            if case is not None:
                return case_page(request, case, reader, read_only=True)
            messages.error(request, _("Employee id %(id)s: no case found. The look-up is in the audit log.")
                           % {"id": employee_id.strip()})
    return render(request, "care/break_glass.html", {"min_reason": BREAK_GLASS_MIN_REASON})


@roles_required(Role.SOCIAL_WORKER, Role.HR, Role.MANAGER)
def outcomes(request: HttpRequest) -> HttpResponse:
    """What case work and programmes changed, for people who consented to be counted; nothing under k."""
    reader = require_person(request)
    months = _int(request.GET.get("months"), 12) or 12
    months = months if months in (3, 6, 12, 24) else 12
    since = timezone.localdate() - timedelta(days=round(months * 30.44))
    rows = selectors_outcomes.case_type_outcomes(centre=reader.centre, language=request.LANGUAGE_CODE, since=since)
    headers = [_("Cases"), _("Measure"), _("Counted cases"), _("People with before and after"), _("Mean before"),
               _("Mean after"), _("Hedges' g"), _("95 per cent interval of g"), _("Mean goal attainment (T)"),
               _("Median days to improvement")]
    table = [[r.label, r.measure, _n(r.cases), r.change.n, _f(r.change.mean_before), _f(r.change.mean_after),
              _f(r.change.g_av), _interval(r.change.g_ci_low, r.change.g_ci_high), _f(r.goals.mean_t, 1),
              r.improvement.median_days] for r in rows]
    if resp := table_export(request=request, filename="case-outcomes", headers=headers, rows=table):
        return resp
    return render(request, "care/outcomes.html", {
        "rows": rows, "months": months, "month_choices": (3, 6, 12, 24), "k": max(reader.centre.k_anonymity, 3),
        "programmes": _programme_outcomes(reader),
        "activities": _activity_participation(reader, since),
    })


def _n(value: int) -> int | None:
    return value if value >= 0 else None


def _f(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _interval(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:.2f} – {high:.2f}"


def _programme_outcomes(reader: Any) -> list[Any]:
    """Every group programme of the centre with its anonymous outcome (nothing under k, no member named)."""
    from hearth.programmes.selectors import programmes_overview

    return programmes_overview(centre=reader.centre)


def _activity_participation(reader: Any, since: date) -> list[Any]:
    """Participation in preventive activities by kind since `since` (people counts under k hidden)."""
    from hearth.activities.selectors_report import participation_summary

    zone = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tzinfo=zone)
    return participation_summary(centre=reader.centre, since=start, until=timezone.now())
