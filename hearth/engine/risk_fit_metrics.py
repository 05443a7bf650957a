"""Held-out validation of the centre-fitted risk models (risk_fit.py): metrics and the report.

  * C-index: Harrell's concordance (Harrell, Califf, Pryor, Lee & Rosati 1982, JAMA 247(18);
    Harrell, Lee & Mark 1996, Statistics in Medicine 15(4)), the share of comparable pairs in
    which the one who left first had the higher predicted risk. A pair is comparable when one
    member has an event at time t and the other is still at risk after t (or is censored at t);
    two events at the same time are not comparable; tied predictions count one half. With
    counting-process rows (start, stop] a row is at risk at t when start < t <= stop, as in the
    time-dependent concordance of Therneau & Atkinson's R `survival::concordance`; with start
    omitted this is Harrell's C for right-censored data.
  * Calibration: predictions sorted into groups of equal size (deciles by default) with the mean
    prediction, the observed rate (or mean score) and the count of each group, the grouped
    calibration of Harrell, Lee & Mark 1996. The caller draws the plot.
  * MAE, RMSE and R² (1 - SSE/SST around the held-out mean) for check-up scores.

FitReport says what choose() decided and why, in English or Simplified Chinese, and turns into
JSON for the web side to store and show. Pure numpy, deterministic: the same arrays in the same
order give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

# Bump when the models, the metrics or the rule of choose() change what comes out.
MODEL_FIT_VERSION = "risk-fit-1"

FloatArray = npt.NDArray[np.float64]
ArrayLike = Sequence[float] | Sequence[bool] | npt.NDArray[Any]


@dataclass(frozen=True)
class CalibrationBin:
    """One group of predictions: their mean, the observed rate (or mean score), and how many."""

    mean_predicted: float
    observed: float
    n: int


def c_index(
    score: ArrayLike, stop: ArrayLike, event: ArrayLike, start: ArrayLike | None = None
) -> float:
    """Harrell's C of `score` (higher = leaves sooner) for rows (start, stop] with events at stop.

    NaN when no pair is comparable (no event, or nobody else at risk at any event time).
    O(n log n) per distinct event time: for each one, the scores of those at risk without an
    event then are sorted once and every event's score is placed among them by bisection.
    """
    s = np.asarray(score, dtype=np.float64)
    t = np.asarray(stop, dtype=np.float64)
    e = np.asarray(event, dtype=bool)
    a = np.full_like(t, -np.inf) if start is None else np.asarray(start, dtype=np.float64)
    if not (s.shape == t.shape == e.shape == a.shape) or s.ndim != 1:
        raise ValueError("score, stop, event and start must be 1-d and of the same length")
    if np.isnan(s).any():
        raise ValueError("scores must not be NaN")
    # Twice the concordant count (a tie counts one) keeps the sum in exact integers.
    twice_concordant = 0
    pairs = 0
    for tau in np.unique(t[e]):
        at_risk = (a < tau) & (t >= tau)
        cases = e & (t == tau)
        controls = np.sort(s[at_risk & ~cases])
        if not controls.size:
            continue
        case_scores = s[cases]
        below = np.searchsorted(controls, case_scores, side="left")
        up_to = np.searchsorted(controls, case_scores, side="right")
        twice_concordant += int(below.sum()) + int(up_to.sum())
        pairs += case_scores.size * controls.size
    return twice_concordant / (2 * pairs) if pairs else math.nan


def calibration_bins(
    predicted: ArrayLike, observed: ArrayLike, bins: int = 10
) -> tuple[CalibrationBin, ...]:
    """Predictions in `bins` groups of (nearly) equal size by predicted value, lowest first."""
    p = np.asarray(predicted, dtype=np.float64)
    o = np.asarray(observed, dtype=np.float64)
    if p.shape != o.shape or p.ndim != 1:
        raise ValueError("predicted and observed must be 1-d and of the same length")
    if bins < 1:
        raise ValueError("bins must be at least 1")
    order = np.argsort(p, kind="stable")
    return tuple(
        CalibrationBin(float(p[group].mean()), float(o[group].mean()), int(group.size))
        for group in np.array_split(order, bins)
        if group.size
    )


def regression_metrics(target: ArrayLike, predicted: ArrayLike) -> tuple[float, float, float]:
    """(MAE, RMSE, R²) of predictions; R² is NaN when the targets do not vary."""
    y = np.asarray(target, dtype=np.float64)
    p = np.asarray(predicted, dtype=np.float64)
    if y.shape != p.shape or y.ndim != 1 or not y.size:
        raise ValueError("target and predicted must be 1-d, non-empty and of the same length")
    error = y - p
    sse = float(error @ error)
    sst = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - sse / sst if sst > 0 else math.nan
    return float(np.abs(error).mean()), math.sqrt(sse / y.size), r2


# ---------------------------------------------------------------- the report

# (en, zh-hans) templates of the reason for a FitReport's decision.
_REASONS: dict[str, tuple[str, str]] = {
    "no_rows": ("No history to fit on.", "没有可用于拟合的历史数据。"),
    "too_few_leavers": (
        "{count} leavers in the history; {needed} needed.",
        "历史数据中有 {count} 名离职者；需要 {needed} 名。",
    ),
    "too_few_checkups": (
        "{count} check-ups in the history; {needed} needed.",
        "历史数据中有 {count} 次状态自测；需要 {needed} 次。",
    ),
    "too_few_agents": (
        "{count} agents in the history; {needed} needed.",
        "历史数据中有 {count} 名客服；需要 {needed} 名。",
    ),
    "too_few_train_leavers": (
        "{count} leavers before {cutoff} to fit on; {needed} needed.",
        "{cutoff} 之前有 {count} 名离职者可用于拟合；需要 {needed} 名。",
    ),
    "too_few_train_checkups": (
        "{count} check-ups before {cutoff} to fit on; {needed} needed.",
        "{cutoff} 之前有 {count} 次状态自测可用于拟合；需要 {needed} 次。",
    ),
    "too_few_test_leavers": (
        "{count} leavers from {cutoff} on to validate on; {needed} needed.",
        "自 {cutoff} 起有 {count} 名离职者可用于验证；需要 {needed} 名。",
    ),
    "too_few_test_checkups": (
        "{count} check-ups from {cutoff} on to validate on; {needed} needed.",
        "自 {cutoff} 起有 {count} 次状态自测可用于验证；需要 {needed} 次。",
    ),
    "not_converged": (
        "The fitted model did not converge; the points model is kept.",
        "拟合模型未收敛；继续使用积分模型。",
    ),
    "c_index_better": (
        "On the held-out period the fitted model's C-index is {fitted}, the points model's "
        "{baseline}: the fitted model is used (it needed {needed} or more).",
        "在留出验证期内，拟合模型的 C 指数为 {fitted}，积分模型为 {baseline}："
        "改用拟合模型（需要达到 {needed} 或以上）。",
    ),
    "c_index_not_better": (
        "On the held-out period the fitted model's C-index is {fitted}, the points model's "
        "{baseline}: the points model is kept (the fitted model needed {needed} or more).",
        "在留出验证期内，拟合模型的 C 指数为 {fitted}，积分模型为 {baseline}："
        "继续使用积分模型（拟合模型需要达到 {needed} 或以上）。",
    ),
    "mae_better": (
        "On the held-out period the fitted model is off by {fitted} points on average, the "
        "points model by {baseline}: the fitted model is used (it needed {needed} or less).",
        "在留出验证期内，拟合模型的平均绝对误差为 {fitted} 分，积分模型为 {baseline} 分："
        "改用拟合模型（需要不超过 {needed} 分）。",
    ),
    "mae_not_better": (
        "On the held-out period the fitted model is off by {fitted} points on average, the "
        "points model by {baseline}: the points model is kept (the fitted model needed "
        "{needed} or less).",
        "在留出验证期内，拟合模型的平均绝对误差为 {fitted} 分，积分模型为 {baseline} 分："
        "继续使用积分模型（拟合模型需要不超过 {needed} 分）。",
    ),
}


@dataclass(frozen=True)
class Metrics:
    """One model on the held-out period: C-index (leaving) or MAE/RMSE/R² (scores), calibration."""

    calibration: tuple[CalibrationBin, ...]
    c_index: float | None = None
    mae: float | None = None
    rmse: float | None = None
    r2: float | None = None


@dataclass(frozen=True)
class FitReport:
    """What choose() decided and why: sizes, held-out metrics of both models, coefficients.

    kind is "survival" (leaving), "score" (check-up scores) or "none" (no rows). Events are
    leavers for survival and check-ups for scores; periods run from the first start (week_start)
    to the last stop (week_start). coefficients are per SD of each feature in the training part;
    model is CoxModel.params() or RidgeModel.params() (from_params() rebuilds it); both are empty
    when there was not enough data.
    """

    kind: str
    baseline_feature: str
    cutoff: date
    margin: float
    enough_data: bool
    use_fitted: bool
    reason_code: str
    reason_params: Mapping[str, Any]
    agents: int = 0
    train_rows: int = 0
    test_rows: int = 0
    train_events: int = 0
    test_events: int = 0
    train_period: tuple[date, date] | None = None
    test_period: tuple[date, date] | None = None
    fitted: Metrics | None = None
    baseline: Metrics | None = None
    coefficients: Mapping[str, float] = field(default_factory=dict)
    model: Mapping[str, Any] = field(default_factory=dict)
    model_fit_version: str = MODEL_FIT_VERSION

    @property
    def reason(self) -> str:
        """The reason for the decision, in English."""
        return self.message("en")

    def message(self, language: str = "en") -> str:
        """The reason for the decision, in English or Simplified Chinese."""
        return fit_reason(self.reason_code, self.reason_params, language)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO strings, NaN as None, the English reason added."""
        out: dict[str, Any] = _jsonable(asdict(self))
        out["reason"] = self.reason
        return out


def fit_reason(code: str, params: Mapping[str, Any], language: str = "en") -> str:
    """A stored report's reason (its reason_code and reason_params) in English or Simplified Chinese."""
    zh = language.lower().replace("_", "-").startswith("zh")
    return _REASONS[code][1 if zh else 0].format(**params)


def _jsonable(x: Any) -> Any:
    if is_dataclass(x) and not isinstance(x, type):
        return _jsonable(asdict(x))
    if isinstance(x, float):
        return float(x) if math.isfinite(x) else None
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    return x


__all__ = [
    "MODEL_FIT_VERSION",
    "CalibrationBin",
    "FitReport",
    "Metrics",
    "c_index",
    "fit_reason",
    "calibration_bins",
    "regression_metrics",
]
