"""Reads of individual risk for the radar pages, and the words they are shown in.

A named person's risk leaves this module only through a function that serves the person themself
(`my_week`) or writes an audit event in the same transaction (`outreach_queue`,
`alert_for_social_worker`). Team and centre pages read `selectors_centre`: workload, k-anonymous
counts and survey aggregates, never an individual's risk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.assessments.selectors import (
    my_results,
    outreach_consenting_ids,
)
from hearth.audit.services import audit_record, audit_record_many
from hearth.engine.burnout_types import burnout_types
from hearth.engine.instruments import text_for
from hearth.engine.risk import TYPES, Reason
from hearth.ingest.models import AgentDay
from hearth.people.models import Centre, Person
from hearth.radar.models import (
    Alert,
    AlertKind,
    AlertRoute,
    AlertStatus,
    RadarSettings,
    RiskRun,
    RiskWeek,
)

LEVEL_NAMES = (gettext_lazy("Low"), gettext_lazy("Watch"), gettext_lazy("High"), gettext_lazy("Severe"))
LEVEL_KEYS = ("low", "watch", "high", "severe")  # colours in charts.js / hearth.css
HIGH = 2
WEEKS = 12

# Plain-word names of the reasons behind a risk level (hearth.engine.risk signal and check-up codes).
REASON_NAMES = {
    "hostile_exposure": gettext_lazy("Hostile customers"),
    "hostile_run": gettext_lazy("Hostile customers several days in a row"),
    "night_overtime": gettext_lazy("Night shifts with overtime"),
    "long_hours": gettext_lazy("Long weekly hours"),
    "quick_returns": gettext_lazy("Short rest between shifts"),
    "consecutive_days": gettext_lazy("Many working days in a row"),
    "volume_pressure": gettext_lazy("More conversations than usual"),
    "response_pressure": gettext_lazy("Slower first replies than usual"),
    "canned_rise": gettext_lazy("More canned replies"),
    "empathy_drop": gettext_lazy("Less empathy in replies"),
    "csat_drop": gettext_lazy("Customer satisfaction falling"),
    "no_leave": gettext_lazy("No break for a long time"),
    "checkup_level": gettext_lazy("Check-up result"),
    "checkup_rise": gettext_lazy("Check-up result getting worse"),
}

# A few practical things an agent can do, per burnout type (the agent's own page).
TIPS = {
    "basic": [
        gettext_lazy("Take your breaks away from the screen, even five minutes: stand up, drink water, look outside."),
        gettext_lazy("After a hard call, breathe out slowly three times before taking the next one."),
        gettext_lazy("Protect your sleep: keep at least 11 hours between shifts when you can swap."),
        gettext_lazy("Tell your team lead if the hours are too long; rosters can change."),
    ],
    "belonging": [
        gettext_lazy("Abuse is about the situation, not about you: you may end an abusive chat by the centre's rules."),
        gettext_lazy("Talk a hard conversation through with a colleague you trust."),
        gettext_lazy("Notice one customer a day you really helped, and write it down."),
        gettext_lazy("Use your own words in one reply in ten instead of a template."),
    ],
    "developmental": [
        gettext_lazy("Ask your team lead or trainer for one skill you would like to practise this month."),
        gettext_lazy("Look back at what you handle now that you could not a few months ago."),
        gettext_lazy("If you are thinking about leaving, a confidential talk with the social worker can help you sort it out."),
    ],
}


def type_name(burnout_type: str, language: str) -> str:
    """A burnout type's name in the language ('overall' included)."""
    if burnout_type == "overall":
        return _("Overall")
    for t in burnout_types():
        if t.id == burnout_type:
            return text_for(t.name, language)
    return burnout_type


def level_name(level: int | None) -> str:
    return str(LEVEL_NAMES[level]) if level is not None and 0 <= level < len(LEVEL_NAMES) else "—"


def week_level(week: RiskWeek, burnout_type: str) -> int:
    """A risk week's level of one type ('overall' is the week's own level)."""
    return int(week.level if burnout_type == "overall" else getattr(week, f"level_{burnout_type}"))


# ------------------------------------------------------------------------------------------ reasons


@dataclass
class ReasonView:
    """One reason in plain words, with where its data can be looked at."""

    code: str
    text: str
    weight: float
    evidence: str
    evidence_label: str
    url: str


def evidence_label(evidence: str) -> str:
    """'days/2026-11-01/2026-11-07/…' → 'Daily load 2026-11-01 – 2026-11-07'; 'checkups/DATE/…' → 'Check-up of DATE'."""
    parts = evidence.split("/")
    if parts[0] == "days" and len(parts) >= 3:
        return _("Daily load %(start)s – %(end)s") % {"start": parts[1], "end": parts[2]}
    if parts[0] == "checkups" and len(parts) >= 2:
        return _("Check-up of %(day)s") % {"day": parts[1]}
    return evidence


def social_worker_links(subject: Person) -> Callable[[str], str]:
    """Evidence → the social worker's pages: the agent's daily load, or their (consent-gated) check-ups."""

    def link(evidence: str) -> str:
        kind = evidence.split("/", 1)[0]
        if kind == "days":
            return reverse("load:agent", args=[subject.pk])
        if kind == "checkups":
            return reverse("care:person_checkups", args=[subject.pk]) + "?reason=outreach"
        return ""

    return link


def own_links(evidence: str) -> str:
    """Evidence → the agent's own pages."""
    kind = evidence.split("/", 1)[0]
    return {"days": reverse("load:mine"), "checkups": reverse("checkups:mine")}.get(kind, "")


def reasons_view(raw: Iterable[dict[str, Any]], *, language: str, links: Callable[[str], str]) -> list[ReasonView]:
    """Stored reasons ({code, params, weight, evidence}) in plain words, highest weight first."""
    out = []
    for item in raw:
        reason = Reason(str(item.get("code", "")), dict(item.get("params") or {}), float(item.get("weight") or 0),
                        str(item.get("evidence", "")))
        try:
            text = reason.message(language)
        except (KeyError, ValueError, IndexError, TypeError):
            text = str(REASON_NAMES.get(reason.code, reason.code))
        out.append(ReasonView(reason.code, text, reason.weight, reason.evidence, evidence_label(reason.evidence),
                              links(reason.evidence) if reason.evidence else ""))
    return sorted(out, key=lambda r: -r.weight)


def alert_summary(alert: Alert) -> str:
    """What raised the alert, in words."""
    p = alert.params or {}
    try:
        if alert.kind == AlertKind.HOSTILE_SPIKE:
            return _("%(count)s abusive chats in %(minutes)s minutes (%(at)s)") % p
        if alert.kind == AlertKind.SHARP_RISE and p.get("before") is not None:
            return _("risk score rose from %(before)s to %(score)s") % {"before": round(p["before"]), "score": round(p["score"])}
        if p.get("score") is not None:
            return _("risk score %(score)s") % {"score": round(p["score"])}
    except (KeyError, TypeError, ValueError):
        pass
    return str(alert.get_kind_display())


# --------------------------------------------------------------------------------- the outreach queue

QUEUE_STATUSES = ("due", "open", "snoozed", "resolved", "case", "all")
QUEUE_SORTS = ("newest", "level", "team")
QUEUE_PAGE = 25  # alerts per page of the outreach queue


@dataclass
class QueueFilters:
    """What the social worker asked to see; 'due' is open plus snoozed until today or earlier."""

    status: str = "due"
    kind: str = ""
    burnout_type: str = ""
    team_id: int | None = None
    sort: str = "newest"


@dataclass
class QueueRow:
    alert: Alert
    type_name: str
    summary: str
    reasons: list[ReasonView]


@dataclass
class QueuePage:
    """One page of the outreach queue, and how many alerts match in all."""

    rows: list[QueueRow]
    total: int
    page: int
    pages: int


def outreach_queue(
    *, reader: Person, filters: QueueFilters, today: date, language: str, ip: str | None = None,
    action: str = "radar.queue.view", page: int = 1, per_page: int | None = QUEUE_PAGE,
) -> QueuePage:
    """Outreach alerts of the social worker's centre about consenting agents, one page of them (all with
    per_page None); every agent listed on the page is audited."""
    alerts = Alert.objects.filter(route=AlertRoute.OUTREACH, person__centre_id=reader.centre_id).exclude(person=reader)
    status = filters.status
    if status == "due":
        alerts = alerts.filter(Q(status=AlertStatus.OPEN) | Q(status=AlertStatus.SNOOZED, snoozed_until__lte=today))
    elif status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    if filters.kind in AlertKind.values:
        alerts = alerts.filter(kind=filters.kind)
    if filters.burnout_type in TYPES:
        alerts = alerts.filter(burnout_type=filters.burnout_type)
    if filters.team_id is not None:
        alerts = alerts.filter(person__team_id=filters.team_id)
    # Sort and page on light rows; load whole alerts for the page only.
    light = list(alerts.order_by("-created_at", "-pk").values_list("pk", "person_id", "level", "person__team__name",
                                                                    "person__name"))
    allowed = outreach_consenting_ids(person_ids={row[1] for row in light})
    light = [row for row in light if row[1] in allowed]
    if filters.sort == "level":
        light.sort(key=lambda row: -row[2])  # stable: newest first within a level
    elif filters.sort == "team":
        light.sort(key=lambda row: (row[3] or "~", row[4]))
    total = len(light)
    pages = max(1, -(-total // per_page)) if per_page else 1
    page = min(max(1, page), pages)
    chosen = light[(page - 1) * per_page: page * per_page] if per_page else light
    by_pk = Alert.objects.select_related("person", "person__team", "handled_by").in_bulk([row[0] for row in chosen])
    found = [by_pk[row[0]] for row in chosen]
    with transaction.atomic():
        audit_record_many(actor=reader.user, action=action, subjects=list({a.person_id: a.person for a in found}.values()),
                          reason="outreach queue", ip=ip)
    rows = [
        QueueRow(a, type_name(a.burnout_type, language) if a.burnout_type else "—", alert_summary(a),
                 reasons_view(a.reasons, language=language, links=social_worker_links(a.person))[:3])
        for a in found
    ]
    return QueuePage(rows, total, page, pages)


@dataclass
class AlertDetail:
    """Everything the alert page shows about one agent; built by `alert_for_social_worker` (audited)."""

    alert: Alert
    type_name: str
    summary: str
    reasons: list[ReasonView]
    latest: RiskWeek | None
    latest_types: list[dict[str, Any]]
    chart: dict[str, Any]
    chart_headers: list[str]
    chart_rows: list[list[Any]]
    history: list[Alert]
    case_id: int | None = None


def alert_for_social_worker(*, reader: Person, alert: Alert, language: str, ip: str | None = None) -> AlertDetail:
    """One alert with the agent's last 12 weeks of risk, reasons and alert history; the read is audited.

    The caller has already checked access (`hearth.radar.access.access_alert`).
    """
    subject = alert.person
    links = social_worker_links(subject)
    with transaction.atomic():
        weeks = risk_weeks_sampled(person=subject)
        history = list(Alert.objects.filter(person=subject, route=AlertRoute.OUTREACH).select_related("handled_by")
                       .order_by("-created_at", "-pk")[:50])
        audit_record(actor=reader.user, action="radar.alert.view", subject=subject, obj=alert,
                     reason="outreach alert", ip=ip)
    latest = weeks[-1] if weeks else None
    latest_types = week_types_view(latest, language=language, links=links) if latest is not None else []
    chart, headers, rows = risk_chart(weeks, language)
    case_id = (alert.params or {}).get("case_id")
    return AlertDetail(alert, type_name(alert.burnout_type, language) if alert.burnout_type else "—", alert_summary(alert),
                       reasons_view(alert.reasons, language=language, links=links), latest, latest_types,
                       chart, headers, rows, history, int(case_id) if case_id else None)


def week_types_view(week: RiskWeek, *, language: str, links: Callable[[str], str]) -> list[dict[str, Any]]:
    """A risk week's level and reasons for each type and overall, in words."""
    return [
        {"type": t, "name": type_name(t, language), "level": week_level(week, t),
         "level_name": level_name(week_level(week, t)),
         "reasons": reasons_view(week.reasons.get(t, []), language=language, links=links)}
        for t in (*TYPES, "overall")
    ]


def risk_latest_for_case(*, subject: Person, language: str) -> tuple[RiskWeek | None, list[dict[str, Any]]]:
    """The agent's latest risk week and its types in words, for their social worker's case assessment.

    Not audited here: the caller (``care.selectors_outcomes.case_checkups``) audits the read in its transaction.
    """
    latest = RiskWeek.objects.filter(person=subject).order_by("-as_of").first()
    if latest is None:
        return None, []
    return latest, week_types_view(latest, language=language, links=social_worker_links(subject))


def risk_weeks_sampled(*, person: Person, weeks: int = WEEKS) -> list[RiskWeek]:
    """The person's risk weeks, one every 7 days back from the latest, oldest first (one row exists per day)."""
    latest = RiskWeek.objects.filter(person=person).aggregate(at=Max("as_of"))["at"]
    if latest is None:
        return []
    days = [latest - timedelta(days=7 * i) for i in range(weeks)]
    return list(RiskWeek.objects.filter(person=person, as_of__in=days).order_by("as_of"))


def risk_chart(weeks: list[RiskWeek], language: str) -> tuple[dict[str, Any], list[str], list[list[Any]]]:
    """A line chart of levels per type (0 low … 3 severe) and the same data as table rows in words."""
    types = (*TYPES, "overall")
    config = {
        "kind": "line", "labels": [w.as_of.strftime("%m-%d") for w in weeks],
        "series": [{"label": type_name(t, language), "data": [week_level(w, t) for w in weeks]} for t in types],
        "min": 0, "max": 3, "value_title": _("Level (0 low – 3 severe)"), "label_title": _("Week to"),
    }
    headers = [_("Week to"), *[type_name(t, language) for t in types]]
    rows = [[w.as_of.isoformat(), *[level_name(week_level(w, t)) for t in types]] for w in reversed(weeks)]
    return config, headers, rows


# ---------------------------------------------------------------------------------------- weekly load

# What a week of agent-days sums up to, on the team page and the agent's own page.
LOAD_KEYS = ("conversations", "hostile_conversations", "night_hours", "work_hours", "overtime_hours",
             "consecutive_days", "first_reply_minutes")
STANDARD_DAY_MINUTES = 8 * 60


def week_load(days: Iterable[AgentDay | dict[str, Any]]) -> dict[str, float | None]:
    """Sums (maxima for days in a row, a conversation-weighted mean for first replies) over some days."""
    totals = dict.fromkeys(("conversations", "hostile_conversations", "night_hours", "work_hours", "overtime_hours"), 0.0)
    consecutive = 0.0
    frs_sum = frs_weight = 0.0
    seen = False
    for day in days:
        f = day.features if isinstance(day, AgentDay) else day
        seen = True
        work = float(f.get("work_minutes") or 0)
        totals["conversations"] += float(f.get("conversations") or 0)
        totals["hostile_conversations"] += float(f.get("hostile_conversations") or 0)
        totals["night_hours"] += float(f.get("night_minutes") or 0) / 60
        totals["work_hours"] += work / 60
        totals["overtime_hours"] += max(0.0, work - STANDARD_DAY_MINUTES) / 60
        consecutive = max(consecutive, float(f.get("consecutive_days") or 0))
        if f.get("first_response_seconds_mean") is not None:
            weight = max(float(f.get("conversations") or 0), 1.0)
            frs_sum += weight * float(f["first_response_seconds_mean"])
            frs_weight += weight
    if not seen:
        return dict.fromkeys(LOAD_KEYS)
    return {**totals, "consecutive_days": consecutive,
            "first_reply_minutes": frs_sum / frs_weight / 60 if frs_weight else None}


# -------------------------------------------------------------------------------- the agent's own page


@dataclass
class MyWeek:
    """What the agent sees about themself: load, risk in words, nudges. Their own data: not audited."""

    load: list[dict[str, Any]]
    latest: RiskWeek | None
    types: list[dict[str, Any]]
    nudges: list[tuple[Alert, str, list[ReasonView]]]
    last_checkup: Any
    tips: list[tuple[str, str, list[str]]]


MY_LOAD = [("conversations", gettext_lazy("Conversations"), "int"),
           ("hostile_conversations", gettext_lazy("Conversations with a hostile customer"), "int"),
           ("work_hours", gettext_lazy("Hours worked"), "dec"),
           ("night_hours", gettext_lazy("Night hours"), "dec"),
           ("overtime_hours", gettext_lazy("Overtime (over 8 h a day)"), "dec")]


def my_week(*, person: Person, today: date, language: str) -> MyWeek:
    """This week's load against the agent's usual (the four weeks before), their latest risk, nudges and tips."""
    days = list(AgentDay.objects.filter(person=person, day__gt=today - timedelta(days=35), day__lte=today))
    this = week_load(d for d in days if d.day > today - timedelta(days=7))
    earlier = []
    for i in range(1, 5):
        chunk = [d for d in days if today - timedelta(days=7 * (i + 1)) < d.day <= today - timedelta(days=7 * i)]
        if chunk:
            earlier.append(week_load(chunk))
    load = []
    if any(d.day > today - timedelta(days=7) for d in days) or earlier:
        for key, label, kind in MY_LOAD:
            usual = [w[key] for w in earlier if w[key] is not None]
            load.append({"key": key, "label": label, "kind": kind, "this": this[key],
                         "usual": sum(usual) / len(usual) if usual else None})
    latest = RiskWeek.objects.filter(person=person).order_by("-as_of").first()
    types = []
    if latest is not None:
        for t in TYPES:
            level = week_level(latest, t)
            types.append({"type": t, "name": type_name(t, language), "level": level, "level_name": level_name(level),
                          "reasons": reasons_view(latest.reasons.get(t, []), language=language, links=own_links)})
    nudges = [(a, type_name(a.burnout_type, language) if a.burnout_type else "",
               reasons_view(a.reasons, language=language, links=own_links)[:3])
              for a in Alert.objects.filter(person=person, route=AlertRoute.NUDGE).order_by("-created_at", "-pk")[:20]]
    results = my_results(person=person, checkups_only=True)
    tips = [(t, type_name(t, language), [str(tip) for tip in TIPS[t]]) for t in TYPES]
    if types:  # the type that weighs most first
        tips.sort(key=lambda tip: -next(x["level"] for x in types if x["type"] == tip[0]))
    return MyWeek(load, latest, types, nudges, results[-1] if results else None, tips)


# ------------------------------------------------------------------------------------- administration


def risk_runs(*, centre: Centre, limit: int = 30) -> list[RiskRun]:
    """The centre's latest radar runs, newest first."""
    return list(RiskRun.objects.filter(centre=centre).select_related("requested_by").order_by("-created_at", "-pk")[:limit])


def radar_settings_current(*, centre: Centre) -> RadarSettings:
    """The centre's radar settings, or the defaults (unsaved) when it has none yet."""
    return RadarSettings.objects.filter(centre=centre).first() or RadarSettings(centre=centre)
