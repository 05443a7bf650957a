"""The nightly radar run: fresh features → weekly risk per agent → alerts, with a run record.

Re-running a night is safe: the week's RiskWeek rows are replaced, and every alert and notice
carries a dedupe key, so nothing is sent twice.
"""

from __future__ import annotations

import logging
import traceback
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hearth.assessments.selectors import outreach_consenting_ids
from hearth.engine.risk import MODEL_VERSION, RiskAssessment, RiskConfig, RiskModel
from hearth.engine.risk_alerts import RiskPoint, alert_kinds, hostile_bursts, over_cap
from hearth.ingest.models import AgentDay, FeatureRun, IngestRun, SourceMessage
from hearth.people.models import Centre, Person, PersonStatus, Role, Team
from hearth.radar.inputs import risk_inputs
from hearth.radar.models import (
    Alert,
    AlertKind,
    AlertRoute,
    RadarSettings,
    RiskRun,
    RiskWeek,
    RunStatus,
    TeamAlert,
    TeamAlertKind,
)

log = logging.getLogger(__name__)


def radar_settings(*, centre: Centre) -> RadarSettings:
    """The centre's radar settings, created with the defaults on first use."""
    settings, _ = RadarSettings.objects.get_or_create(centre=centre)
    return settings


def risk_model_for(*, centre: Centre) -> RiskModel:
    """The points model with the centre's overrides."""
    overrides = radar_settings(centre=centre).risk_overrides
    config = RiskConfig.default().with_overrides(overrides) if overrides else RiskConfig.default()
    return RiskModel(config)


def default_as_of(centre: Centre, now: datetime | None = None) -> date:
    """The last whole day in the centre's time zone: the day a nightly run assesses up to."""
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(centre.time_zone)).date() - timedelta(days=1)


def risk_run_request(
    *, centre: Centre, by: Person | None, trigger: str = "manual", as_of: date | None = None
) -> RiskRun:
    """Queue a run on the worker (an admin's "run now", or the nightly schedule)."""
    run = RiskRun.objects.create(
        centre=centre, as_of=as_of or default_as_of(centre), trigger=trigger, requested_by=by,
        created_at=timezone.now(),
    )
    from hearth.radar.tasks import risk_run_task

    run_id = run.pk
    transaction.on_commit(lambda: risk_run_task.enqueue(run_id))
    return run


def risk_nightly_due(*, now: datetime | None = None) -> list[RiskRun]:
    """Queue tonight's run for every centre whose run hour has come and that has none for the day."""
    now = now or timezone.now()
    queued = []
    for centre in Centre.objects.all():
        local = now.astimezone(ZoneInfo(centre.time_zone))
        if local.hour < radar_settings(centre=centre).run_hour:
            continue
        as_of = local.date() - timedelta(days=1)
        if RiskRun.objects.filter(centre=centre, as_of=as_of, trigger="nightly").exists():
            continue
        queued.append(risk_run_request(centre=centre, by=None, trigger="nightly", as_of=as_of))
    return queued


def risk_run(*, run: RiskRun) -> RiskRun:
    """Do the run: features if new helpdesk data came in, risk for every active agent, then alerts."""
    started = timezone.now()
    RiskRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=started, step="features", progress=5)
    counts: dict[str, Any] = {}
    try:
        counts["feature_rows"] = _features_refresh(run.centre, run.as_of)
        _progress(run, "risk", 30)
        weeks = _risk_compute(run)
        counts["agents"] = len(weeks)
        counts["weeks"] = len(weeks)
        counts["levels"] = {str(level): sum(1 for w in weeks if w.level == level) for level in range(4)}
        _progress(run, "models", 60)
        counts.update(_models_refresh(run, weeks))
        _progress(run, "alerts", 70)
        with transaction.atomic():  # all of the night's alerts and notices, or none (a re-run makes them)
            counts.update(_alerts_raise(run, weeks))
        RiskRun.objects.filter(pk=run.pk).update(
            status=RunStatus.SUCCEEDED, step="done", progress=100, counts=counts, finished_at=timezone.now(),
            model_version=MODEL_VERSION,
        )
    except Exception as exc:
        log.exception("risk run %s failed", run.pk)
        RiskRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, counts=counts, finished_at=timezone.now(),
            errors=[f"{type(exc).__name__}: {exc}", *traceback.format_exc().splitlines()[-6:]],
        )
    run.refresh_from_db()
    return run


def _models_refresh(run: RiskRun, weeks: list[RiskWeek]) -> dict[str, Any]:
    """Refit the centre's own models every few weeks; add the leaving estimate when a fitted model won."""
    from hearth.radar.fitting import fitted_predictions, risk_models_due, risk_models_fit

    out: dict[str, Any] = {}
    if risk_models_due(centre=run.centre):
        out["fits"] = {f.kind: f.use_fitted for f in risk_models_fit(centre=run.centre)}
    out["fitted_predictions"] = fitted_predictions(centre=run.centre, weeks=weeks)
    return out


def _progress(run: RiskRun, step: str, percent: int) -> None:
    RiskRun.objects.filter(pk=run.pk).update(step=step, progress=percent)


def _features_refresh(centre: Centre, as_of: date) -> int:
    """Recompute agent-days when helpdesk data arrived after the last feature run; rows written."""
    from hearth.ingest.features import agent_days_recompute

    last_features = FeatureRun.objects.filter(centre=centre, status="succeeded").aggregate(at=Max("started_at"))["at"]
    last_ingest = IngestRun.objects.filter(centre=centre, status="succeeded").aggregate(at=Max("finished_at"))["at"]
    if last_ingest is None or (last_features is not None and last_features >= last_ingest):
        return 0
    run = agent_days_recompute(centre=centre, touched={0: {as_of - timedelta(days=7)}})
    return run.rows


def _agents(centre: Centre) -> list[Person]:
    return list(
        Person.objects.filter(centre=centre, status=PersonStatus.ACTIVE, roles__role=Role.AGENT)
        .select_related("team").distinct().order_by("pk")
    )


def _risk_compute(run: RiskRun) -> list[RiskWeek]:
    """Assess every active agent for the rolling week ending as_of and replace that week's rows."""
    people = _agents(run.centre)
    model = risk_model_for(centre=run.centre)
    inputs = risk_inputs(people=people, as_of=run.as_of)
    results = model.assess_many(inputs, week_start=run.as_of - timedelta(days=6))
    rows = [_risk_week(run, result) for result in results]
    with transaction.atomic():
        RiskWeek.objects.filter(person__in=people, as_of=run.as_of).delete()
        RiskWeek.objects.bulk_create(rows, batch_size=1000)
    return list(RiskWeek.objects.filter(run=run).select_related("person", "person__team"))


def _risk_week(run: RiskRun, result: RiskAssessment) -> RiskWeek:
    by_type = {t.type: t for t in result.types}
    reasons = {
        t.type: [{"code": r.code, "params": r.params, "weight": r.weight, "evidence": r.evidence} for r in t.reasons]
        for t in (*result.types, result.overall)
    }
    return RiskWeek(
        person_id=int(result.agent_id), as_of=run.as_of, run=run, model_version=result.model_version,
        level=result.overall.level, score=result.overall.score,
        level_basic=by_type["basic"].level, level_belonging=by_type["belonging"].level,
        level_developmental=by_type["developmental"].level,
        score_basic=by_type["basic"].score, score_belonging=by_type["belonging"].score,
        score_developmental=by_type["developmental"].score, reasons=reasons,
        has_checkup=any(r["code"].startswith("checkup") for rs in reasons.values() for r in rs),
    )


# ---------------------------------------------------------------------------------------- alerts


def _alerts_raise(run: RiskRun, weeks: list[RiskWeek]) -> dict[str, int]:
    settings = radar_settings(centre=run.centre)
    people = [w.person for w in weeks]
    consenting = outreach_consenting_ids(person_ids=[p.pk for p in people])
    before = {
        w.person_id: w for w in RiskWeek.objects.filter(person__in=people, as_of=run.as_of - timedelta(days=7))
    }
    last_high = dict(
        Alert.objects.filter(person__in=people, kind=AlertKind.HIGH_RISK, as_of__lt=run.as_of)
        .values("person_id").annotate(last=Max("as_of")).values_list("person_id", "last")
    )
    created: list[Alert] = []
    now = timezone.now()
    for week in weeks:
        prior = before.get(week.person_id)
        kinds = alert_kinds(
            now=RiskPoint(week.as_of, week.level, week.score),
            week_before=RiskPoint(prior.as_of, prior.level, prior.score) if prior else None,
            last_high_alert=last_high.get(week.person_id), rise_points=settings.rise_points,
        )
        for kind in kinds:
            params = {"score": week.score, "before": prior.score if prior else None}
            alert = _alert_create(
                person=week.person, kind=kind, as_of=week.as_of, week=week, consenting=consenting, params=params,
                dedupe_key=f"{kind}:{week.person_id}:{week.as_of.isoformat()}", now=now,
            )
            if alert is not None:
                created.append(alert)
    spikes = hostile_spikes_detect(centre=run.centre, since=_day_start(run.centre, run.as_of),
                                   until=_day_start(run.centre, run.as_of + timedelta(days=1)),
                                   consenting=consenting)
    team_alerts = _team_alerts_raise(run, settings)
    _announce(run.centre, created + spikes)
    return {"alerts": len(created) + len(spikes), "team_alerts": team_alerts + len(spikes)}


def _day_start(centre: Centre, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(centre.time_zone))


def _route(person_id: int, consenting: set[int]) -> str:
    return AlertRoute.OUTREACH if person_id in consenting else AlertRoute.NUDGE


def _alert_create(
    *, person: Person, kind: str, as_of: date, week: RiskWeek | None, consenting: set[int],
    params: dict[str, Any], dedupe_key: str, now: datetime,
) -> Alert | None:
    """Create the alert once per dedupe key; None when it already exists."""
    if Alert.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    top_type = ""
    reasons: list[dict[str, Any]] = []
    level = 0
    if week is not None:
        scores = {"basic": week.score_basic, "belonging": week.score_belonging,
                  "developmental": week.score_developmental}
        top_type = max(scores, key=lambda t: (scores[t], t))
        reasons = week.reasons.get("overall", [])
        level = week.level
    return Alert.objects.create(
        person=person, kind=kind, route=_route(person.pk, consenting), as_of=as_of, risk_week=week, level=level,
        burnout_type=top_type, params=params, reasons=reasons, created_at=now, dedupe_key=dedupe_key,
    )


def hostile_spikes_now(*, centre: Centre, days: set[date]) -> int:
    """Right after an import: alert on spikes in the days just loaded (each spike once); how many were new."""
    if not days:
        return 0
    with transaction.atomic():
        alerts = hostile_spikes_detect(centre=centre, since=_day_start(centre, min(days)),
                                       until=_day_start(centre, max(days) + timedelta(days=1)))
        _announce(centre, alerts)
    return len(alerts)


def hostile_spikes_detect(
    *, centre: Centre, since: datetime, until: datetime, consenting: set[int] | None = None
) -> list[Alert]:
    """Alerts for agents who just had several abusive chats in a short time, and the team alert for their leads."""
    settings = radar_settings(centre=centre)
    hostile = (
        SourceMessage.objects.filter(conversation__centre=centre, author_role="customer", hostile=True,
                                     sent_at__gte=since, sent_at__lt=until)
        .values_list("conversation_id", "sent_at")
    )
    first_hostile: dict[int, datetime] = {}
    for conversation_id, sent_at in hostile:
        if conversation_id not in first_hostile or sent_at < first_hostile[conversation_id]:
            first_hostile[conversation_id] = sent_at
    if not first_hostile:
        return []
    handler: dict[int, int] = {}
    for conversation_id, person_id in (
        SourceMessage.objects.filter(conversation_id__in=list(first_hostile), person__isnull=False)
        .order_by("sent_at").values_list("conversation_id", "person_id")
    ):
        handler.setdefault(conversation_id, person_id)
    events = [(str(handler[c]), at) for c, at in first_hostile.items() if c in handler]
    bursts = hostile_bursts(events, min_count=settings.burst_count, window=timedelta(minutes=settings.burst_minutes))
    if not bursts:
        return []
    people = {p.pk: p for p in Person.objects.filter(pk__in=[int(b.agent_id) for b in bursts]).select_related("team")}
    if consenting is None:
        consenting = outreach_consenting_ids(person_ids=people)
    zone = ZoneInfo(centre.time_zone)
    now = timezone.now()
    created = []
    for burst in bursts:
        person = people[int(burst.agent_id)]
        minutes = max(1, round((burst.end - burst.start).total_seconds() / 60))
        local = burst.start.astimezone(zone)
        params = {"count": burst.count, "minutes": minutes, "at": local.strftime("%Y-%m-%d %H:%M")}
        key = f"hostile_spike:{person.pk}:{burst.start.isoformat()}"
        alert = _alert_create(person=person, kind=AlertKind.HOSTILE_SPIKE, as_of=local.date(), week=None,
                              consenting=consenting, params=params, dedupe_key=key, now=now)
        if alert is None:
            continue
        created.append(alert)
        if person.team is not None:
            _team_alert(person.team, TeamAlertKind.HOSTILE_BURST, local.date(),
                        {**params, "agents": [person.name], "agent_ids": [person.employee_id]}, key)
    return created


def _team_alerts_raise(run: RiskRun, settings: RadarSettings) -> int:
    """Operational alerts for team leads from the day's and week's load: never from check-ups."""
    day_rows = AgentDay.objects.filter(
        person__centre=run.centre, person__status=PersonStatus.ACTIVE,
        day__gt=run.as_of - timedelta(days=7), day__lte=run.as_of,
    ).select_related("person", "person__team")
    heavy: dict[int, list[Person]] = defaultdict(list)
    hours: dict[int, dict[Person, float]] = defaultdict(lambda: defaultdict(float))
    teams: dict[int, Team] = {}
    for row in day_rows:
        team = row.person.team
        if team is None:
            continue
        teams[team.pk] = team
        hours[team.pk][row.person] += float(row.features.get("work_minutes") or 0) / 60
        if row.day == run.as_of and (row.features.get("hostile_conversations") or 0) >= settings.team_hostile_day:
            heavy[team.pk].append(row.person)
    made = 0
    day = run.as_of.isoformat()
    for team_id, people in heavy.items():
        if len(people) >= settings.team_hostile_agents:
            people = sorted(people, key=lambda p: p.name)
            params = {"count": len(people), "threshold": settings.team_hostile_day,
                      "agents": [p.name for p in people], "agent_ids": [p.employee_id for p in people]}
            made += _team_alert(teams[team_id], TeamAlertKind.HOSTILE_EXPOSURE, run.as_of, params,
                                f"hostile_exposure:{team_id}:{day}")
    for team_id, per_agent in hours.items():
        by_id = {str(p.pk): p for p in per_agent}
        over = over_cap([(str(p.pk), h) for p, h in per_agent.items()], settings.overtime_cap_hours)
        if over:
            params = {"count": len(over), "cap": settings.overtime_cap_hours,
                      "agents": [by_id[pk].name for pk, _ in over],
                      "agent_ids": [by_id[pk].employee_id for pk, _ in over], "hours": [round(h, 1) for _, h in over]}
            made += _team_alert(teams[team_id], TeamAlertKind.OVERTIME_CAP, run.as_of, params,
                                f"overtime_cap:{team_id}:{day}")
    return made


def _team_alert(team: Team, kind: str, day: date, params: dict[str, Any], key: str) -> int:
    """Record a team alert once and tell the team's leads (in-app, email, the team's chat channels)."""
    if TeamAlert.objects.filter(dedupe_key=key).exists():
        return 0
    alert = TeamAlert.objects.create(team=team, kind=kind, day=day, params=params, created_at=timezone.now(),
                                     dedupe_key=key)
    from hearth.radar.notify import team_alert_announce

    team_alert_announce(alert=alert)
    return 1


def _announce(centre: Centre, alerts: list[Alert]) -> None:
    from hearth.radar.notify import alerts_announce

    alerts_announce(centre=centre, alerts=alerts)
