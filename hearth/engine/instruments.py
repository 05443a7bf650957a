"""Survey instruments as data: one JSON file each, loaded and validated into frozen dataclasses.

Shipped files live in hearth/engine/instruments/; a centre adds its own (for example a licensed
MBI) in a directory listed in HEARTH_INSTRUMENT_DIRS (os.pathsep-separated) without editing Hearth.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from hearth.engine.i18n import gettext as _

INSTRUMENT_DIR = Path(__file__).parent / "instruments"
LANGUAGES = ("en", "zh-hans")
DIRECTIONS = ("higher_is_worse", "higher_is_better")
METHODS = ("mean", "sum")
LEVELS = (0, 1, 2, 3)
NON_INSTRUMENT_FILES = frozenset({"burnout_types.json"})

_TOP_KEYS = {
    "id",
    "version",
    "name",
    "instructions",
    "estimated_minutes",
    "response_sets",
    "items",
    "subscales",
    "scoring",
    "licence",
    "citation",
    "notes",
}
_ITEM_KEYS = {"id", "subscale", "text", "response_set", "reverse"}
_SUBSCALE_KEYS = {"id", "name", "description", "direction", "bands", "bands_note"}
_BAND_KEYS = {"id", "label", "min", "max", "max_inclusive", "level"}
_SCORING_KEYS = {"item_multiplier", "method", "scale_multiplier", "min_answered_fraction"}


class InstrumentError(Exception):
    """An instrument file is missing, unreadable or invalid; the message names file and field."""


@dataclass(frozen=True)
class Option:
    """One answer an item offers: the coded value and its label."""

    value: int
    label: dict[str, str]


@dataclass(frozen=True)
class Item:
    """One question of an instrument."""

    id: str
    subscale: str
    text: dict[str, str]
    response_set: str
    options: tuple[Option, ...]
    reverse: bool

    @property
    def values(self) -> tuple[int, ...]:
        """The coded values this item accepts, in order."""
        return tuple(option.value for option in self.options)

    def keyed(self, value: int) -> int:
        """The value after reverse keying (min + max - value for a reverse item)."""
        if not self.reverse:
            return value
        values = self.values
        return min(values) + max(values) - value


@dataclass(frozen=True)
class Band:
    """A score range with a meaning: min inclusive, max exclusive unless max_inclusive."""

    id: str
    label: dict[str, str]
    min: float | None
    max: float | None
    max_inclusive: bool
    level: int

    def contains(self, value: float) -> bool:
        """Whether the score falls inside this band."""
        if self.min is not None and value < self.min:
            return False
        if self.max is None:
            return True
        return value <= self.max if self.max_inclusive else value < self.max


@dataclass(frozen=True)
class Subscale:
    """A scored scale of an instrument with its bands."""

    id: str
    name: dict[str, str]
    description: dict[str, str]
    direction: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]
    bands_note: dict[str, str] | None = None

    def band_for(self, value: float | None) -> Band | None:
        """The band a score falls in, or None for a missing score or one outside every band."""
        if value is None:
            return None
        for band in self.bands:
            if band.contains(value):
                return band
        return None


@dataclass(frozen=True)
class ScoringRule:
    """How item answers turn into a scale score."""

    item_multiplier: float
    method: str
    scale_multiplier: float
    min_answered_fraction: float | None
    require_all: bool

    def required(self, items: int) -> int:
        """How many of a scale's items must be answered for it to be scored."""
        if self.require_all or self.min_answered_fraction is None:
            return items
        # A small epsilon keeps 0.5 * 6 at 3, not 4, whatever the float rounding.
        return max(1, math.ceil(self.min_answered_fraction * items - 1e-9))


@dataclass(frozen=True)
class Instrument:
    """A validated survey instrument."""

    id: str
    version: str
    name: dict[str, str]
    instructions: dict[str, str]
    estimated_minutes: float
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    scoring: ScoringRule
    licence: dict[str, str]
    citation: str
    path: Path | None = field(default=None, compare=False)

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def subscale(self, subscale_id: str) -> Subscale:
        """The subscale with this id; KeyError if there is none."""
        for subscale in self.subscales:
            if subscale.id == subscale_id:
                return subscale
        raise KeyError(subscale_id)


def text_for(d: Mapping[str, str], language: str) -> str:
    """The text in a Django language code ('zh-hans', 'en'), else zh-hans, else en."""
    code = language.lower().replace("_", "-")
    if code in d:
        return d[code]
    if code.startswith("zh") and "zh-hans" in d:
        return d["zh-hans"]
    if code.startswith("en") and "en" in d:
        return d["en"]
    for fallback in LANGUAGES[::-1]:
        if fallback in d:
            return d[fallback]
    return next(iter(d.values()), "")


class _Checker:
    """Validation helpers that name the file and the field in every message."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, where: str, problem: str) -> InstrumentError:
        return InstrumentError(
            _("{file}: {field}: {problem}").format(file=self.filename, field=where, problem=problem)
        )

    def obj(self, value: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, _("must be an object"))
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, _("missing field(s): {names}").format(names=", ".join(missing)))
        unknown = sorted(value.keys() - allowed)
        if unknown:
            raise self.fail(where, _("unknown field(s): {names}").format(names=", ".join(unknown)))
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, _("must be a non-empty string"))
        return value

    def number(self, value: Any, where: str, *, positive: bool = False) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(where, _("must be a number"))
        if positive and value <= 0:
            raise self.fail(where, _("must be greater than 0"))
        return float(value)

    def optional_number(self, value: Any, where: str) -> float | None:
        return None if value is None else self.number(value, where)

    def text(self, value: Any, where: str) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail(where, _("must be an object keyed by language code (en, zh-hans)"))
        for language in LANGUAGES:
            if language not in value:
                raise self.fail(where, _("missing {language} text").format(language=language))
        for language, text in value.items():
            self.string(text, f"{where}.{language}")
        return {str(k): str(v) for k, v in value.items()}

    def items_list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, _("must be a non-empty list"))
        return value


def _load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        raise InstrumentError(
            _("{file}: cannot be read: {error}").format(file=path.name, error=exc.strerror or exc)
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InstrumentError(
            _("{file}: is not valid JSON: {error}").format(file=path.name, error=exc)
        ) from exc


def load_instrument_file(path: str | os.PathLike[str]) -> Instrument:
    """Load and thoroughly validate one instrument file; InstrumentError names file and field."""
    path = Path(path)
    data = _load_json(path)
    c = _Checker(path.name)
    required = _TOP_KEYS - {"notes"}
    top = c.obj(data, "(top level)", _TOP_KEYS, required)

    instrument_id = c.string(top["id"], "id")
    if instrument_id != path.stem:
        raise c.fail(
            "id",
            _("'{id}' does not match the file name '{stem}'").format(
                id=instrument_id, stem=path.stem
            ),
        )
    version = c.string(top["version"], "version")
    name = c.text(top["name"], "name")
    instructions = c.text(top["instructions"], "instructions")
    minutes = c.number(top["estimated_minutes"], "estimated_minutes", positive=True)

    response_sets = _response_sets(c, top["response_sets"])
    scoring = _scoring(c, top["scoring"])

    raw_subscales = c.items_list(top["subscales"], "subscales")
    subscale_ids: list[str] = []
    for i, raw in enumerate(raw_subscales):
        sub = c.obj(raw, f"subscales[{i}]", _SUBSCALE_KEYS, _SUBSCALE_KEYS - {"bands_note"})
        sid = c.string(sub["id"], f"subscales[{i}].id")
        if sid in subscale_ids:
            raise c.fail(f"subscales[{i}].id", _("duplicate subscale id '{id}'").format(id=sid))
        subscale_ids.append(sid)

    items: list[Item] = []
    for i, raw in enumerate(c.items_list(top["items"], "items")):
        label = f"items[{i}]"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            label = f"items[{i}] ({raw['id']})"
        it = c.obj(raw, label, _ITEM_KEYS, _ITEM_KEYS)
        item_id = c.string(it["id"], f"{label}.id")
        if any(existing.id == item_id for existing in items):
            raise c.fail(label, _("duplicate item id '{id}'").format(id=item_id))
        subscale_id = c.string(it["subscale"], f"{label}.subscale")
        if subscale_id not in subscale_ids:
            raise c.fail(label, _("subscale '{id}' is not defined").format(id=subscale_id))
        set_id = c.string(it["response_set"], f"{label}.response_set")
        if set_id not in response_sets:
            raise c.fail(label, _("response_set '{id}' is not defined").format(id=set_id))
        if not isinstance(it["reverse"], bool):
            raise c.fail(f"{label}.reverse", _("must be true or false"))
        items.append(
            Item(
                id=item_id,
                subscale=subscale_id,
                text=c.text(it["text"], f"{label}.text"),
                response_set=set_id,
                options=response_sets[set_id],
                reverse=it["reverse"],
            )
        )

    subscales = tuple(_subscale(c, i, raw, items, scoring) for i, raw in enumerate(raw_subscales))

    licence = c.obj(top["licence"], "licence", {"name", "url", "note"}, {"name", "url", "note"})
    for key in ("name", "url", "note"):
        c.string(licence[key], f"licence.{key}")
    citation = c.string(top["citation"], "citation")
    if "notes" in top:
        c.string(top["notes"], "notes")

    return Instrument(
        id=instrument_id,
        version=version,
        name=name,
        instructions=instructions,
        estimated_minutes=minutes,
        items=tuple(items),
        subscales=subscales,
        scoring=scoring,
        licence={str(k): str(v) for k, v in licence.items()},
        citation=citation,
        path=path,
    )


def _response_sets(c: _Checker, value: Any) -> dict[str, tuple[Option, ...]]:
    if not isinstance(value, dict) or not value:
        raise c.fail("response_sets", _("must be a non-empty object"))
    sets: dict[str, tuple[Option, ...]] = {}
    for set_id, raw_options in value.items():
        where = f"response_sets.{set_id}"
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise c.fail(where, _("must list at least two options"))
        options: list[Option] = []
        for j, raw in enumerate(raw_options):
            opt = c.obj(raw, f"{where}[{j}]", {"value", "label"}, {"value", "label"})
            v = opt["value"]
            if isinstance(v, bool) or not isinstance(v, int):
                raise c.fail(f"{where}[{j}].value", _("must be a whole number"))
            if any(o.value == v for o in options):
                raise c.fail(f"{where}[{j}].value", _("duplicate value {value}").format(value=v))
            options.append(Option(value=v, label=c.text(opt["label"], f"{where}[{j}].label")))
        sets[set_id] = tuple(options)
    return sets


def _scoring(c: _Checker, value: Any) -> ScoringRule:
    sc = c.obj(value, "scoring", _SCORING_KEYS, _SCORING_KEYS)
    method = sc["method"]
    if method not in METHODS:
        raise c.fail(
            "scoring.method", _("must be one of: {choices}").format(choices=", ".join(METHODS))
        )
    fraction = sc["min_answered_fraction"]
    if fraction == "all":
        min_fraction, require_all = None, True
    else:
        min_fraction = c.number(fraction, "scoring.min_answered_fraction", positive=True)
        if min_fraction > 1:
            raise c.fail("scoring.min_answered_fraction", _('must be at most 1, or "all"'))
        require_all = min_fraction == 1
    return ScoringRule(
        item_multiplier=c.number(sc["item_multiplier"], "scoring.item_multiplier", positive=True),
        method=method,
        scale_multiplier=c.number(
            sc["scale_multiplier"], "scoring.scale_multiplier", positive=True
        ),
        min_answered_fraction=min_fraction,
        require_all=require_all,
    )


def _score_range(items: list[Item], scoring: ScoringRule) -> tuple[float, float]:
    """The lowest and highest score a subscale can reach under its scoring rule."""
    lows = sorted(scoring.item_multiplier * min(item.values) for item in items)
    highs = sorted((scoring.item_multiplier * max(item.values) for item in items), reverse=True)
    if scoring.method == "mean":
        return lows[0] * scoring.scale_multiplier, highs[0] * scoring.scale_multiplier
    counts = range(scoring.required(len(items)), len(items) + 1)
    low = min(sum(lows[:k]) for k in counts)
    high = max(sum(highs[:k]) for k in counts)
    return low * scoring.scale_multiplier, high * scoring.scale_multiplier


def _subscale(
    c: _Checker, i: int, raw: dict[str, Any], items: list[Item], scoring: ScoringRule
) -> Subscale:
    where = f"subscales[{i}] ({raw['id']})"
    sid = raw["id"]
    members = [item for item in items if item.subscale == sid]
    if not members:
        raise c.fail(where, _("has no items"))
    if raw["direction"] not in DIRECTIONS:
        raise c.fail(
            f"{where}.direction",
            _("must be one of: {choices}").format(choices=", ".join(DIRECTIONS)),
        )
    bands: list[Band] = []
    for j, rb in enumerate(c.items_list(raw["bands"], f"{where}.bands")):
        bwhere = f"{where}.bands[{j}]"
        b = c.obj(rb, bwhere, _BAND_KEYS, _BAND_KEYS - {"max_inclusive"})
        band_id = c.string(b["id"], f"{bwhere}.id")
        if any(existing.id == band_id for existing in bands):
            raise c.fail(bwhere, _("duplicate band id '{id}'").format(id=band_id))
        level = b["level"]
        if isinstance(level, bool) or level not in LEVELS:
            raise c.fail(f"{bwhere}.level", _("must be 0, 1, 2 or 3"))
        max_inclusive = b.get("max_inclusive", False)
        if not isinstance(max_inclusive, bool):
            raise c.fail(f"{bwhere}.max_inclusive", _("must be true or false"))
        low = c.optional_number(b["min"], f"{bwhere}.min")
        high = c.optional_number(b["max"], f"{bwhere}.max")
        if (
            low is not None
            and high is not None
            and (high < low or (high == low and not max_inclusive))
        ):
            raise c.fail(bwhere, _("max must be greater than min"))
        if max_inclusive and high is None:
            raise c.fail(f"{bwhere}.max_inclusive", _("needs a max"))
        bands.append(
            Band(band_id, c.text(b["label"], f"{bwhere}.label"), low, high, max_inclusive, level)
        )

    for j, band in enumerate(bands):
        bwhere = f"{where}.bands[{j}]"
        if j == 0:
            continue
        previous = bands[j - 1]
        if previous.max is None or previous.max_inclusive:
            raise c.fail(
                bwhere, _("comes after a band that has no upper end; list bands from low to high")
            )
        if band.min is None or band.min > previous.max:
            raise c.fail(bwhere, _("leaves a gap after band '{id}'").format(id=previous.id))
        if band.min < previous.max:
            raise c.fail(bwhere, _("overlaps band '{id}'").format(id=previous.id))
    low, high = _score_range(members, scoring)
    first, last = bands[0], bands[-1]
    if first.min is not None and first.min > low:
        raise c.fail(
            f"{where}.bands", _("do not cover the lowest possible score {score}").format(score=low)
        )
    if last.max is not None and (last.max < high or (last.max == high and not last.max_inclusive)):
        raise c.fail(
            f"{where}.bands",
            _("do not cover the highest possible score {score}").format(score=high),
        )

    bands_note = c.text(raw["bands_note"], f"{where}.bands_note") if "bands_note" in raw else None
    return Subscale(
        id=sid,
        name=c.text(raw["name"], f"{where}.name"),
        description=c.text(raw["description"], f"{where}.description"),
        direction=raw["direction"],
        items=tuple(item.id for item in members),
        bands=tuple(bands),
        bands_note=bands_note,
    )


def instrument_dirs() -> tuple[Path, ...]:
    """The shipped instrument directory followed by those in HEARTH_INSTRUMENT_DIRS."""
    extra = os.environ.get("HEARTH_INSTRUMENT_DIRS", "")
    return (INSTRUMENT_DIR, *(Path(p) for p in extra.split(os.pathsep) if p.strip()))


@lru_cache(maxsize=8)
def _scan(dirs: tuple[Path, ...]) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise InstrumentError(
                _("instrument directory {path} does not exist").format(path=directory)
            )
        for path in sorted(directory.glob("*.json")):
            if path.name in NON_INSTRUMENT_FILES:
                continue
            instrument = load_instrument_file(path)
            if instrument.id in found:
                other = found[instrument.id].path
                raise InstrumentError(
                    _("{file}: instrument '{id}' is already defined in {other}").format(
                        file=path, id=instrument.id, other=other
                    )
                )
            found[instrument.id] = instrument
    return found


def available_instruments() -> dict[str, Instrument]:
    """Every instrument in the shipped and configured directories, keyed by id."""
    return dict(_scan(instrument_dirs()))


def load_instrument(instrument_id: str) -> Instrument:
    """The instrument with this id (cached); InstrumentError lists the ids available."""
    instruments = _scan(instrument_dirs())
    try:
        return instruments[instrument_id]
    except KeyError:
        raise InstrumentError(
            _("unknown instrument '{id}'; available: {ids}").format(
                id=instrument_id, ids=", ".join(sorted(instruments))
            )
        ) from None
