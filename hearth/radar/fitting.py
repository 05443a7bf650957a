"""Fit models on the centre's own history and keep them only when they validate better.

Rows come from the stored risk history: one row per agent per week (sampled every 7 days back from
the latest night). Leaving: did the agent leave within the week (Person.leave_date)? Check-ups: the
next CBI work-related burnout score. The validation is on the latest third of the history, held out
(hearth.engine.risk_fit.choose); the report is stored whatever it says, so admins see why a fitted
model is or is not in use.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from hearth.assessments.selectors import scores_for_models
from hearth.engine.risk_fit import (
    MODEL_FIT_VERSION,
    CoxModel,
    RidgeModel,
    ScoreRow,
    SurvivalRow,
    choose,
)
from hearth.people.models import Centre, Person
from hearth.radar.models import RiskModelFit, RiskWeek

# What the fitted models see: the points model's own scores per type (so they can only add to it).
FEATURES = ("score", "score_basic", "score_belonging", "score_developmental")
HORIZON_WEEKS = 12
REFIT_DAYS = 28


def _weekly(centre: Centre) -> list[tuple[Any, ...]]:
    last = RiskWeek.objects.filter(person__centre=centre).order_by("-as_of").values_list("as_of", flat=True).first()
    if last is None:
        return []
    rows = RiskWeek.objects.filter(person__centre=centre).values_list("person_id", "as_of", *FEATURES)
    return [r for r in rows if (last - r[1]).days % 7 == 0]


def _cutoff(dates: list[date]) -> date:
    ordered = sorted(set(dates))
    return ordered[len(ordered) * 2 // 3] if ordered else timezone.localdate()


def survival_rows(centre: Centre) -> list[SurvivalRow]:
    """One row per agent-week: the week's scores; event when the agent left within the next 7 days."""
    left = dict(Person.objects.filter(centre=centre, leave_date__isnull=False).values_list("pk", "leave_date"))
    out = []
    for person_id, as_of, *values in _weekly(centre):
        leave = left.get(person_id)
        if leave is not None and leave <= as_of:
            continue
        event = leave is not None and leave <= as_of + timedelta(days=7)
        out.append(SurvivalRow(str(person_id), as_of, as_of + timedelta(days=7), event,
                               dict(zip(FEATURES, (float(v) for v in values), strict=True))))
    return out


def score_rows(centre: Centre) -> list[ScoreRow]:
    """One row per check-up: its CBI work-related score, with the scores of the week before it."""
    weekly: dict[int, list[tuple[date, dict[str, float]]]] = defaultdict(list)
    for person_id, as_of, *values in _weekly(centre):
        weekly[person_id].append((as_of, dict(zip(FEATURES, (float(v) for v in values), strict=True))))
    out = []
    scores = scores_for_models(centre_id=centre.pk, instrument="cbi", subscale="work")
    for person_id, _invitation, _instrument, _subscale, value, _level, submitted_at in scores:
        before = [w for w in weekly.get(person_id, []) if w[0] < submitted_at.date()]
        if before:
            as_of, features = max(before, key=lambda w: w[0])
            out.append(ScoreRow(str(person_id), as_of, float(value), features))
    return out


def risk_models_fit(*, centre: Centre, now: datetime | None = None) -> list[RiskModelFit]:
    """Fit and validate both models on the centre's history; store the reports."""
    now = now or timezone.now()
    fits = []
    for kind, rows, baseline in (
        ("leaving", survival_rows(centre), "score"),
        ("checkup", score_rows(centre), "score_basic"),
    ):
        cutoff = _cutoff([r.start if isinstance(r, SurvivalRow) else r.week_start for r in rows])
        if rows:
            report = choose(rows=rows, baseline_feature=baseline, cutoff=cutoff)  # type: ignore[arg-type]
            data, use = report.to_dict(), report.use_fitted
        else:
            data, use = {"enough_data": False, "reason_code": "no_rows", "reason_params": {}}, False
        fits.append(RiskModelFit.objects.create(centre=centre, kind=kind, created_at=now, cutoff=cutoff,
                                                use_fitted=use, report=data, model_fit_version=MODEL_FIT_VERSION))
    return fits


def risk_models_due(*, centre: Centre, now: datetime | None = None) -> bool:
    """Whether the models should be refitted (none yet, or the last fit is older than REFIT_DAYS)."""
    now = now or timezone.now()
    last = RiskModelFit.objects.filter(centre=centre).order_by("-created_at").values_list("created_at", flat=True).first()
    return last is None or now - last >= timedelta(days=REFIT_DAYS)


def _in_use(centre: Centre, kind: str) -> dict[str, Any] | None:
    """The stored parameters of the latest fit of `kind`, when its validation chose it over the points model."""
    fit = RiskModelFit.objects.filter(centre=centre, kind=kind).order_by("-created_at").first()
    return fit.report["model"] if fit is not None and fit.use_fitted else None


def leaving_model(*, centre: Centre) -> CoxModel | None:
    """The fitted leaving model, when the latest validation chose it over the points model."""
    params = _in_use(centre, "leaving")
    return CoxModel.from_params(params) if params else None


def checkup_model(*, centre: Centre) -> RidgeModel | None:
    """The fitted check-up regression, when the latest validation chose it over the points model."""
    params = _in_use(centre, "checkup")
    return RidgeModel.from_params(params) if params else None


def fitted_predictions(*, centre: Centre, weeks: list[RiskWeek]) -> int:
    """Fill each week's leaving chance (12 weeks) and expected next work-related burnout score from the
    fitted models the validation chose; nothing when it chose the points model. How many weeks got one."""
    leaving, checkup = leaving_model(centre=centre), checkup_model(centre=centre)
    if leaving is None and checkup is None:
        return 0
    for week in weeks:
        features = {name: float(getattr(week, name)) for name in FEATURES}
        if leaving is not None:
            week.leave_probability = round(leaving.predict_survival(features, HORIZON_WEEKS), 4)
        if checkup is not None:
            week.expected_work_burnout = round(min(100.0, max(0.0, checkup.predict(features))), 1)
    RiskWeek.objects.bulk_update(weeks, ["leave_probability", "expected_work_burnout"], batch_size=1000)
    return len(weeks)


def fits_latest(*, centre: Centre, language: str) -> list[dict[str, Any]]:
    """The latest fit of each kind, ready to show: reason in words, metrics, calibration chart, coefficients."""
    from django.utils.translation import gettext as _

    from hearth.engine.risk_fit_metrics import fit_reason

    out = []
    for kind, title in (("leaving", _("Leaving (survival model)")), ("checkup", _("Next check-up score (regression)"))):
        fit = RiskModelFit.objects.filter(centre=centre, kind=kind).order_by("-created_at").first()
        if fit is None:
            out.append({"kind": kind, "title": title, "fit": None})
            continue
        report = fit.report
        metric = "c_index" if kind == "leaving" else "mae"
        rows = []
        for name, label in ((metric, _("C-index") if kind == "leaving" else _("mean absolute error")),
                            ("rmse", _("root mean square error")), ("r2", "R²")):
            fitted = (report.get("fitted") or {}).get(name)
            baseline = (report.get("baseline") or {}).get(name)
            if fitted is not None or baseline is not None:
                rows.append({"label": label, "fitted": fitted, "baseline": baseline})
        calibration = (report.get("fitted") or {}).get("calibration") or []
        chart = None
        if calibration:
            predicted = [round(b["mean_predicted"], 3) for b in calibration]
            chart = {
                "kind": "line", "labels": [f"{p:g}" for p in predicted],
                "series": [{"label": _("observed"), "data": [round(b["observed"], 3) for b in calibration]},
                           {"label": _("predicted"), "data": predicted}],
                "label_title": _("mean predicted, by group"), "value_title": _("observed"),
            }
        out.append({
            "kind": kind, "title": title, "fit": fit, "report": report, "rows": rows, "chart": chart,
            "calibration": calibration,
            "reason": fit_reason(report.get("reason_code", "no_rows"), report.get("reason_params", {}), language),
            "coefficients": sorted((report.get("coefficients") or {}).items(), key=lambda kv: -abs(kv[1])),
        })
    return out
