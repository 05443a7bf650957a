"""When risk turns into an alert: high risk once per episode, sharp rises, abusive-customer spikes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hearth.engine.risk_alerts import RiskPoint, alert_kinds, hostile_bursts, over_cap

T0 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def _at(*minutes: float) -> list[tuple[str, datetime]]:
    return [("1024", T0 + timedelta(minutes=m)) for m in minutes]


def test_three_abusive_chats_in_twenty_minutes_is_one_burst() -> None:
    bursts = hostile_bursts(_at(0, 7, 18), min_count=3, window=timedelta(minutes=20))
    assert len(bursts) == 1
    assert bursts[0].agent_id == "1024" and bursts[0].count == 3
    assert bursts[0].end - bursts[0].start == timedelta(minutes=18)


def test_spread_out_abuse_is_not_a_burst() -> None:
    assert hostile_bursts(_at(0, 25, 50, 75), min_count=3, window=timedelta(minutes=20)) == []


def test_a_long_bad_stretch_is_one_burst_not_many() -> None:
    bursts = hostile_bursts(_at(0, 5, 10, 15, 20, 25, 30), min_count=3, window=timedelta(minutes=20))
    assert [(b.count, b.start, b.end) for b in bursts] == [(7, T0, T0 + timedelta(minutes=30))]


def test_bursts_are_per_agent() -> None:
    events = [("a", T0), ("b", T0 + timedelta(minutes=1)), ("a", T0 + timedelta(minutes=2)),
              ("b", T0 + timedelta(minutes=3)), ("a", T0 + timedelta(minutes=4))]
    assert [b.agent_id for b in hostile_bursts(events, min_count=3, window=timedelta(minutes=20))] == ["a"]


WEEK = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("now", "before", "last_high", "expected"),
    [
        (RiskPoint(WEEK, 2, 55), RiskPoint(WEEK - timedelta(days=7), 1, 40), None, ["high_risk"]),
        (RiskPoint(WEEK, 3, 80), None, None, ["high_risk"]),
        # Still high two weeks after the alert: no second alert for the same episode.
        (RiskPoint(WEEK, 2, 56), RiskPoint(WEEK - timedelta(days=7), 2, 55), WEEK - timedelta(days=14), []),
        # A month later it is a new episode.
        (RiskPoint(WEEK, 2, 56), RiskPoint(WEEK - timedelta(days=7), 2, 55), WEEK - timedelta(days=30), ["high_risk"]),
        # High to severe within an episode is a sharp rise.
        (RiskPoint(WEEK, 3, 90), RiskPoint(WEEK - timedelta(days=7), 2, 55), WEEK - timedelta(days=7), ["sharp_rise"]),
        # Low to watch by 25 points is a sharp rise; by 10 it is not.
        (RiskPoint(WEEK, 1, 30), RiskPoint(WEEK - timedelta(days=7), 0, 5), None, ["sharp_rise"]),
        (RiskPoint(WEEK, 1, 30), RiskPoint(WEEK - timedelta(days=7), 0, 20), None, []),
        (RiskPoint(WEEK, 0, 10), None, None, []),
    ],
)
def test_alert_kinds(now: RiskPoint, before: RiskPoint | None, last_high: date | None, expected: list[str]) -> None:
    assert alert_kinds(now=now, week_before=before, last_high_alert=last_high, rise_points=20) == expected


def test_over_cap_lists_the_longest_weeks_first() -> None:
    assert over_cap([("a", 50.0), ("b", 47.5), ("c", 61.0)], 48) == [("c", 61.0), ("a", 50.0)]
