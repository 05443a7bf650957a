"""Centre-fitted risk models: Cox and ridge fits, C-index and calibration, and choose()."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from hearth.engine.risk_fit import (
    MODEL_FIT_VERSION,
    CoxModel,
    FitReport,
    RidgeModel,
    ScoreRow,
    SurvivalRow,
    c_index,
    calibration_bins,
    choose,
    feature_matrix,
    regression_metrics,
    time_split,
)

START = date(2024, 1, 1)  # a Monday
CUTOFF = START + timedelta(weeks=16)


# ---------------------------------------------------------------- synthetic centres


def _simulate_cox(
    agents: int, weeks: int, beta: tuple[float, ...], seed: int, hazard_per_day: float = 0.003
) -> list[SurvivalRow]:
    """Agent-weeks with fresh N(0, 1) features each week and a known piecewise-constant hazard."""
    rng = np.random.default_rng(seed)
    rows = []
    for agent in range(agents):
        for week in range(weeks):
            x = rng.normal(size=len(beta))
            days = rng.exponential(1 / (hazard_per_day * math.exp(float(x @ np.array(beta)))))
            start = START + timedelta(weeks=week)
            features = {f"x{i}": float(v) for i, v in enumerate(x)}
            if days < 7:
                stop = start + timedelta(days=max(1, math.ceil(days)))
                rows.append(SurvivalRow(str(agent), start, stop, True, features))
                break
            rows.append(SurvivalRow(str(agent), start, start + timedelta(days=7), False, features))
    return rows


def _centre(
    *, agents: int = 600, weeks: int = 26, extra: float = 0.0, seed: int = 3
) -> list[SurvivalRow]:
    """A centre whose leaving depends on the points score and, with extra > 0, a signal it misses."""
    rng = np.random.default_rng(seed)
    rows = []
    for agent in range(agents):
        usual = rng.uniform(0, 60)
        for week in range(weeks):
            points = float(np.clip(usual + rng.normal(0, 8), 0, 100))
            signal, noise = rng.normal(size=2)
            log_hazard = 0.04 * (points - 30) + extra * signal
            left = rng.random() < 1 - math.exp(-0.012 * math.exp(log_hazard))
            start = START + timedelta(weeks=week)
            features = {"points": points, "signal": float(signal), "noise": float(noise)}
            rows.append(SurvivalRow(f"a{agent}", start, start + timedelta(days=7), left, features))
            if left:
                break
    return rows


def _checkups(*, agents: int = 300, extra: float = 0.0, seed: int = 5) -> list[ScoreRow]:
    """Check-up scores that follow the points score and, with extra > 0, a signal it misses."""
    rng = np.random.default_rng(seed)
    rows = []
    for agent, n in itertools.product(range(agents), range(4)):
        points = float(rng.uniform(0, 60))
        signal, noise = rng.normal(size=2)
        score = 20 + 0.6 * points + extra * signal + rng.normal(0, 6)
        week = START + timedelta(weeks=6 * n + agent % 6)
        features = {"points": points, "signal": float(signal), "noise": float(noise)}
        rows.append(ScoreRow(f"a{agent}", week, float(np.clip(score, 0, 100)), features))
    return rows


def _report(
    rows: list[SurvivalRow] | list[ScoreRow], *, cutoff: date = CUTOFF, min_agents: int = 50
) -> FitReport:
    return choose(rows=rows, baseline_feature="points", cutoff=cutoff, min_agents=min_agents)


# ---------------------------------------------------------------- Cox


@pytest.mark.parametrize(
    ("beta", "seed"), [((0.7, -0.5, 0.0), 1), ((1.0, 0.3, -0.8), 2), ((0.0, 0.0, 0.4), 3)]
)
def test_cox_recovers_known_coefficients(beta: tuple[float, ...], seed: int) -> None:
    rows = _simulate_cox(1000, 26, beta, seed)
    model = CoxModel().fit(rows)
    assert model.converged_
    assert model.features_ == ("x0", "x1", "x2")
    np.testing.assert_allclose(model.coef_ / model.scales_, beta, atol=0.15)
    # The weekly baseline hazard at the (near-zero) training means: 7 days × 0.003.
    assert model.weekly_hazard_ == pytest.approx(7 * 0.003, rel=0.2)


def _brute_loglik(x: np.ndarray, rows: list[SurvivalRow], beta: np.ndarray, l2: float) -> float:
    """Breslow log partial likelihood by looping over every event and every row at risk."""
    eta = x @ beta
    total = 0.0
    for i, row in enumerate(rows):
        if row.event:
            at_risk = [j for j, r in enumerate(rows) if r.start < row.stop <= r.stop]
            total += eta[i] - math.log(sum(math.exp(eta[j]) for j in at_risk))
    return total - 0.5 * l2 * float(beta @ beta)


@pytest.mark.parametrize("l2", [0.0, 0.1, 2.0])
def test_cox_maximises_the_penalised_breslow_partial_likelihood(l2: float) -> None:
    rng = np.random.default_rng(11)
    rows = []
    for n in range(80):
        start = START + timedelta(days=int(rng.integers(0, 20)))
        stop = start + timedelta(days=int(rng.integers(1, 8)))  # many tied stops
        features = {"a": float(rng.normal()), "b": float(rng.integers(0, 3))}
        rows.append(SurvivalRow(str(n), start, stop, bool(rng.random() < 0.4), features))
    model = CoxModel(l2=l2).fit(rows)
    x, _, _ = feature_matrix(rows, model.features_, means=model.means_, scales=model.scales_)
    best = _brute_loglik(x, rows, model.coef_, l2)
    assert model.log_likelihood_ == pytest.approx(best, rel=1e-9)
    h = 1e-5
    for k in range(2):
        bump = np.eye(2)[k] * h
        slope = (
            _brute_loglik(x, rows, model.coef_ + bump, l2)
            - _brute_loglik(x, rows, model.coef_ - bump, l2)
        ) / (2 * h)
        assert abs(slope) < 1e-5
        assert _brute_loglik(x, rows, model.coef_ + 100 * bump, l2) < best


def test_cox_baseline_hazard_is_breslows_estimator_on_counting_process_rows() -> None:
    day = timedelta(days=1)
    rows = [
        SurvivalRow("a", START, START + 7 * day, True, {}),
        SurvivalRow("b", START, START + 7 * day, False, {}),
        SurvivalRow("b", START + 7 * day, START + 14 * day, True, {}),
        SurvivalRow("c", START + 3 * day, START + 7 * day, True, {}),  # tied with a
        SurvivalRow("d", START + 7 * day, START + 10 * day, False, {}),
    ]
    model = CoxModel().fit(rows, features=[])
    # Day 7: a, b's first week and c at risk, two leave; day 14: only b's second week.
    assert model.baseline_times_ == [START + 7 * day, START + 14 * day]
    np.testing.assert_allclose(model.baseline_hazard_, [2 / 3, 1.0])
    assert model.weekly_hazard_ == pytest.approx((2 / 3 + 1.0) / 2)


def test_cox_predicts_leaving_from_the_linear_predictor() -> None:
    model = CoxModel().fit(_simulate_cox(300, 26, (0.8, 0.0, 0.0), 4))
    low, high = {"x0": -1.0, "x1": 0.0, "x2": 0.0}, {"x0": 1.0, "x1": 0.0, "x2": 0.0}
    assert model.risk_score(high) > 0 > model.risk_score(low)
    for weeks in (1, 4, 26):
        p = model.predict_survival(high, weeks)
        assert p == pytest.approx(
            1 - math.exp(-model.weekly_hazard_ * weeks * math.exp(model.risk_score(high)))
        )
        assert 0 < model.predict_survival(low, weeks) < p < 1
    assert model.predict_survival(high, 4) < model.predict_survival(high, 8)
    # A missing feature counts as the training mean.
    assert model.risk_score({}) == 0.0


@pytest.mark.parametrize("kind", ["cox", "ridge"])
def test_a_model_rebuilt_from_its_json_params_predicts_the_same(kind: str) -> None:
    features = {"x0": 0.5, "x1": -1.2, "x2": 2.0}
    if kind == "cox":
        cox = CoxModel().fit(_simulate_cox(200, 26, (0.5, 0.5, 0.0), 6))
        again = CoxModel.from_params(json.loads(json.dumps(cox.params())))
        assert again.predict_survival(features, 4) == cox.predict_survival(features, 4)
        assert again.risk_score(features) == cox.risk_score(features)
    else:
        rows = [
            ScoreRow(str(i), START, float(i % 7), {"x0": float(i % 5), "x1": float(i % 3)})
            for i in range(50)
        ]
        ridge = RidgeModel().fit(rows)
        assert RidgeModel.from_params(json.loads(json.dumps(ridge.params()))).predict(
            features
        ) == ridge.predict(features)


def test_cox_refuses_rows_without_events_or_with_stop_before_start() -> None:
    quiet = [SurvivalRow("a", START, START + timedelta(days=7), False, {"x": 1.0})]
    with pytest.raises(ValueError, match="no events"):
        CoxModel().fit(quiet)
    with pytest.raises(ValueError, match="stop after start"):
        CoxModel().fit([replace(quiet[0], stop=START, event=True)])
    with pytest.raises(ValueError, match="no rows"):
        CoxModel().fit([])


# ---------------------------------------------------------------- C-index


def _brute_c_index(
    score: np.ndarray, stop: np.ndarray, event: np.ndarray, start: np.ndarray | None
) -> float:
    """Harrell's C by looking at every ordered pair."""
    concordant = pairs = 0.0
    n = len(score)
    for i, j in itertools.product(range(n), range(n)):
        if i == j or not event[i]:
            continue
        t = stop[i]
        at_risk = (start is None or start[j] < t) and stop[j] >= t
        if not at_risk or (event[j] and stop[j] == t):
            continue  # not at risk at i's event, or a tied event: not comparable
        pairs += 1
        concordant += 1.0 if score[i] > score[j] else 0.5 if score[i] == score[j] else 0.0
    return concordant / pairs


def test_c_index_of_a_hand_worked_example() -> None:
    # Events at times 1, 3, 3 and 5, one censored at 3; scores 5, 2, 3, 3 (censored), 1.
    # The event at 1 is compared with all four others and ranks above them all: 4 of 4.
    # The two events at 3 are tied in time, so not compared with each other; each is compared
    # with the one censored at 3 (known to stay past 3) and the event at 5: score 2 loses to 3
    # and beats 1 (1 of 2); score 3 ties 3 and beats 1 (1.5 of 2). The event at 5 has nobody
    # left to compare with. C = (4 + 1 + 1.5) / 8.
    stop = [1, 3, 3, 3, 5]
    event = [True, True, True, False, True]
    assert c_index([5, 2, 3, 3, 1], stop, event) == pytest.approx(6.5 / 8)
    # Scores only count through their order.
    assert c_index([50, 20, 30, 30, 10], stop, event) == pytest.approx(6.5 / 8)


@pytest.mark.parametrize("n", [2, 10, 500])
def test_c_index_is_one_when_perfectly_ordered_and_zero_when_reversed(n: int) -> None:
    stop = np.arange(1, n + 1, dtype=float)
    event = np.ones(n, dtype=bool)
    assert c_index(-stop, stop, event) == 1.0
    assert c_index(stop, stop, event) == 0.0
    assert c_index(np.zeros(n), stop, event) == 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_c_index_of_random_scores_is_about_a_half(seed: int) -> None:
    rng = np.random.default_rng(seed)
    stop = rng.integers(1, 50, size=3000).astype(float)
    event = rng.random(3000) < 0.5
    assert abs(c_index(rng.normal(size=3000), stop, event) - 0.5) < 0.03


@pytest.mark.parametrize(("seed", "counting"), list(itertools.product(range(5), [False, True])))
def test_c_index_matches_a_brute_force_reference_with_ties_and_censoring(
    seed: int, counting: bool
) -> None:
    rng = np.random.default_rng(seed)
    n = 70
    stop = rng.integers(2, 12, size=n).astype(float)  # tied times
    start = stop - rng.integers(1, 4, size=n) if counting else None
    event = rng.random(n) < 0.5  # censoring
    score = rng.integers(0, 6, size=n).astype(float)  # tied scores
    assert c_index(score, stop, event, start) == pytest.approx(
        _brute_c_index(score, stop, event, start), abs=1e-12
    )


def test_c_index_is_nan_without_comparable_pairs() -> None:
    assert math.isnan(c_index([1.0, 2.0], [3, 4], [False, False]))
    assert math.isnan(c_index([1.0], [3], [True]))


# ---------------------------------------------------------------- calibration and regression metrics


@pytest.mark.parametrize(("n", "bins"), [(1000, 10), (25, 10), (7, 10), (100, 4)])
def test_calibration_bins_cover_every_prediction_in_rising_groups(n: int, bins: int) -> None:
    rng = np.random.default_rng(n)
    predicted = rng.random(n)
    observed = rng.random(n) < predicted
    groups = calibration_bins(predicted, observed, bins)
    assert len(groups) == min(n, bins)
    assert sum(g.n for g in groups) == n
    assert [g.mean_predicted for g in groups] == sorted(g.mean_predicted for g in groups)
    assert sum(g.observed * g.n for g in groups) == pytest.approx(observed.sum())


def test_regression_metrics_by_hand() -> None:
    mae, rmse, r2 = regression_metrics([10, 20, 30, 40], [12, 18, 30, 44])
    assert mae == pytest.approx((2 + 2 + 0 + 4) / 4)
    assert rmse == pytest.approx(math.sqrt((4 + 4 + 0 + 16) / 4))
    assert r2 == pytest.approx(1 - 24 / 500)


# ---------------------------------------------------------------- ridge and features


def test_ridge_recovers_known_coefficients() -> None:
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2000, 3)) * [1.0, 5.0, 0.2]
    y = 40 + x @ [2.0, -1.0, 10.0] + rng.normal(0, 1, size=2000)
    rows = [
        ScoreRow(str(i), START, float(y[i]), {"a": x[i, 0], "b": x[i, 1], "c": x[i, 2]})
        for i in range(2000)
    ]
    model = RidgeModel(alpha=1.0).fit(rows)
    np.testing.assert_allclose(model.coef_ / model.scales_, [2.0, -1.0, 10.0], rtol=0.05)
    assert model.predict({"a": 1.0, "b": 2.0, "c": 0.5}) == pytest.approx(40 + 2 - 2 + 5, abs=0.2)


@pytest.mark.parametrize("alpha", [0.0, 1.0, 25.0])
def test_ridge_is_the_closed_form_solution(alpha: float) -> None:
    rng = np.random.default_rng(9)
    rows = [
        ScoreRow(
            str(i),
            START,
            float(rng.normal(50, 10)),
            {"a": float(rng.normal()), "b": float(rng.normal())},
        )
        for i in range(40)
    ]
    model = RidgeModel(alpha=alpha).fit(rows)
    x, _, _ = feature_matrix(rows, ["a", "b"])
    y = np.array([r.target for r in rows])
    expected = np.linalg.solve(x.T @ x + alpha * np.eye(2), x.T @ (y - y.mean()))
    np.testing.assert_allclose(model.coef_, expected, rtol=1e-9)
    assert model.intercept_ == pytest.approx(y.mean())


def test_feature_matrix_standardises_with_the_training_means_and_sds() -> None:
    train = [ScoreRow("a", START, 0.0, {"x": v, "flat": 3.0}) for v in (1.0, 2.0, 3.0)]
    test = [ScoreRow("b", CUTOFF, 0.0, {"x": 100.0}), ScoreRow("b", CUTOFF, 0.0, {"x": None})]  # type: ignore[dict-item]
    x, means, scales = feature_matrix(train, ["x", "flat"])
    np.testing.assert_allclose(means, [2.0, 3.0])
    np.testing.assert_allclose(scales, [math.sqrt(2 / 3), 1.0])  # a flat feature keeps scale 1
    np.testing.assert_allclose(x[:, 1], 0.0)
    held_out, same_means, _ = feature_matrix(test, ["x", "flat"], means=means, scales=scales)
    np.testing.assert_array_equal(same_means, means)
    np.testing.assert_allclose(
        held_out, [[98 / math.sqrt(2 / 3), 0.0], [0.0, 0.0]]
    )  # missing = mean


# ---------------------------------------------------------------- the time split and choose()


def _when(row: SurvivalRow | ScoreRow) -> date:
    return row.start if isinstance(row, SurvivalRow) else row.week_start


@pytest.mark.parametrize("kind", ["survival", "score"])
def test_the_time_split_never_leaks_a_row_before_the_cutoff_into_the_test(kind: str) -> None:
    day = timedelta(days=1)
    rows: list[SurvivalRow] | list[ScoreRow]
    if kind == "survival":
        edges = [
            SurvivalRow("eve", CUTOFF - day, CUTOFF + 6 * day, True, {"points": 9.0}),
            SurvivalRow("eve", CUTOFF, CUTOFF + 7 * day, False, {"points": 9.0}),
        ]
        rows = edges + _centre(agents=60)
    else:
        rows = [
            ScoreRow("eve", CUTOFF - day, 50.0, {"points": 9.0}),
            ScoreRow("eve", CUTOFF, 50.0, {"points": 9.0}),
            *_checkups(agents=60),
        ]
    train, test = time_split(rows, CUTOFF)
    assert len(train) + len(test) == len(rows)
    assert all(_when(r) < CUTOFF for r in train) and all(_when(r) >= CUTOFF for r in test)
    assert rows[0] in train and rows[0] not in test and rows[1] in test
    report = _report(rows, min_agents=10)
    assert (report.train_rows, report.test_rows) == (len(train), len(test))
    assert report.test_period is not None and report.test_period[0] == CUTOFF
    assert report.train_period is not None and report.train_period[0] < CUTOFF


def _scrambled(rows: list[SurvivalRow] | list[ScoreRow]) -> list[SurvivalRow] | list[ScoreRow]:
    """The same rows with every outcome and feature from the cutoff on changed."""
    survival = [r for r in rows if isinstance(r, SurvivalRow)]
    scores = [r for r in rows if isinstance(r, ScoreRow)]
    if survival:
        return [
            r if r.start < CUTOFF else replace(r, event=not r.event, features=_flip(r.features))
            for r in survival
        ]
    return [
        r
        if r.week_start < CUTOFF
        else replace(r, target=100 - r.target, features=_flip(r.features))
        for r in scores
    ]


def _flip(features: Mapping[str, float]) -> dict[str, float]:
    return {k: -3 * v for k, v in features.items()}


@pytest.mark.parametrize("kind", ["survival", "score"])
def test_choose_fits_on_the_training_part_only(kind: str) -> None:
    rows = _centre(agents=200, extra=0.8) if kind == "survival" else _checkups(agents=100, extra=8)
    first, second = _report(rows), _report(_scrambled(rows))
    assert first.enough_data and second.enough_data
    assert first.coefficients == second.coefficients
    assert first.model == second.model
    assert first.fitted != second.fitted


def test_choose_says_when_there_are_too_few_leavers() -> None:
    rows = _centre(agents=100, weeks=26)
    few = [r for r in rows if not r.event or int(r.agent_id[1:]) % 10 == 0]
    report = _report(few)
    leavers = sum(r.event for r in few)
    assert 0 < leavers < 20
    assert not report.enough_data and not report.use_fitted
    assert report.reason == f"{leavers} leavers in the history; 20 needed."
    assert report.message("zh-hans") == f"历史数据中有 {leavers} 名离职者；需要 20 名。"
    assert report.fitted is None and report.coefficients == {}


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"min_agents": 1000}, "too_few_agents"),
        ({"cutoff": START}, "too_few_train_leavers"),
        ({"cutoff": START + timedelta(weeks=40)}, "too_few_test_leavers"),
    ],
)
def test_choose_needs_agents_and_leavers_on_both_sides_of_the_cutoff(
    options: dict[str, Any], code: str
) -> None:
    rows = _centre(agents=300)
    report = _report(rows, **options)
    assert not report.enough_data and not report.use_fitted
    assert report.reason_code == code
    assert "needed" in report.reason


def test_choose_keeps_the_points_model_when_the_data_follow_the_points_score_alone() -> None:
    report = _report(_centre(extra=0.0))
    assert report.enough_data and report.test_events >= 20
    assert report.fitted is not None and report.baseline is not None
    assert report.fitted.c_index is not None and report.baseline.c_index is not None
    assert report.baseline.c_index > 0.6
    assert report.fitted.c_index < report.baseline.c_index + 0.02
    assert not report.use_fitted
    assert report.reason_code == "c_index_not_better"
    assert "the points model is kept" in report.reason


def test_choose_switches_when_a_real_signal_is_missed_by_the_points_score() -> None:
    report = _report(_centre(extra=0.9))
    assert report.use_fitted, report.reason
    assert report.reason_code == "c_index_better"
    assert report.fitted is not None and report.baseline is not None
    assert report.fitted.c_index is not None and report.baseline.c_index is not None
    assert report.fitted.c_index >= report.baseline.c_index + 0.02
    # The explanation: signal and points matter, noise hardly.
    coefficients = report.coefficients
    assert set(coefficients) == {"noise", "points", "signal"}
    assert coefficients["signal"] > 0.5 and coefficients["points"] > 0.3
    assert abs(coefficients["noise"]) < 0.2
    assert len(report.fitted.calibration) == 10
    assert sum(b.n for b in report.fitted.calibration) == report.test_rows


def test_the_reported_validation_is_that_of_the_reported_model_on_the_held_out_rows() -> None:
    rows = _centre(extra=0.9)
    report = _report(rows)
    model = CoxModel.from_params(report.to_dict()["model"])
    test = time_split(rows, CUTOFF)[1]
    lp = model.linear_predictors(test)
    stop = [r.stop.toordinal() for r in test]
    start = [r.start.toordinal() for r in test]
    assert report.fitted is not None
    assert report.fitted.c_index == round(c_index(lp, stop, [r.event for r in test], start), 6)


@pytest.mark.parametrize(("extra", "use_fitted"), [(0.0, False), (8.0, True)])
def test_choose_for_check_up_scores(extra: float, use_fitted: bool) -> None:
    report = _report(_checkups(extra=extra))
    assert report.kind == "score" and report.enough_data
    assert report.use_fitted is use_fitted, report.reason
    assert report.fitted is not None and report.baseline is not None
    assert report.fitted.mae is not None and report.baseline.mae is not None
    assert report.baseline.r2 is not None and report.baseline.r2 > 0.3
    if use_fitted:
        assert report.fitted.mae <= report.baseline.mae * 0.98
        assert report.reason_code == "mae_better"
    else:
        assert report.fitted.mae > report.baseline.mae * 0.98
        assert report.reason_code == "mae_not_better"
    assert len(report.baseline.calibration) == 10


@pytest.mark.parametrize("kind", ["survival", "score"])
def test_same_input_gives_the_same_report_whatever_the_row_order(kind: str) -> None:
    rows = _centre(agents=300, extra=0.5) if kind == "survival" else _checkups(extra=4)
    first = _report(rows).to_dict()
    assert _report(rows).to_dict() == first
    order = np.random.default_rng(0).permutation(len(rows))
    shuffled = [rows[i] for i in order]
    assert _report(shuffled).to_dict() == first
    # Plain JSON, no NaN.
    assert json.loads(json.dumps(first, allow_nan=False)) == first
    assert first["model_fit_version"] == MODEL_FIT_VERSION
    assert first["cutoff"] == CUTOFF.isoformat()
    assert first["reason"]


def test_choose_refuses_mixed_rows_and_a_missing_baseline_feature_and_reports_no_rows() -> None:
    survival = SurvivalRow("a", START, START + timedelta(days=7), True, {"points": 1.0})
    score = ScoreRow("a", START, 50.0, {"points": 1.0})
    with pytest.raises(TypeError):
        choose(rows=[survival, score], baseline_feature="points", cutoff=CUTOFF)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="baseline feature"):
        choose(rows=[survival], baseline_feature="nope", cutoff=CUTOFF)
    empty = _report([])
    assert (empty.kind, empty.enough_data, empty.reason_code) == ("none", False, "no_rows")
    assert json.dumps(empty.to_dict())


def test_cox_says_when_it_stops_before_converging() -> None:
    rows = _simulate_cox(200, 26, (1.5, -1.0, 0.5), 12)
    assert not CoxModel(max_iter=1).fit(rows).converged_
    full = CoxModel().fit(rows)
    assert full.converged_ and 1 < full.n_iter_ < 50
