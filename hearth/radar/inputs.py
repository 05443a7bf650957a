"""What the risk model reads, gathered from the database: check-ups, agent-days and team medians.

Reads sensitive scores without auditing: this feeds the nightly computation, not a person. Every
page that shows a result audits its own read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from statistics import median
from typing import Any

from hearth.assessments.selectors import scores_for_models
from hearth.engine.risk import AgentInput, CheckupSnapshot
from hearth.ingest.models import AgentDay
from hearth.people.models import Person

# Features whose team median is the reference for "× the team median".
TEAM_MEDIAN_FEATURES = ("conversations", "hostile_conversations", "work_minutes")


def checkups_of(person_ids: Iterable[int], *, until: date) -> dict[int, list[CheckupSnapshot]]:
    """Each person's submitted check-ups up to `until`, oldest first."""
    grouped: dict[tuple[int, int], dict[str, Any]] = {}
    rows = scores_for_models(person_ids=person_ids, until=until)
    for person_id, invitation_id, instrument, subscale, value, level, submitted_at in rows:
        entry = grouped.setdefault((person_id, invitation_id), {"at": submitted_at, "scores": {}, "levels": {}})
        entry["scores"][(instrument, subscale)] = float(value)
        if level is not None:
            entry["levels"][(instrument, subscale)] = int(level)
    out: dict[int, list[CheckupSnapshot]] = defaultdict(list)
    for (person_id, _invitation), entry in sorted(grouped.items(), key=lambda kv: kv[1]["at"]):
        out[person_id].append(CheckupSnapshot(entry["at"].date(), entry["scores"], entry["levels"]))
    return out


def days_of(person_ids: Iterable[int], *, since: date, until: date) -> dict[int, list[dict[str, Any]]]:
    """Each person's agent-day features in [since, until], as the engine's day rows."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = AgentDay.objects.filter(person_id__in=list(person_ids), day__gte=since, day__lte=until).values_list(
        "person_id", "day", "features"
    ).order_by("day")
    for person_id, day, features in rows:
        out[person_id].append({**features, "day": day})
    return out


def team_medians(days: dict[int, list[dict[str, Any]]], members: dict[int, list[int]]) -> dict[int, list[dict[str, Any]]]:
    """Per team, the median over its working agents of each reference feature, day by day."""
    out: dict[int, list[dict[str, Any]]] = {}
    for team_id, people in members.items():
        by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
        for person_id in people:
            for row in days.get(person_id, ()):
                if row.get("work_minutes") or row.get("conversations"):
                    by_day[row["day"]].append(row)
        out[team_id] = [
            {"day": day, **{key: median(float(r.get(key) or 0) for r in rows) for key in TEAM_MEDIAN_FEATURES}}
            for day, rows in sorted(by_day.items())
        ]
    return out


def risk_inputs(*, people: list[Person], as_of: date, history_days: int = 7 * 27) -> list[AgentInput]:
    """The model's input for every person: check-ups to `as_of`, days in the history window, team medians."""
    ids = [p.pk for p in people]
    checkups = checkups_of(ids, until=as_of)
    days = days_of(ids, since=as_of - timedelta(days=history_days), until=as_of)
    members: dict[int, list[int]] = defaultdict(list)
    for p in people:
        if p.team_id is not None:
            members[p.team_id].append(p.pk)
    medians = team_medians(days, members)
    return [
        AgentInput(str(p.pk), checkups.get(p.pk, []), days.get(p.pk, []),
                   medians.get(p.team_id) if p.team_id is not None else None)
        for p in people
    ]
