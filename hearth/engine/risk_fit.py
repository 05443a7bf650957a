"""Centre-fitted risk models that replace the points model only when they validate better.

When a centre has enough history (check-ups and leavers), Hearth fits two models on its own data:
  * leaving: a Cox proportional hazards model (Cox 1972, J. Royal Statistical Society B 34(2)) on
    counting-process rows, one per agent-week with the features known at its start (Andersen &
    Gill 1982, Annals of Statistics 10(4)). Newton-Raphson with step halving maximises the
    partial likelihood with Breslow's treatment of tied event times (Breslow 1974, Biometrics
    30(1)) less an L2 penalty (Verweij & van Houwelingen 1994, Statistics in Medicine 13(23));
    the baseline hazard is Breslow's estimator, averaged per week of calendar time;
  * check-up scores: ridge regression (Hoerl & Kennard 1970, Technometrics 12(1)), closed form.
Features are standardised with means and SDs of the training part; a missing value counts as the
training mean. Both models are validated on a later, held-out period (a time split, never a random
one) against the points model (risk.py), whose score the caller passes as one of the features:
Harrell's C-index and calibration in deciles of predicted risk (Harrell, Lee & Mark 1996,
Statistics in Medicine 15(4); risk_fit_metrics.py) for leaving, MAE, RMSE, R² and calibration for
scores, where the points score gets a one-variable linear calibration fitted on the training part
so the comparison is fair. choose() switches to the fitted model only when it beats the points
model by a margin. Same input and MODEL_FIT_VERSION give the same output (numpy only, no
randomness, rows put in a canonical order first).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

import numpy as np

from hearth.engine.risk_fit_metrics import (
    MODEL_FIT_VERSION,
    CalibrationBin,
    FitReport,
    FloatArray,
    Metrics,
    c_index,
    calibration_bins,
    regression_metrics,
)

# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class SurvivalRow:
    """One agent-week (start, stop]: features known at start; event = the agent left by stop."""

    agent_id: str
    start: date
    stop: date
    event: bool
    features: Mapping[str, float]


@dataclass(frozen=True)
class ScoreRow:
    """One check-up to predict: its score (0-100) and the features known before week_start."""

    agent_id: str
    week_start: date
    target: float
    features: Mapping[str, float]


Row = TypeVar("Row", bound=SurvivalRow | ScoreRow)


class HasFeatures(Protocol):
    """Anything with features by name: a SurvivalRow, a ScoreRow."""

    @property
    def features(self) -> Mapping[str, float]:
        """Feature values by name."""
        ...


@dataclass(frozen=True)
class _Features:
    features: Mapping[str, float]


def feature_matrix(
    rows: Sequence[HasFeatures],
    names: Sequence[str],
    *,
    means: FloatArray | None = None,
    scales: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(rows × names standardised, means, scales); learns means and SDs from `rows` unless given.

    Learn on the training rows, then pass their means and scales for the held-out rows. A missing,
    None or non-finite value becomes the mean (0 once standardised); a feature that does not vary
    keeps scale 1, so its column is all zeros.
    """
    # numpy reads None as NaN; a missing name is None too.
    raw = np.array(
        [[r.features.get(name) for name in names] for r in rows], dtype=np.float64
    ).reshape(len(rows), len(names))
    missing = ~np.isfinite(raw)
    if means is None or scales is None:
        known = (~missing).sum(axis=0)
        filled = np.where(missing, 0.0, raw)
        means = np.where(known > 0, filled.sum(axis=0) / np.maximum(known, 1), 0.0)
        spread = np.where(missing, 0.0, raw - means)
        sd = np.sqrt((spread**2).sum(axis=0) / np.maximum(known, 1))
        scales = np.where(sd > 1e-12 * np.maximum(1.0, np.abs(means)), sd, 1.0)
    x = (raw - means) / scales
    x[missing] = 0.0
    return x, np.asarray(means, dtype=np.float64), np.asarray(scales, dtype=np.float64)


def _when(row: SurvivalRow | ScoreRow) -> date:
    return row.start if isinstance(row, SurvivalRow) else row.week_start


def time_split(rows: Sequence[Row], cutoff: date) -> tuple[list[Row], list[Row]]:
    """(training rows: start/week_start before cutoff, held-out rows: from cutoff on), order kept."""
    train = [r for r in rows if _when(r) < cutoff]
    test = [r for r in rows if _when(r) >= cutoff]
    return train, test


def _names(rows: Sequence[HasFeatures]) -> tuple[str, ...]:
    return tuple(sorted({name for r in rows for name in r.features}))


def _dates(rows: Sequence[SurvivalRow]) -> tuple[FloatArray, FloatArray, FloatArray]:
    start = np.array([r.start.toordinal() for r in rows], dtype=np.float64)
    stop = np.array([r.stop.toordinal() for r in rows], dtype=np.float64)
    event = np.array([bool(r.event) for r in rows], dtype=np.float64)
    return start, stop, event


class _Linear:
    """What both models learn: feature names, coefficients per SD, training means and SDs."""

    features_: tuple[str, ...]
    coef_: FloatArray
    means_: FloatArray
    scales_: FloatArray

    def _learn_scaling(
        self, rows: Sequence[HasFeatures], features: Sequence[str] | None
    ) -> FloatArray:
        if not rows:
            raise ValueError("no rows to fit on")
        self.features_ = tuple(features) if features is not None else _names(rows)
        x, self.means_, self.scales_ = feature_matrix(rows, self.features_)
        return x

    def _linear(self, rows: Sequence[HasFeatures]) -> FloatArray:
        x, _, _ = feature_matrix(rows, self.features_, means=self.means_, scales=self.scales_)
        return np.asarray(x @ self.coef_, dtype=np.float64)

    def _state(self) -> dict[str, Any]:
        return {
            "features": list(self.features_),
            "coef": [float(c) for c in self.coef_],
            "means": [float(m) for m in self.means_],
            "scales": [float(s) for s in self.scales_],
        }

    def _restore(self, params: Mapping[str, Any]) -> None:
        self.features_ = tuple(params["features"])
        self.coef_ = np.array(params["coef"], dtype=np.float64)
        self.means_ = np.array(params["means"], dtype=np.float64)
        self.scales_ = np.array(params["scales"], dtype=np.float64)


# ---------------------------------------------------------------- Cox proportional hazards


class _CoxTerms:
    """Partial-likelihood terms of counting-process rows, by sorted cumulative sums.

    A row is at risk at event time t when start < t <= stop, so the risk-set sum of any v is
    (sum of v over stop >= t) - (sum of v over start >= t): two suffix sums, O(n log n) once and
    O(n p²) per Newton step, without building the risk sets.
    """

    def __init__(self, x: FloatArray, start: FloatArray, stop: FloatArray, event: FloatArray):
        self.x = x
        self.times, self.deaths = np.unique(stop[event > 0], return_counts=True)
        self.by_stop = np.argsort(stop, kind="stable")
        self.by_start = np.argsort(start, kind="stable")
        self.pos_stop = np.searchsorted(stop[self.by_stop], self.times, side="left")
        self.pos_start = np.searchsorted(start[self.by_start], self.times, side="left")
        # Event times up to a row's stop minus those up to its start: the ones it is at risk for.
        self.upto_stop = np.searchsorted(self.times, stop, side="right")
        self.upto_start = np.searchsorted(self.times, start, side="right")
        self.event_x = x[event > 0].sum(axis=0)

    def _risk_sum(self, v: FloatArray) -> FloatArray:
        def suffix(order: Any, pos: Any) -> FloatArray:
            sums = np.cumsum(v[order][::-1], axis=0)[::-1]
            sums = np.concatenate([sums, np.zeros((1, *v.shape[1:]))])
            return np.asarray(sums[pos], dtype=np.float64)

        return suffix(self.by_stop, self.pos_stop) - suffix(self.by_start, self.pos_start)

    def s0(self, beta: FloatArray) -> tuple[FloatArray, FloatArray, float]:
        """(weights exp(eta - shift), risk-set sums S0 of the weights, shift)."""
        eta = self.x @ beta
        shift = float(eta.max()) if eta.size else 0.0
        w = np.exp(eta - shift)
        s0 = np.maximum(self._risk_sum(w), np.finfo(np.float64).tiny)
        return w, s0, shift

    def loglik(self, beta: FloatArray, l2: float) -> float:
        """Breslow log partial likelihood less (l2 / 2)·|beta|²."""
        _, s0, shift = self.s0(beta)
        fit = float(self.event_x @ beta) - float(self.deaths @ (np.log(s0) + shift))
        return fit - 0.5 * l2 * float(beta @ beta)

    def derivatives(self, beta: FloatArray, l2: float) -> tuple[FloatArray, FloatArray]:
        """Gradient and Hessian of loglik()."""
        w, s0, _ = self.s0(beta)
        mean_x = self._risk_sum(w[:, None] * self.x) / s0[:, None]
        gradient = self.event_x - self.deaths @ mean_x - l2 * beta
        ratio = np.concatenate([[0.0], np.cumsum(self.deaths / s0)])
        c = (ratio[self.upto_stop] - ratio[self.upto_start]) * w
        second = self.x.T @ (c[:, None] * self.x) - (mean_x.T * self.deaths) @ mean_x
        return gradient, -second - l2 * np.eye(beta.size)


class CoxModel(_Linear):
    """Cox proportional hazards with Breslow ties and an L2 penalty; parameters in __init__."""

    def __init__(self, l2: float = 0.1, max_iter: int = 50, tol: float = 1e-7) -> None:
        self.l2 = l2
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, rows: Sequence[SurvivalRow], features: Sequence[str] | None = None) -> CoxModel:
        """Fit on counting-process rows; features default to every name the rows use, sorted."""
        x = self._learn_scaling(rows, features)
        start, stop, event = _dates(rows)
        if (stop <= start).any():
            raise ValueError("every row needs stop after start")
        if not event.any():
            raise ValueError("no events to fit on")
        terms = _CoxTerms(x, start, stop, event)
        beta = np.zeros(len(self.features_))
        loglik = terms.loglik(beta, self.l2)
        self.converged_ = False
        self.n_iter_ = 0
        for iteration in range(1, self.max_iter + 1):
            self.n_iter_ = iteration
            gradient, hessian = terms.derivatives(beta, self.l2)
            try:
                newton = np.linalg.solve(-hessian, gradient)
            except np.linalg.LinAlgError:
                newton = np.linalg.lstsq(-hessian, gradient, rcond=None)[0]
            # Step halving: never accept a step that lowers the penalised likelihood.
            step = newton
            for _ in range(30):
                candidate = beta + step
                new = terms.loglik(candidate, self.l2)
                if new >= loglik - 1e-12 * abs(loglik):
                    break
                step = step / 2
            else:
                break
            beta, loglik = candidate, new
            size = np.abs(newton).max(initial=0.0)
            if size <= self.tol * (1.0 + np.abs(beta).max(initial=0.0)):
                self.converged_ = True
                break
        self.coef_ = beta
        self.log_likelihood_ = loglik
        _, s0, shift = terms.s0(beta)
        self.baseline_times_ = [date.fromordinal(int(t)) for t in terms.times]
        # Breslow 1974: events at t over the risk-set sum of exp(eta); eta = 0 at training means.
        self.baseline_hazard_ = terms.deaths / (s0 * math.exp(shift))
        weeks = (stop.max() - start.min()) / 7.0
        self.weekly_hazard_ = float(self.baseline_hazard_.sum() / weeks)
        return self

    def linear_predictors(self, rows: Sequence[HasFeatures]) -> FloatArray:
        """risk_score() of each row's features, as an array."""
        return self._linear(rows)

    def risk_score(self, features: Mapping[str, float]) -> float:
        """The linear predictor (log relative hazard against an agent-week at training means)."""
        return float(self.linear_predictors([_Features(features)])[0])

    def predict_survival(self, features: Mapping[str, float], horizon_weeks: float) -> float:
        """Probability of leaving within horizon_weeks: 1 - exp(-H0 per week · weeks · e^lp).

        Assumes the baseline hazard of the training period holds, on average, in the future.
        """
        return float(
            _leave_probability(self.weekly_hazard_, horizon_weeks, self.risk_score(features))
        )

    def params(self) -> dict[str, Any]:
        """What from_params() needs to rebuild the fitted model (JSON-ready)."""
        return self._state() | {"l2": self.l2, "weekly_hazard": self.weekly_hazard_}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CoxModel:
        """A model that predicts like the one params() came from (baseline as the weekly rate)."""
        model = cls(l2=float(params["l2"]))
        model._restore(params)
        model.weekly_hazard_ = float(params["weekly_hazard"])
        return model


def _leave_probability(weekly_hazard: float, weeks: Any, lp: Any) -> Any:
    return -np.expm1(-weekly_hazard * np.asarray(weeks) * np.exp(lp))


# ---------------------------------------------------------------- ridge regression


class RidgeModel(_Linear):
    """Ridge regression for check-up scores, closed form; the intercept is not penalised."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, rows: Sequence[ScoreRow], features: Sequence[str] | None = None) -> RidgeModel:
        """Fit on standardised features; features default to every name the rows use, sorted."""
        x = self._learn_scaling(rows, features)
        p = len(self.features_)
        y = np.array([float(r.target) for r in rows], dtype=np.float64)
        self.intercept_ = float(y.mean())
        # (XᵀX + αI)β = Xᵀ(y - ȳ), solved as least squares on X stacked over √α·I: the same
        # solution, well conditioned, and the minimum-norm one when α = 0 and X is rank-deficient.
        stacked = np.vstack([x, math.sqrt(self.alpha) * np.eye(p)])
        target = np.concatenate([y - self.intercept_, np.zeros(p)])
        self.coef_ = np.linalg.lstsq(stacked, target, rcond=None)[0]
        return self

    def predict_many(self, rows: Sequence[HasFeatures]) -> FloatArray:
        """predict() of each row's features, as an array."""
        return self.intercept_ + self._linear(rows)

    def predict(self, features: Mapping[str, float]) -> float:
        """The predicted check-up score."""
        return float(self.predict_many([_Features(features)])[0])

    def params(self) -> dict[str, Any]:
        """What from_params() needs to rebuild the fitted model (JSON-ready)."""
        return self._state() | {"alpha": self.alpha, "intercept": self.intercept_}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> RidgeModel:
        """A model that predicts like the one params() came from."""
        model = cls(alpha=float(params["alpha"]))
        model._restore(params)
        model.intercept_ = float(params["intercept"])
        return model


# ---------------------------------------------------------------- validation and the choice


def _r(x: float) -> float:
    """Six decimals: what the report shows and compares, steady across BLAS builds."""
    return round(float(x), 6) if math.isfinite(x) else math.nan


def _bins(predicted: FloatArray, observed: FloatArray) -> tuple[CalibrationBin, ...]:
    return tuple(
        CalibrationBin(_r(b.mean_predicted), _r(b.observed), b.n)
        for b in calibration_bins(predicted, observed)
    )


def _survival(
    train: list[SurvivalRow], test: list[SurvivalRow], baseline_feature: str, margin: float
) -> dict[str, Any]:
    model = CoxModel().fit(train)
    points = CoxModel().fit(train, [baseline_feature])
    start, stop, event = _dates(test)
    # The points score ranks by itself (standardising keeps its order); its one-variable Cox fit
    # on the training part only turns it into probabilities for the calibration.
    score = feature_matrix(test, [baseline_feature], means=points.means_, scales=points.scales_)
    ranks = (model.linear_predictors(test), score[0][:, 0])
    fitted_c, baseline_c = (_r(c_index(rank, stop, event, start)) for rank in ranks)

    def calibration(fit: CoxModel) -> tuple[CalibrationBin, ...]:
        lp = fit.linear_predictors(test)
        return _bins(_leave_probability(fit.weekly_hazard_, (stop - start) / 7, lp), event)

    fitted = Metrics(calibration(model), c_index=fitted_c)
    baseline = Metrics(calibration(points), c_index=baseline_c)
    needed = _r(baseline_c + margin)
    code = "c_index_better" if fitted_c >= needed else "c_index_not_better"
    code = code if model.converged_ else "not_converged"
    return _decided(model, fitted, baseline, code, (fitted_c, baseline_c, needed))


def _scores(
    train: list[ScoreRow], test: list[ScoreRow], baseline_feature: str, margin: float
) -> dict[str, Any]:
    model = RidgeModel().fit(train)
    # A one-variable least-squares calibration of the points score, fitted on the same rows.
    points = RidgeModel(alpha=0.0).fit(train, [baseline_feature])
    y = np.array([r.target for r in test], dtype=np.float64)
    predictions = (model.predict_many(test), points.predict_many(test))
    errors = [[_r(m) for m in regression_metrics(y, predicted)] for predicted in predictions]
    fitted, baseline = (
        Metrics(_bins(predicted, y), mae=mae, rmse=rmse, r2=r2)
        for predicted, (mae, rmse, r2) in zip(predictions, errors, strict=True)
    )
    mae, needed = errors[0][0], _r(errors[1][0] * (1.0 - margin))
    code = "mae_better" if mae <= needed else "mae_not_better"
    return _decided(model, fitted, baseline, code, (mae, errors[1][0], needed))


def _decided(
    model: CoxModel | RidgeModel, fitted: Metrics, baseline: Metrics, code: str, values: Any
) -> dict[str, Any]:
    return {
        "fitted": fitted,
        "baseline": baseline,
        "use_fitted": code in ("c_index_better", "mae_better"),
        "reason_code": code,
        "reason_params": {
            k: round(v, 3) for k, v in zip(("fitted", "baseline", "needed"), values, strict=True)
        },
        "coefficients": {n: _r(c) for n, c in zip(model.features_, model.coef_, strict=True)},
        "model": model.params(),
    }


def _order(row: SurvivalRow | ScoreRow) -> tuple[Any, ...]:
    if isinstance(row, SurvivalRow):
        return (row.start, row.stop, row.agent_id, row.event)
    return (row.week_start, row.agent_id, row.target)


def _only(kind: type[Row], rows: list[SurvivalRow | ScoreRow]) -> list[Row]:
    return [r for r in rows if isinstance(r, kind)]


def _period(rows: Sequence[SurvivalRow | ScoreRow]) -> tuple[date, date] | None:
    if not rows:
        return None
    last = max(r.stop if isinstance(r, SurvivalRow) else r.week_start for r in rows)
    return min(_when(r) for r in rows), last


def choose(
    *,
    rows: Sequence[SurvivalRow] | Sequence[ScoreRow],
    baseline_feature: str,
    cutoff: date,
    min_events: int = 20,
    min_agents: int = 50,
    margin: float = 0.02,
) -> FitReport:
    """Fit before cutoff, validate from cutoff on; use the fitted model only if it is better.

    Survival rows: the fitted Cox model is used when its held-out C-index is at least the points
    score's plus margin. Score rows: the fitted ridge model is used when its held-out MAE is at
    most (1 - margin) times that of the calibrated points score. Enough data means min_events
    leavers (check-ups) and min_agents agents in the history, and at least a quarter of
    min_events on each side of the cutoff.
    """
    kinds = {type(r) for r in rows}
    if len(kinds) > 1 or not kinds <= {SurvivalRow, ScoreRow}:
        raise TypeError("rows must be all SurvivalRow or all ScoreRow")
    if rows and not any(baseline_feature in r.features for r in rows):
        raise ValueError(f"no row has the baseline feature {baseline_feature!r}")
    survival = SurvivalRow in kinds
    # A canonical order, so that the same rows in any order give the same floating-point sums.
    items: list[SurvivalRow | ScoreRow] = [r for r in rows]
    train, test = time_split(sorted(items, key=_order), cutoff)
    left = [sum(isinstance(r, SurvivalRow) and r.event for r in part) for part in (train, test)]
    train_events, test_events = left if survival else (len(train), len(test))
    agents = len({r.agent_id for r in rows})
    noun = "leavers" if survival else "checkups"
    side, on = max(1, math.ceil(min_events / 4)), cutoff.isoformat()
    shortfall: tuple[str, dict[str, Any]] | None = None
    if not rows:
        shortfall = "no_rows", {}
    elif train_events + test_events < min_events:
        shortfall = f"too_few_{noun}", {"count": train_events + test_events, "needed": min_events}
    elif agents < min_agents:
        shortfall = "too_few_agents", {"count": agents, "needed": min_agents}
    elif train_events < side:
        shortfall = f"too_few_train_{noun}", {"count": train_events, "needed": side, "cutoff": on}
    elif test_events < side:
        shortfall = f"too_few_test_{noun}", {"count": test_events, "needed": side, "cutoff": on}
    if shortfall is not None:
        decided: dict[str, Any] = {"use_fitted": False, "reason_code": shortfall[0]}
        decided["reason_params"] = shortfall[1]
    elif survival:
        decided = _survival(
            _only(SurvivalRow, train), _only(SurvivalRow, test), baseline_feature, margin
        )
    else:
        decided = _scores(_only(ScoreRow, train), _only(ScoreRow, test), baseline_feature, margin)
    return FitReport(
        kind="survival" if survival else "score" if rows else "none",
        baseline_feature=baseline_feature,
        cutoff=cutoff,
        margin=margin,
        enough_data=shortfall is None,
        agents=agents,
        train_rows=len(train),
        test_rows=len(test),
        train_events=train_events,
        test_events=test_events,
        train_period=_period(train),
        test_period=_period(test),
        **decided,
    )


__all__ = [
    "MODEL_FIT_VERSION",
    "CalibrationBin",
    "CoxModel",
    "FitReport",
    "HasFeatures",
    "Metrics",
    "RidgeModel",
    "ScoreRow",
    "SurvivalRow",
    "c_index",
    "calibration_bins",
    "choose",
    "feature_matrix",
    "regression_metrics",
    "time_split",
]
