"""When a risk result becomes an alert: entering high risk, a sharp rise, an abusive-customer spike.

Pure functions over plain values, so the nightly run, tests and notebooks decide the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

HIGH = 2  # the "high" level of hearth.engine.risk


@dataclass(frozen=True)
class Burst:
    """Several hostile conversations for one agent within a short window."""

    agent_id: str
    start: datetime
    end: datetime
    count: int


def hostile_bursts(
    events: Iterable[tuple[str, datetime]], *, min_count: int, window: timedelta
) -> list[Burst]:
    """Per agent, each maximal run where `min_count` hostile conversations start within `window`.

    `events` are (agent, moment a conversation turned hostile). Overlapping windows merge into one
    burst, so a long bad stretch is one alert, not one per message.
    """
    by_agent: dict[str, list[datetime]] = {}
    for agent, moment in events:
        by_agent.setdefault(agent, []).append(moment)
    out: list[Burst] = []
    for agent in sorted(by_agent):
        times = sorted(by_agent[agent])
        current: Burst | None = None
        for i in range(len(times) - min_count + 1):
            first, last = times[i], times[i + min_count - 1]
            if last - first > window:
                continue
            if current is not None and first <= current.end:
                count = sum(1 for t in times if current.start <= t <= last)
                current = Burst(agent, current.start, last, count)
            else:
                if current is not None:
                    out.append(current)
                current = Burst(agent, first, last, min_count)
        if current is not None:
            out.append(current)
    return out


@dataclass(frozen=True)
class RiskPoint:
    """An agent's overall level and score for one rolling week."""

    as_of: date
    level: int
    score: float


def alert_kinds(
    *,
    now: RiskPoint,
    week_before: RiskPoint | None,
    last_high_alert: date | None,
    rise_points: float,
    quiet_days: int = 28,
) -> list[str]:
    """Which individual alerts this week's result raises: 'high_risk' and/or 'sharp_rise'.

    High risk alerts once per episode: not again within `quiet_days` of the last one. A sharp rise
    is a score `rise_points` above the week before with a higher level (raised when no
    high-risk alert is, e.g. high to severe within an episode).
    """
    kinds: list[str] = []
    recent = last_high_alert is not None and (now.as_of - last_high_alert).days < quiet_days
    if now.level >= HIGH and not recent:
        kinds.append("high_risk")
    elif (
        week_before is not None
        and now.score - week_before.score >= rise_points
        and now.level > week_before.level
    ):
        kinds.append("sharp_rise")
    return kinds


def over_cap(week_hours: Sequence[tuple[str, float]], cap_hours: float) -> list[tuple[str, float]]:
    """Agents whose hours in the rolling week are over the cap, most hours first."""
    return sorted(((a, h) for a, h in week_hours if h > cap_hours), key=lambda p: (-p[1], p[0]))
