"""Benchmark the burnout risk model: 2,000 agents × 180 days of generated features plus check-ups.

    .venv/bin/python bench/bench_risk.py [--agents 2000] [--days 180] [--seed 7]

Times RiskModel.assess_many for the last full week, then assess_weeks for all 26 weeks, for all agents
(each call folds every agent's 180 days from scratch). Prints seconds and the level counts.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from hearth.engine.risk import AgentInput, CheckupSnapshot, RiskModel

START = date(2025, 1, 6)  # a Monday
TEAM_SIZE = 20


def _agent_days(
    rng: random.Random, agent_id: str, days: int, drifting: bool
) -> list[dict[str, Any]]:
    night = rng.random() < 0.2
    leave_at = rng.randrange(days)
    rows: list[dict[str, Any]] = []
    streak = 0
    for n in range(days):
        day = START + timedelta(days=n)
        on_leave = leave_at <= n < leave_at + 7
        if day.weekday() >= 5 or on_leave or rng.random() < 0.03:
            streak = 0
            continue
        streak += 1
        late = drifting and n > days - 28
        conversations = rng.randint(30, 50) + (20 if late else 0)
        messages = conversations * rng.randint(4, 6)
        hostile = rng.randint(0, 2) + (rng.randint(2, 5) if late else 0)
        work = 480.0 + rng.uniform(-30, 30) + (90 if late else 0)
        rows.append(
            {
                "agent_id": agent_id,
                "day": day.isoformat(),
                "conversations": conversations,
                "agent_messages": messages,
                "hostile_messages": hostile * 2,
                "hostile_conversations": hostile,
                "night_minutes": rng.uniform(200, 400) if night else 0.0,
                "work_minutes": work,
                "consecutive_days": streak,
                "rest_hours_before": 14.0,
                "quick_return": rng.random() < (0.3 if late else 0.02),
                "first_response_seconds_mean": rng.uniform(40, 80),
                "response_seconds_mean": rng.uniform(60, 120),
                "empathy_rate": rng.uniform(0.15, 0.25) - (0.1 if late else 0),
                "canned_rate": rng.uniform(0.15, 0.25) + (0.2 if late else 0),
                "csat_mean": rng.uniform(4.2, 4.8),
                "csat_count": rng.randint(0, 8),
                "team": f"t{int(agent_id) // TEAM_SIZE}",
            }
        )
    return rows


def _team_medians(members: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    by_day: dict[str, list[dict[str, Any]]] = {}
    for rows in members:
        for row in rows:
            by_day.setdefault(row["day"], []).append(row)
    names = ("conversations", "hostile_conversations", "work_minutes", "night_minutes")
    return [
        {"day": day, **{k: statistics.median(r[k] for r in rows) for k in names}}
        for day, rows in sorted(by_day.items())
    ]


def _checkups(rng: random.Random, drifting: bool) -> list[CheckupSnapshot]:
    out = []
    base = {
        ("cbi", "personal"): rng.gauss(35, 12),
        ("cbi", "work"): rng.gauss(35, 12),
        ("cbi", "client"): rng.gauss(30, 12),
        ("moaq_turnover", "intention"): rng.uniform(1, 5),
    }
    for n, taken_on in enumerate((START + timedelta(days=30), START + timedelta(days=150))):
        drift = 20 if drifting and n else 0
        scores = {
            key: min(100.0, max(0.0, v + rng.gauss(0, 4) + drift)) if key[0] == "cbi" else v
            for key, v in base.items()
        }
        levels = {
            key: (0 if v < 50 else 1 if v < 75 else 2) if key[0] == "cbi" else int(v >= 5) * 2
            for key, v in scores.items()
        }
        out.append(CheckupSnapshot(taken_on, scores, levels))
    return out


def generate(agents: int, days: int, seed: int) -> list[AgentInput]:
    """Seeded agents with features, team medians and two check-ups each."""
    rng = random.Random(seed)
    # One agent in ten drifts toward burnout in the last four weeks.
    drifting = [rng.random() < 0.1 for _ in range(agents)]
    rows = [_agent_days(rng, str(i), days, drifting[i]) for i in range(agents)]
    inputs = []
    for start in range(0, agents, TEAM_SIZE):
        team = _team_medians(rows[start : start + TEAM_SIZE])
        for i in range(start, min(start + TEAM_SIZE, agents)):
            inputs.append(AgentInput(str(i), _checkups(rng, drifting[i]), rows[i], team))
    return inputs


def main() -> None:
    """Generate, time, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=2000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    agents = generate(args.agents, args.days, args.seed)
    rows = sum(len(a.days) for a in agents)
    print(
        f"generated {args.agents} agents, {rows} agent-days in {time.perf_counter() - started:.2f} s"
    )
    # Every week the days touch (26 for 180 days); the single-week run takes the last full one.
    weeks = [START + timedelta(weeks=w) for w in range(-(-args.days // 7))]
    model = RiskModel()

    started = time.perf_counter()
    last = model.assess_many(agents, week_start=START + timedelta(weeks=args.days // 7 - 1))
    one_week = time.perf_counter() - started
    started = time.perf_counter()
    history = model.assess_weeks(agents, week_starts=weeks)
    all_weeks = time.perf_counter() - started

    levels = Counter(r.overall.level for r in last)
    assessed = sum(len(h) for h in history)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"assess_many, 1 week:   {one_week:.2f} s ({len(last)} assessments)")
    print(f"assess_weeks, {len(weeks)} weeks: {all_weeks:.2f} s ({assessed} assessments)")
    print(f"last week overall levels: {dict(sorted(levels.items()))}")
    print(f"target < 10 s: {'met' if max(one_week, all_weeks) < 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
