"""Rows the radar pages read, made directly (no run needed): risk weeks, alerts, agent-days, hostile messages.

Shared by the page and queue tests and the browser tests (tests/e2e/test_radar.py); no tests here.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from hearth.ingest.models import AgentDay, FeatureRun, SourceConversation, SourceMessage
from hearth.people.models import Person
from hearth.radar.models import Alert, RiskRun, RiskWeek, TeamAlert

_keys = itertools.count(1)


def hostile_reason(day: date, count: int = 12) -> dict[str, Any]:
    start = day - timedelta(days=6)
    return {"code": "hostile_exposure", "params": {"count": count, "ratio": 2.5, "against": "team"}, "weight": 20.0,
            "evidence": f"days/{start.isoformat()}/{day.isoformat()}/hostile_exposure"}


def checkup_reason(day: date) -> dict[str, Any]:
    return {"code": "checkup_level", "params": {"instrument": "cbi", "subscale": "client", "value": 70, "level": 2},
            "weight": 50.0, "evidence": f"checkups/{day.isoformat()}/cbi.client"}


def night_reason(day: date) -> dict[str, Any]:
    start = day - timedelta(days=6)
    return {"code": "night_overtime", "params": {"nights": 4, "in_a_row": 4, "hours": 9.5}, "weight": 25.0,
            "evidence": f"days/{start.isoformat()}/{day.isoformat()}/night_overtime"}


def risk_week(person: Person, as_of: date, *, level: int = 0, basic: int | None = None, belonging: int | None = None,
              developmental: int | None = None, reasons: dict[str, list[dict[str, Any]]] | None = None) -> RiskWeek:
    """A risk week; a type's level defaults to the overall level for basic and 0 for the others."""
    basic = level if basic is None else basic
    belonging = 0 if belonging is None else belonging
    developmental = 0 if developmental is None else developmental
    score = [10.0, 30.0, 60.0, 80.0][level]
    if reasons is None:
        reasons = {"basic": [hostile_reason(as_of), night_reason(as_of)], "belonging": [], "developmental": [],
                   "overall": [hostile_reason(as_of)]} if level else {}
    return RiskWeek.objects.create(
        person=person, as_of=as_of, model_version="test", level=level, score=score, level_basic=basic,
        level_belonging=belonging, level_developmental=developmental, score_basic=score, score_belonging=10.0,
        score_developmental=10.0, reasons=reasons, has_checkup=any(r["code"].startswith("checkup") for rs in reasons.values() for r in rs),
    )


def alert(person: Person, *, kind: str = "high_risk", route: str = "outreach", level: int = 2,
          burnout_type: str = "basic", as_of: date | None = None, status: str = "open",
          reasons: list[dict[str, Any]] | None = None, created_at: datetime | None = None, **fields: Any) -> Alert:
    as_of = as_of or timezone.localdate() - timedelta(days=1)
    params = fields.pop("params", {"score": 60.0, "before": 30.0})
    return Alert.objects.create(
        person=person, kind=kind, route=route, as_of=as_of, level=level, burnout_type=burnout_type,
        params=params, reasons=reasons if reasons is not None else [hostile_reason(as_of), checkup_reason(as_of)],
        created_at=created_at or timezone.now(), status=status, dedupe_key=f"test:{next(_keys)}", **fields,
    )


def team_alert(team: Any, *, kind: str = "hostile_exposure", day: date | None = None, **params: Any) -> TeamAlert:
    return TeamAlert.objects.create(
        team=team, kind=kind, day=day or timezone.localdate(), created_at=timezone.now(),
        params=params or {"count": 3, "threshold": 5, "agents": ["Alice", "Bob", "Night agent 1"]},
        dedupe_key=f"test:{next(_keys)}",
    )


def agent_days(person: Person, days: dict[date, dict[str, Any]]) -> None:
    """AgentDay rows with the given features (one feature run for them all)."""
    run = FeatureRun.objects.create(centre_id=person.centre_id, started_at=timezone.now(), engine_version="test",
                                    status="succeeded")
    AgentDay.objects.bulk_create([AgentDay(person=person, day=d, features=f, run=run, engine_version="test")
                                  for d, f in days.items()])


def a_week_of_load(person: Person, *, until: date | None = None, hostile: int = 2, work_minutes: float = 540) -> None:
    """Seven working days to `until` (default today): 20 conversations, `hostile` hostile ones, some night work."""
    until = until or timezone.localdate()
    agent_days(person, {
        until - timedelta(days=i): {
            "conversations": 20, "hostile_conversations": hostile, "night_minutes": 60.0, "work_minutes": work_minutes,
            "consecutive_days": 7 - i, "first_response_seconds_mean": 90.0,
        } for i in range(7)
    })


def hostile_messages(person: Person, moments: list[datetime]) -> None:
    """One conversation per moment, handled by `person`, where the customer wrote something hostile."""
    for moment in moments:
        n = next(_keys)
        conversation = SourceConversation.objects.create(centre_id=person.centre_id, source="zendesk", external_id=f"c{n}")
        SourceMessage.objects.create(conversation=conversation, external_id="1", sent_at=moment, author_role="customer",
                                     hostile=True, detectors_version="test")
        SourceMessage.objects.create(conversation=conversation, external_id="2", sent_at=moment + timedelta(minutes=2),
                                     author_role="agent", person=person, detectors_version="test")


def risk_run(centre: Any, **fields: Any) -> RiskRun:
    fields.setdefault("as_of", timezone.localdate() - timedelta(days=1))
    fields.setdefault("created_at", timezone.now())
    return RiskRun.objects.create(centre=centre, **fields)
