"""Risk model configuration: weights, thresholds and caps from risk_config.json, overridable per centre."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MODEL_VERSION = "risk-points-2"
RISK_CONFIG_FILE = Path(__file__).parent / "risk_config.json"
TYPES = ("basic", "belonging", "developmental")

# Every signal and the parameters it reads; the config must name exactly these.
SIGNAL_PARAMS: dict[str, tuple[str, ...]] = {
    "hostile_exposure": ("min_count", "self_floor", "ratio_min", "ratio_full", "absolute_full"),
    "hostile_run": ("day_min", "min_days", "full_days"),
    "night_overtime": (
        "night_min_minutes",
        "standard_day_minutes",
        "min_overtime_hours",
        "full_overtime_hours",
    ),
    "long_hours": ("min_hours", "full_hours"),
    "quick_returns": ("min_count", "full_count"),
    "consecutive_days": ("min_days", "full_days"),
    "volume_pressure": ("ratio_min", "ratio_full"),
    "response_pressure": ("ratio_min", "ratio_full"),
    "canned_rise": ("min_rise", "full_rise"),
    "empathy_drop": ("min_drop", "full_drop"),
    "csat_drop": ("min_responses", "min_drop", "full_drop"),
    "no_leave": ("break_days", "min_weeks", "full_weeks"),
}
_CHECKUP_NUMBERS = (
    "default_component_weight",
    "rise_baseline_checkups",
    "rise_window_days",
    "points_per_reliable_change",
    "rise_cap",
    "max_age_days",
)
_CHECKUP_MAPS = ("component_weights", "reliable_change")
_CHECKUP_KEYS = ("level_points", *_CHECKUP_NUMBERS, *_CHECKUP_MAPS)


class RiskConfigError(ValueError):
    """A risk config that cannot be used; the message names the bad key."""


# ---------------------------------------------------------------- config


@dataclass(frozen=True)
class SignalRule:
    """Points per burnout type at full strength, the signal's parameters and why."""

    weights: dict[str, float]
    params: dict[str, float]
    rationale: str = ""


@dataclass(frozen=True)
class RiskConfig:
    """Weights, thresholds and caps of the points model (see risk_config.json)."""

    levels: tuple[float, float, float]
    signal_cap: float
    baseline_weeks: int
    baseline_min_weeks: int
    checkup: dict[str, Any]
    points_scales: dict[str, int]
    signals: dict[str, SignalRule]
    note: str = ""

    @classmethod
    def default(cls) -> RiskConfig:
        """The shipped config."""
        return cls.load(RISK_CONFIG_FILE)

    @classmethod
    def load(cls, path: Path) -> RiskConfig:
        """Read and validate a config file."""
        with path.open(encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskConfig:
        """Validate a complete config; errors name the dotted key."""
        _keys(
            data,
            "",
            ("levels", "signal_cap", "baseline", "checkup", "points_scales", "signals"),
            ("note",),
        )
        levels = data["levels"]
        _keys(levels, "levels.", ("watch", "high", "severe"))
        watch, high, severe = (_num(levels[k], f"levels.{k}") for k in ("watch", "high", "severe"))
        if not 0 < watch < high < severe:
            raise RiskConfigError("levels: need 0 < watch < high < severe")
        baseline = data["baseline"]
        _keys(baseline, "baseline.", ("weeks", "min_weeks"))
        checkup = data["checkup"]
        _keys(checkup, "checkup.", _CHECKUP_KEYS, ("rationale",))
        points = checkup["level_points"]
        if not isinstance(points, list) or len(points) != 4:
            raise RiskConfigError("checkup.level_points: need four numbers (levels 0-3)")
        checked: dict[str, Any] = {
            "level_points": [_num(p, "checkup.level_points") for p in points]
        }
        for key in _CHECKUP_NUMBERS:
            checked[key] = _num(checkup[key], f"checkup.{key}")
        for key in _CHECKUP_MAPS:
            if not isinstance(checkup[key], Mapping):
                raise RiskConfigError(f"checkup.{key}: need an object")
            checked[key] = {
                str(k): _num(v, f"checkup.{key}.{k}") for k, v in checkup[key].items()
            }
        if any(v <= 0 for v in checked["reliable_change"].values()):
            raise RiskConfigError("checkup.reliable_change: need numbers > 0")
        checked["rationale"] = str(checkup.get("rationale", ""))
        scales = data["points_scales"]
        if not isinstance(scales, Mapping):
            raise RiskConfigError("points_scales: need an object")
        for key, value in scales.items():
            if value not in (1, -1):
                raise RiskConfigError(f"points_scales.{key}: need 1 (higher is worse) or -1")
        signals_in = data["signals"]
        _keys(signals_in, "signals.", tuple(SIGNAL_PARAMS))
        signals: dict[str, SignalRule] = {}
        for name, names in SIGNAL_PARAMS.items():
            raw = signals_in[name]
            where = f"signals.{name}"
            _keys(raw, f"{where}.", ("weights", "params"), ("rationale",))
            _keys(raw["weights"], f"{where}.weights.", (), TYPES)
            _keys(raw["params"], f"{where}.params.", names)
            signals[name] = SignalRule(
                weights={t: _num(w, f"{where}.weights.{t}") for t, w in raw["weights"].items()},
                params={p: _num(raw["params"][p], f"{where}.params.{p}") for p in names},
                rationale=str(raw.get("rationale", "")),
            )
        return cls(
            levels=(watch, high, severe),
            signal_cap=_num(data["signal_cap"], "signal_cap"),
            baseline_weeks=int(_num(baseline["weeks"], "baseline.weeks")),
            baseline_min_weeks=int(_num(baseline["min_weeks"], "baseline.min_weeks")),
            checkup=checked,
            points_scales={str(k): int(v) for k, v in scales.items()},
            signals=signals,
            note=str(data.get("note", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The config as JSON-ready data; from_dict(to_dict()) is the same config."""
        watch, high, severe = self.levels
        return {
            "note": self.note,
            "levels": {"watch": watch, "high": high, "severe": severe},
            "signal_cap": self.signal_cap,
            "baseline": {"weeks": self.baseline_weeks, "min_weeks": self.baseline_min_weeks},
            "checkup": {
                k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                for k, v in self.checkup.items()
            },
            "points_scales": dict(self.points_scales),
            "signals": {
                name: {
                    "weights": dict(r.weights),
                    "params": dict(r.params),
                    "rationale": r.rationale,
                }
                for name, r in self.signals.items()
            },
        }

    def with_overrides(self, overrides: Mapping[str, Any]) -> RiskConfig:
        """This config with a centre's subset of keys replaced (deep merge, then validated)."""
        return RiskConfig.from_dict(_merge(self.to_dict(), overrides, ""))


def _keys(data: Any, where: str, required: Sequence[str], optional: Sequence[str] = ()) -> None:
    if not isinstance(data, Mapping):
        raise RiskConfigError(f"{where.rstrip('.') or 'config'}: need an object")
    for key in data:
        if key not in required and key not in optional:
            raise RiskConfigError(f"{where}{key}: unknown key")
    for key in required:
        if key not in data:
            raise RiskConfigError(f"{where}{key}: missing")


def _num(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RiskConfigError(f"{where}: need a number ≥ 0, got {value!r}")
    return float(value)


def _merge(base: Any, override: Any, where: str) -> Any:
    if not isinstance(override, Mapping):
        return override
    if not isinstance(base, Mapping):
        raise RiskConfigError(f"{where or 'config'}: not an object in the base config")
    merged = dict(base)
    for key, value in override.items():
        path = f"{where}.{key}" if where else str(key)
        if key not in base and not (where.endswith("weights") or where in ("points_scales", "checkup.component_weights", "checkup.reliable_change")):
            raise RiskConfigError(f"{path}: unknown key")
        merged[key] = _merge(base.get(key), value, path) if key in base else value
    return merged




@cache
def reliable_change_for(instrument_id: str) -> float | None:
    """The reliable-change threshold (Jacobson & Truax) of an instrument's scores, from the shipped config."""
    value = RiskConfig.default().checkup["reliable_change"].get(instrument_id)
    return None if value is None else float(value)
