"""Three burnout types read from subscale scores; the types themselves are data in burnout_types.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hearth.engine.instruments import INSTRUMENT_DIR, InstrumentError
from hearth.engine.scoring import SubscaleScore

BURNOUT_TYPES_FILE = INSTRUMENT_DIR / "burnout_types.json"


@dataclass(frozen=True)
class BurnoutType:
    """A burnout type and the (instrument, subscale) components that show it."""

    id: str
    name: dict[str, str]
    meaning: dict[str, str]
    components: tuple[tuple[str, str], ...]
    note: str | None = None


@dataclass(frozen=True)
class Reason:
    """One scored component behind a burnout reading."""

    instrument: str
    subscale: str
    value: float
    band_id: str
    level: int


@dataclass(frozen=True)
class BurnoutReading:
    """How strongly one burnout type shows, and why (highest level first)."""

    type: str
    name: dict[str, str]
    meaning: dict[str, str]
    level: int | None
    reasons: tuple[Reason, ...]


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang] for lang in ("en", "zh-hans")
    ):
        raise InstrumentError(f"burnout_types.json: {where}: needs en and zh-hans text")
    return {str(k): str(v) for k, v in value.items()}


def load_burnout_types(path: Path = BURNOUT_TYPES_FILE) -> tuple[BurnoutType, ...]:
    """Load and validate a burnout types file."""
    with path.open(encoding="utf-8") as f:
        data = json.load(f)
    types: list[BurnoutType] = []
    for i, raw in enumerate(data.get("types", [])):
        where = f"types[{i}]"
        components = raw.get("components")
        if not isinstance(raw.get("id"), str) or not isinstance(components, list) or not components:
            raise InstrumentError(f"burnout_types.json: {where}: needs an id and components")
        types.append(
            BurnoutType(
                id=raw["id"],
                name=_text(raw.get("name"), f"{where}.name"),
                meaning=_text(raw.get("meaning"), f"{where}.meaning"),
                components=tuple((str(c["instrument"]), str(c["subscale"])) for c in components),
                note=raw.get("note"),
            )
        )
    return tuple(types)


@lru_cache(maxsize=1)
def burnout_types() -> tuple[BurnoutType, ...]:
    """The shipped burnout types (cached)."""
    return load_burnout_types()


def read_burnout_types(scores: Mapping[tuple[str, str], SubscaleScore]) -> list[BurnoutReading]:
    """Read every burnout type from scores keyed by (instrument, subscale)."""
    readings: list[BurnoutReading] = []
    for burnout_type in burnout_types():
        reasons: list[Reason] = []
        for instrument_id, subscale_id in burnout_type.components:
            score = scores.get((instrument_id, subscale_id))
            if score is None or score.value is None or score.band is None:
                continue
            reasons.append(
                Reason(instrument_id, subscale_id, score.value, score.band.id, score.band.level)
            )
        reasons.sort(key=lambda reason: -reason.level)
        readings.append(
            BurnoutReading(
                type=burnout_type.id,
                name=burnout_type.name,
                meaning=burnout_type.meaning,
                level=max((r.level for r in reasons), default=None),
                reasons=tuple(reasons),
            )
        )
    return readings
