"""Benchmark the centre-fitted risk models: 2,000 agents × 26 agent-weeks with 15 features.

    .venv/bin/python bench/bench_risk_fit.py [--agents 2000] [--weeks 26] [--seed 7]

Generates agent-weeks with the three points-model type scores and twelve weekly signal values
(leaving depends on the points score and two signals it misses), then times CoxModel.fit on all
rows, choose() on survival rows (two Cox fits, C-index, calibration) and choose() on one check-up
score per agent-week (two ridge fits). Prints seconds and the decisions.
"""

from __future__ import annotations

import argparse
import math
import platform
import time
from datetime import date, timedelta

import numpy as np

from hearth.engine.risk_fit import CoxModel, ScoreRow, SurvivalRow, choose

START = date(2025, 1, 6)  # a Monday
SIGNALS = (
    "hostile_exposure",
    "hostile_run",
    "night_overtime",
    "long_hours",
    "quick_returns",
    "consecutive_days",
    "volume_pressure",
    "response_pressure",
    "canned_rise",
    "empathy_drop",
    "csat_drop",
    "no_leave",
)


def generate(agents: int, weeks: int, seed: int) -> tuple[list[SurvivalRow], list[ScoreRow]]:
    """Seeded agent-weeks (until the agent leaves) and a check-up score for each of them."""
    rng = np.random.default_rng(seed)
    survival: list[SurvivalRow] = []
    scores: list[ScoreRow] = []
    for agent in range(agents):
        usual = rng.uniform(0, 50, size=3)
        for week in range(weeks):
            types = np.clip(usual + rng.normal(0, 8, size=3), 0, 100)
            signals = np.clip(rng.normal(0, 1, size=len(SIGNALS)), 0, None) * 10
            features = {
                "points_basic": float(types[0]),
                "points_belonging": float(types[1]),
                "points_developmental": float(types[2]),
                **{name: float(v) for name, v in zip(SIGNALS, signals, strict=True)},
            }
            points = float(types.max())
            log_hazard = 0.04 * (points - 30) + 0.05 * signals[0] + 0.05 * signals[9]
            left = rng.random() < -math.expm1(-0.01 * math.exp(log_hazard))
            start = START + timedelta(weeks=week)
            features["points"] = points
            survival.append(
                SurvivalRow(str(agent), start, start + timedelta(days=7), left, features)
            )
            target = 20 + 0.6 * points + 0.3 * signals[2] + rng.normal(0, 6)
            scores.append(ScoreRow(str(agent), start, float(np.clip(target, 0, 100)), features))
            if left:
                break
    return survival, scores


def main() -> None:
    """Generate, time, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    survival, scores = generate(args.agents, args.weeks, args.seed)
    leavers = sum(r.event for r in survival)
    print(
        f"generated {args.agents} agents, {len(survival)} agent-weeks, {leavers} leavers "
        f"in {time.perf_counter() - started:.2f} s"
    )
    cutoff = START + timedelta(weeks=args.weeks * 2 // 3)

    started = time.perf_counter()
    model = CoxModel().fit(survival)
    fit = time.perf_counter() - started
    started = time.perf_counter()
    leaving = choose(rows=survival, baseline_feature="points", cutoff=cutoff)
    choose_survival = time.perf_counter() - started
    started = time.perf_counter()
    checkups = choose(rows=scores, baseline_feature="points", cutoff=cutoff)
    choose_scores = time.perf_counter() - started

    print(f"python {platform.python_version()} on {platform.machine()}, numpy {np.__version__}")
    print(
        f"CoxModel.fit, all rows:   {fit:.2f} s "
        f"({len(model.features_)} features, {model.n_iter_} Newton steps)"
    )
    print(f"choose(), leaving:        {choose_survival:.2f} s → {leaving.reason}")
    print(f"choose(), check-ups:      {choose_scores:.2f} s → {checkups.reason}")


if __name__ == "__main__":
    main()
