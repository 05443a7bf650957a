"""Outcome statistics against hand-computed values, closed forms, table values and a simulation."""

from __future__ import annotations

import json
import math
import random
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from hearth.engine.anonymity import Suppression
from hearth.engine.outcomes import (
    AttendanceResult,
    ChangeResult,
    CurvePoint,
    FollowUp,
    PairedScores,
    attendance_rate,
    gas_t_score,
    goal_attainment,
    paired_change,
    regularized_beta,
    reliable_change_threshold,
    t_cdf,
    t_ppf,
    t_two_sided_p,
    time_to_improvement,
    withheld,
)

# --- Student's t ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("df", "table"),
    [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042), (120, 1.980)],
)
def test_t_quantile_matches_the_printed_table(df: int, table: float) -> None:
    assert t_ppf(0.975, df) == pytest.approx(table, abs=5e-4)
    assert t_ppf(0.025, df) == pytest.approx(-table, abs=5e-4)


@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.995, 0.9999, 0.01])
def test_t_quantile_matches_the_closed_forms_for_one_and_two_df(p: float) -> None:
    # df = 1 is Cauchy: tan(π(p − ½)); df = 2: (2p − 1) / √(2p(1 − p)).
    assert t_ppf(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-10)
    assert t_ppf(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-10)


def _cdf_even_df(t: float, df: int) -> float:
    """Abramowitz & Stegun 26.7.3: for even df, A(t|df) = sin θ·Σ_{j<df/2} c_j cos^{2j} θ, θ = atan(t/√df)."""
    theta = math.atan(t / math.sqrt(df))
    term, total = 1.0, 1.0
    for j in range(1, df // 2):
        term *= math.cos(theta) ** 2 * (2 * j - 1) / (2 * j)
        total += term
    return 0.5 + math.sin(theta) * total / 2


@pytest.mark.parametrize("df", [2, 4, 10, 30, 120])
@pytest.mark.parametrize("t", [-4.0, -1.3, 0.0, 0.4, 2.0, 7.5])
def test_t_cdf_matches_the_closed_form_for_even_df(df: int, t: float) -> None:
    assert t_cdf(t, df) == pytest.approx(_cdf_even_df(t, df), abs=1e-12)


@pytest.mark.parametrize(
    ("t", "df", "p"),
    [
        (1.0, 1, 0.5),  # Cauchy: 1 − 2·atan(1)/π
        (2.228138852, 10, 0.05),
        (2.0, 10, 2 * (1 - _cdf_even_df(2.0, 10))),  # 0.0733880
        (-3.0, 4, 2 * (1 - _cdf_even_df(3.0, 4))),  # 0.0399503
        (40.0, 2, 2 * (1 - _cdf_even_df(40.0, 2))),  # 6.2e-4: the tail keeps its digits
    ],
)
def test_two_sided_p_values(t: float, df: int, p: float) -> None:
    assert t_two_sided_p(t, df) == pytest.approx(p, rel=1e-8)


def test_t_quantile_inverts_the_cdf() -> None:
    for df in (1, 3, 7.5, 50, 1e6):
        for p in (0.001, 0.2, 0.5, 0.8, 0.999):
            assert t_cdf(t_ppf(p, df), df) == pytest.approx(p, abs=1e-12)


@pytest.mark.parametrize(
    ("x", "a", "b", "expected"),
    [
        (0.3, 1, 1, 0.3),
        (0.3, 2.5, 1, 0.3**2.5),
        (0.5, 7, 7, 0.5),
        (0.0, 2, 3, 0.0),
        (1.0, 2, 3, 1.0),
    ],
)
def test_regularized_beta_special_cases(x: float, a: float, b: float, expected: float) -> None:
    assert regularized_beta(x, a, b) == pytest.approx(expected, abs=1e-14)
    assert regularized_beta(x, a, b) == pytest.approx(1 - regularized_beta(1 - x, b, a), abs=1e-14)


@pytest.mark.parametrize(("p", "df"), [(0.0, 3), (1.0, 3), (0.5, 0)])
def test_t_quantile_refuses_impossible_arguments(p: float, df: float) -> None:
    with pytest.raises(ValueError):
        t_ppf(p, df)


# --- Paired change -------------------------------------------------------------------------------

# Six people; burnout scores, higher is worse.
BEFORE = [18, 22, 20, 24, 16, 20]
AFTER = [12, 20, 16, 16, 16, 16]


def six_people() -> list[PairedScores]:
    return [PairedScores(f"p{i}", b, a) for i, (b, a) in enumerate(zip(BEFORE, AFTER, strict=True))]


def test_paired_change_matches_the_hand_computed_example() -> None:
    # Means: before 120/6 = 20, after 96/6 = 16. Changes (after − before): −6 −2 −4 −8 0 −4, mean −4.
    # Deviations of the changes: −2 2 0 −4 4 0, squares sum to 40: var 40/5 = 8, sd_change = √8.
    # Before: deviations −2 2 0 4 −4 0, SS 40, var 8, sd √8 = 2.8284271.
    # After: deviations −4 4 0 0 0 0, SS 32, var 6.4, sd √6.4 = 2.5298221.
    # Covariance (8 + 8)/5 = 3.2; r = 3.2/√(8·6.4) = 1/√5 = 0.4472136.
    # SE = √8/√6 = 1.1547005; t = −4/1.1547005 = −2√3 = −3.4641016 on 5 df.
    # p = 1 − A(2√3|5), A&S 26.7.4 with θ = atan(2√3/√5): 2/π·(θ + sin θ(cos θ + ⅔cos³θ)) → 0.0179629.
    # CI: −4 ± t_{.975,5}·SE = −4 ± 2.5705818·1.1547005 = −4 ± 2.9682522.
    # s_av = (2.8284271 + 2.5298221)/2 = 2.6791246; d_av = +4/2.6791246 = 1.4930250 (lower = better).
    # J = 1 − 3/(4·5 − 1) = 16/19; g_av = 1.4930250·16/19 = 1.2572842; d_z = 4/√8 = √2.
    # SE(d_av)² = d²(8 + 6.4 + 2·3.2²/√51.2)/(8·5·s²) + 8/(5·s²) = 0.1340248 + 0.2229127;
    # SE = 0.5974418; 1.4930250 ± 1.9599640·0.5974418 = (0.3220606, 2.6639894).
    result = paired_change(six_people(), k=5, reliable_change=4)
    assert result.released and result.suppression is None
    assert (result.n, result.df, result.k) == (6, 5, 5)
    expected = {
        "mean_before": 20.0,
        "mean_after": 16.0,
        "mean_change": -4.0,
        "sd_before": math.sqrt(8),
        "sd_after": math.sqrt(6.4),
        "sd_change": math.sqrt(8),
        "correlation": 0.4472136,
        "t": -3.4641016,
        "p_value": 0.0179629,
        "ci_low": -6.9682522,
        "ci_high": -1.0317478,
        "d_av": 1.4930250,
        "g_av": 1.2572842,
        "g_ci_low": 0.3220606,
        "g_ci_high": 2.6639894,
        "d_z": math.sqrt(2),
    }
    for name, value in expected.items():
        assert getattr(result, name) == pytest.approx(value, abs=1e-6), name
    # Improvements 6 2 4 8 0 4: four of at least 4 (exactly 4 counts), nobody worse by 4.
    assert (result.improved, result.worsened) == (4, 0)


def test_without_a_reliable_change_any_move_counts() -> None:
    pairs = [PairedScores("a", 3.0, 2.0), PairedScores("b", 0.3, 0.1), PairedScores("c", 2, 2)]
    pairs += [PairedScores("d", 1.0, 1.5), PairedScores("e", 0.3, 0.1 + 0.2)]
    result = paired_change(pairs, k=3)
    # e's change is 0.30000000000000004 − 0.3: rounding noise, neither better nor worse.
    assert (result.improved, result.worsened) == (2, 1)
    # b improves by 0.3 − 0.1 = 0.19999999999999998 in floating point; it still counts as 0.2.
    assert paired_change(pairs, k=3, reliable_change=0.2).improved == 2
    assert paired_change(pairs, k=3, reliable_change=0.5).improved == 1


def test_lower_burnout_after_is_a_positive_effect() -> None:
    worse_is_higher = paired_change(six_people(), k=5)
    assert worse_is_higher.mean_change < 0 and worse_is_higher.t is not None
    assert worse_is_higher.t < 0
    assert worse_is_higher.g_av is not None and worse_is_higher.g_av > 0
    assert worse_is_higher.d_z is not None and worse_is_higher.d_z > 0
    # The same numbers on a scale where higher is better (say, engagement) are a decline.
    better_is_higher = paired_change(six_people(), k=5, higher_is_worse=False)
    assert better_is_higher.mean_change == worse_is_higher.mean_change
    assert better_is_higher.g_av == pytest.approx(-worse_is_higher.g_av)
    assert better_is_higher.g_ci_high == pytest.approx(-worse_is_higher.g_ci_low)
    assert (better_is_higher.improved, better_is_higher.worsened) == (0, 5)


@pytest.mark.parametrize("n", [3, 4, 6, 11, 41])
def test_g_is_d_times_hedges_small_sample_correction(n: int) -> None:
    rng = np.random.default_rng(n)
    before = rng.normal(30, 5, n)
    pairs = [
        PairedScores(str(i), float(b), float(b - 2 + rng.normal(0, 3)))
        for i, b in enumerate(before)
    ]
    result = paired_change(pairs, k=3)
    assert result.d_av is not None and result.g_av is not None
    correction = 1 - 3 / (4 * (n - 1) - 1)
    assert result.g_av == pytest.approx(result.d_av * correction, rel=1e-12)
    # The approximation is within 1.5% of Hedges' exact J(m) = Γ(m/2) / (√(m/2)·Γ((m−1)/2)), m = n − 1.
    m = n - 1
    exact = math.exp(math.lgamma(m / 2) - math.lgamma((m - 1) / 2)) / math.sqrt(m / 2)
    assert correction == pytest.approx(exact, rel=0.015)
    assert abs(result.g_av) < abs(result.d_av)


def _coverage(n: int, r: float, delta: float, runs: int, seed: int) -> tuple[float, float]:
    """Share of runs whose g interval holds the true δ_av and whose t interval holds the true change."""
    rng = np.random.default_rng(seed)
    covariance = [[1.0, r], [r, 1.0]]
    g_hits = mean_hits = 0
    for _ in range(runs):
        scores = rng.multivariate_normal([0.0, -delta], covariance, size=n)
        result = paired_change(
            [PairedScores(str(i), float(b), float(a)) for i, (b, a) in enumerate(scores)], k=5
        )
        assert result.g_ci_low is not None and result.g_ci_high is not None
        assert result.ci_low is not None and result.ci_high is not None
        g_hits += result.g_ci_low <= delta <= result.g_ci_high  # SDs are 1: δ_av = delta
        mean_hits += result.ci_low <= -delta <= result.ci_high
    return g_hits / runs, mean_hits / runs


@pytest.mark.parametrize(("n", "r", "delta"), [(20, 0.7, 0.5), (10, 0.9, 1.0)])
def test_the_intervals_hold_the_true_effect_in_a_seeded_simulation(
    n: int, r: float, delta: float
) -> None:
    # At r = 0.9, δ = 1 the (1/n + d²/2n)·2(1−r) interval would cover only about 76% (n = 10).
    g_coverage, mean_coverage = _coverage(n, r, delta, runs=400, seed=20240605)
    assert g_coverage >= 0.93
    assert mean_coverage >= 0.93


def test_when_everyone_changes_alike_t_is_undefined_but_g_is_not() -> None:
    pairs = [PairedScores("a", 10, 8), PairedScores("b", 12, 10), PairedScores("c", 14, 12)]
    result = paired_change(pairs, k=3)
    assert (result.t, result.p_value, result.ci_low, result.ci_high, result.d_z) == (None,) * 5
    # s_av = 2, d_av = 1, J = 4/7; r = 1: SE² = 1·(4 + 4 + 2·4)/(8·2·4) + 0 = 1/4.
    assert result.d_av == pytest.approx(1.0)
    assert result.g_av == pytest.approx(4 / 7)
    z = 1.959963984540054
    assert (result.g_ci_low, result.g_ci_high) == pytest.approx((1 - z / 2, 1 + z / 2))
    flat = paired_change([PairedScores(p, 5, 5) for p in "abc"], k=3)
    assert (flat.d_av, flat.g_av, flat.correlation) == (None, None, None)
    assert flat.mean_change == 0.0


def test_input_order_does_not_change_a_digit() -> None:
    pairs = six_people()
    shuffled = pairs[:]
    random.Random(3).shuffle(shuffled)
    assert paired_change(shuffled, k=5).to_dict() == paired_change(pairs, k=5).to_dict()


@pytest.mark.parametrize(
    ("pairs", "kwargs"),
    [
        ([PairedScores("a", 1, 2), PairedScores("a", 2, 3)], {}),
        ([PairedScores("a", math.nan, 2)], {}),
        ([], {"confidence": 1.0}),
        ([], {"reliable_change": 0.0}),
    ],
)
def test_paired_change_refuses_bad_input(pairs: list[PairedScores], kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        paired_change(pairs, k=3, **kwargs)


def test_reliable_change_threshold_is_jacobson_and_truax() -> None:
    # 1.96·√2·10·√(1 − 0.8) = 1.96·√40.
    assert reliable_change_threshold(10, 0.8) == pytest.approx(1.959963984540054 * math.sqrt(40))


# --- Suppression ---------------------------------------------------------------------------------


def _results_for(people: int, k: int) -> list[Any]:
    ids = [f"p{i}" for i in range(people)]
    start = date(2025, 1, 1)
    return [
        paired_change([PairedScores(p, 20 + i, 15 + i % 3) for i, p in enumerate(ids)], k=k),
        attendance_rate(4, {p: i % 5 for i, p in enumerate(ids)}, k=k),
        goal_attainment({p: [i % 3 - 1, 1] for i, p in enumerate(ids)}, k=k),
        time_to_improvement(
            [
                (p, start, start + timedelta(days=i), start + timedelta(days=40))
                for i, p in enumerate(ids)
            ],
            k=k,
        ),
    ]


PARAMETERS = {"k", "released", "suppression", "higher_is_worse", "confidence", "reliable_change"}
PARAMETERS |= {"sessions_held", "rho"}


@pytest.mark.parametrize("index", range(4))
def test_below_k_nothing_leaks_not_even_n(index: int) -> None:
    result = _results_for(4, k=5)[index]
    assert not result.released
    assert result.suppression is Suppression.TOO_FEW
    shown = result.to_dict()
    assert shown["released"] is False and shown["suppression"] == "too_few" and shown["k"] == 5
    assert shown["n"] is None
    leaked = {name: value for name, value in shown.items() if name not in PARAMETERS}
    assert all(value in (None, []) for value in leaked.values()), leaked
    json.dumps(shown)


@pytest.mark.parametrize("index", range(4))
def test_exactly_k_people_are_shown(index: int) -> None:
    result = _results_for(5, k=5)[index]
    assert result.released and result.to_dict()["n"] == 5
    json.dumps(result.to_dict())


@pytest.mark.parametrize("k", [0, 1, 2])
def test_k_is_never_below_three(k: int) -> None:
    for result in _results_for(2, k=k):
        assert not result.released and result.k == 3


@pytest.mark.parametrize("index", range(4))
def test_withheld_hides_a_cell_the_anonymity_rules_suppressed(index: int) -> None:
    result = withheld(_results_for(8, k=5)[index])
    assert not result.released and result.suppression is Suppression.DIFFERENCING
    shown = result.to_dict()
    assert shown["suppression"] == "differencing" and shown["n"] is None
    assert all(v in (None, []) for name, v in shown.items() if name not in PARAMETERS)


def test_a_suppressed_change_keeps_its_parameters() -> None:
    result = paired_change(six_people()[:2], k=5, higher_is_worse=False, reliable_change=3.0)
    assert isinstance(result, ChangeResult)
    assert (result.higher_is_worse, result.reliable_change, result.confidence) == (False, 3.0, 0.95)


# --- Attendance ----------------------------------------------------------------------------------


def test_attendance_rates_and_their_mean() -> None:
    result = attendance_rate(8, {"a": 8, "b": 6, "c": 4, "d": 2, "e": 0}, k=5)
    assert isinstance(result, AttendanceResult)
    assert dict(result.rates) == {"a": 1.0, "b": 0.75, "c": 0.5, "d": 0.25, "e": 0.0}
    assert result.mean_rate == pytest.approx(0.5)
    shown = result.to_dict()
    assert "rates" not in shown  # one person's rate is not an aggregate
    assert shown == {
        "k": 5,
        "released": True,
        "suppression": None,
        "sessions_held": 8,
        "n": 5,
        "mean_rate": 0.5,
    }


def test_per_person_rates_stay_available_when_the_group_is_too_small() -> None:
    result = attendance_rate(4, {"a": 3, "b": 1}, k=5)
    assert result.mean_rate is None and result.n is None
    assert dict(result.rates) == {"a": 0.75, "b": 0.25}


@pytest.mark.parametrize(("held", "attended"), [(0, {}), (4, {"a": 5}), (4, {"a": -1})])
def test_attendance_refuses_impossible_counts(held: int, attended: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        attendance_rate(held, attended, k=3)


# --- Goal Attainment Scaling ---------------------------------------------------------------------


@pytest.mark.parametrize("goals", [1, 2, 3, 5])
def test_goals_all_at_the_expected_level_score_50(goals: int) -> None:
    assert gas_t_score([0] * goals) == 50.0


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        # Σwx = 3, Σw² = 3, (Σw)² = 9: 50 + 10·3/√(0.7·3 + 0.3·9) = 50 + 30/√4.8 = 63.6930639.
        ([1, 0, 2], None, 63.6930639),
        # One goal: 50 + 10x/√(0.7 + 0.3) = 50 + 10x.
        ([1], None, 60.0),
        ([-2], None, 30.0),
        # Weights (2, 1): Σwx = 3, Σw² = 5, (Σw)² = 9: 50 + 30/√(3.5 + 2.7) = 62.0482899.
        ([2, -1], [2.0, 1.0], 62.0482899),
        # Two goals at −1: 50 − 20/√(1.4 + 1.2) = 37.5965265.
        ([-1, -1], None, 37.5965265),
    ],
)
def test_gas_t_score_hand_examples(
    scores: list[int], weights: list[float] | None, expected: float
) -> None:
    assert gas_t_score(scores, weights) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("scores", "weights"), [([], None), ([3], None), ([1, 1], [1.0]), ([1], [0.0])]
)
def test_gas_t_score_refuses_bad_goals(scores: list[int], weights: list[float] | None) -> None:
    with pytest.raises(ValueError):
        gas_t_score(scores, weights)


def test_goal_attainment_group_summary() -> None:
    goals = {"a": [0, 0], "b": [1, 0, 2], "c": [-1, -1], "d": [1, -1], "e": [2]}
    result = goal_attainment(goals, k=5)
    # T: 50, 63.6930639, 37.5965265, 50, 70 → mean 271.2895904/5; four of five at or above 50.
    assert result.mean_t == pytest.approx((50 + 63.6930639 + 37.5965265 + 50 + 70) / 5, abs=1e-6)
    assert result.share_met == 0.8
    assert result.to_dict()["n"] == 5


# --- Time to improvement -------------------------------------------------------------------------


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_kaplan_meier_matches_the_hand_worked_censored_example() -> None:
    rows = [
        ("A", d("2025-01-01"), d("2025-01-11"), d("2025-02-01")),  # improved on day 10
        ("B", d("2025-01-05"), None, d("2025-01-15")),  # censored on day 10 (tie with A)
        ("C", d("2025-02-01"), d("2025-02-16"), d("2025-03-01")),  # improved on day 15
        ("D", d("2025-01-10"), d("2025-01-25"), d("2025-01-25")),  # improved on day 15
        ("E", d("2025-01-01"), None, d("2025-01-21")),  # censored on day 20
        ("F", d("2025-03-01"), d("2025-03-31"), d("2025-04-10")),  # improved on day 30
        ("G", d("2025-01-01"), None, d("2025-01-06")),  # censored on day 5
    ]
    # Day 10: 6 at risk (G left on day 5; B, censored that day, still counts), 1 improves: S = 5/6.
    # Day 15: 4 at risk (C D E F), 2 improve: S = 5/6 · 2/4 = 5/12 ≤ ½, so the median is 15.
    # Day 30: 1 at risk (F), 1 improves: S = 0.
    result = time_to_improvement(rows, k=5)
    assert result.released
    assert (result.n, result.improved, result.censored, result.median_days) == (7, 4, 3, 15)
    assert [(p.day, p.survival) for p in result.curve] == [
        (0, 1.0),
        (10, pytest.approx(5 / 6)),
        (15, pytest.approx(5 / 12)),
        (30, 0.0),
    ]
    assert result.curve[2].share_improved == pytest.approx(7 / 12)
    assert result.to_dict()["curve"][1] == {
        "day": 10,
        "survival": pytest.approx(5 / 6),
        "share_improved": pytest.approx(1 / 6),
    }


def test_a_median_at_exactly_one_half_is_found_and_the_curve_runs_to_the_last_follow_up() -> None:
    start = d("2025-01-01")
    rows = [
        FollowUp("a", start, start + timedelta(days=5), start + timedelta(days=5)),
        FollowUp("b", start, start + timedelta(days=10), start + timedelta(days=12)),
        FollowUp("c", start, None, start + timedelta(days=20)),
        FollowUp("d", start, None, start + timedelta(days=20)),
    ]
    # Day 5: S = 3/4; day 10: S = 3/4 · 2/3 = 1/2 exactly.
    result = time_to_improvement(rows, k=3)
    assert result.median_days == 10
    assert result.curve == (
        CurvePoint(0, 1.0, 0.0),
        CurvePoint(5, 0.75, 0.25),
        CurvePoint(10, 0.5, 0.5),
        CurvePoint(20, 0.5, 0.5),
    )


def test_a_median_not_reached_is_none_and_day_zero_improvements_start_the_curve() -> None:
    start = d("2025-01-01")
    rows = [(p, start, start if p == "a" else None, start + timedelta(days=9)) for p in "abcde"]
    result = time_to_improvement(rows, k=5)
    assert result.released and result.median_days is None
    assert [(p.day, p.survival) for p in result.curve] == [(0, 0.8), (9, 0.8)]


@pytest.mark.parametrize(
    "row",
    [
        ("a", d("2025-01-10"), d("2025-01-05"), d("2025-01-20")),  # improved before start
        ("a", d("2025-01-10"), d("2025-01-25"), d("2025-01-20")),  # improved after last seen
        ("a", d("2025-01-10"), None, d("2025-01-01")),  # last seen before start
    ],
)
def test_time_to_improvement_refuses_dates_out_of_order(
    row: tuple[str, date, date | None, date],
) -> None:
    with pytest.raises(ValueError):
        time_to_improvement([row], k=3)
