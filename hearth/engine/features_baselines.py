"""Deviations of each per-agent-day feature from the agent's own past and from the team that day."""

from __future__ import annotations

import statistics
from bisect import bisect_left
from datetime import date
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

BASELINE_FEATURES = (
    "conversations",
    "agent_messages",
    "customer_messages",
    "hostile_messages",
    "night_minutes",
    "first_response_seconds_mean",
    "hostile_conversations",
    "negative_share",
    "response_seconds_mean",
    "handle_seconds",
    "work_minutes",
    "outside_roster_minutes",
    "consecutive_days",
    "rest_hours_before",
    "empathy_rate",
    "canned_rate",
    "csat_mean",
    "csat_count",
)


def with_baselines(features: pa.Table, *, weeks: int = 8) -> pa.Table:
    """Add F_vs_self (F − the agent's mean over the previous `weeks` weeks, the day excluded; null
    without history) and F_vs_team (F − the median of the agent's team that day; null without a team)."""
    agents = features.column("agent_id").to_pylist()
    days = [date.fromisoformat(d).toordinal() for d in features.column("day").to_pylist()]
    has_team = "team" in features.column_names
    teams = features.column("team").to_pylist() if has_team else [""] * features.num_rows
    by_agent: dict[str, list[int]] = {}
    for i in sorted(range(features.num_rows), key=lambda i: (agents[i], days[i])):
        by_agent.setdefault(agents[i], []).append(i)
    by_team_day: dict[tuple[str, int], list[int]] = {}
    for i, team in enumerate(teams):
        if team:
            by_team_day.setdefault((team, days[i]), []).append(i)
    result = features
    window = 7 * weeks
    for name in BASELINE_FEATURES:
        if name not in features.column_names:
            continue
        values: list[Any] = features.column(name).to_pylist()
        vs_self: list[float | None] = [None] * features.num_rows
        for rows in by_agent.values():
            agent_days = [days[i] for i in rows]
            sums = [0.0]
            counts = [0]
            for i in rows:
                value = values[i]
                sums.append(sums[-1] + (float(value) if value is not None else 0.0))
                counts.append(counts[-1] + (value is not None))
            for position, i in enumerate(rows):
                lo = bisect_left(agent_days, days[i] - window)
                count = counts[position] - counts[lo]
                if values[i] is not None and count:
                    mean = (sums[position] - sums[lo]) / count
                    vs_self[i] = float(values[i]) - mean
        medians: dict[tuple[str, int], float] = {}
        for key, rows in by_team_day.items():
            present = [float(values[i]) for i in rows if values[i] is not None]
            if present:
                medians[key] = statistics.median(present)
        vs_team: list[float | None] = [None] * features.num_rows
        for i in range(features.num_rows):
            median = medians.get((teams[i], days[i]))
            if values[i] is not None and median is not None:
                vs_team[i] = float(values[i]) - median
        result = result.append_column(
            pa.field(f"{name}_vs_self", pa.float64()), pa.array(vs_self, pa.float64())
        )
        result = result.append_column(
            pa.field(f"{name}_vs_team", pa.float64()), pa.array(vs_team, pa.float64())
        )
    return result
