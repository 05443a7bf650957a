"""Loading and validating instrument files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hearth.engine.instruments import (
    INSTRUMENT_DIR,
    InstrumentError,
    available_instruments,
    load_instrument,
    load_instrument_file,
    text_for,
)

SHIPPED = ["cbi", "who5", "single_item_burnout", "moaq_satisfaction", "moaq_turnover"]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    monkeypatch.setenv("HEARTH_LANG", "en")


def _cbi() -> dict[str, Any]:
    return json.loads((INSTRUMENT_DIR / "cbi.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict[str, Any], name: str = "cbi.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_every_shipped_instrument_loads_and_validates(instrument_id: str) -> None:
    instrument = load_instrument_file(INSTRUMENT_DIR / f"{instrument_id}.json")
    assert instrument.id == instrument_id
    for item in instrument.items:
        assert item.text["en"] and item.text["zh-hans"]
    assert instrument.licence["note"]


def test_available_instruments_lists_exactly_the_shipped_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HEARTH_INSTRUMENT_DIRS", raising=False)
    assert sorted(available_instruments()) == sorted(SHIPPED)


@pytest.mark.parametrize(("subscale", "count"), [("personal", 6), ("work", 7), ("client", 6)])
def test_cbi_has_nineteen_items_in_three_subscales(subscale: str, count: int) -> None:
    cbi = load_instrument("cbi")
    assert len(cbi.items) == 19
    assert len(cbi.subscale(subscale).items) == count


def test_cbi_only_w7_is_reverse_keyed() -> None:
    assert [item.id for item in load_instrument("cbi").items if item.reverse] == ["w7"]


def test_unknown_instrument_lists_the_available_ids() -> None:
    with pytest.raises(InstrumentError, match="available: cbi, moaq_satisfaction"):
        load_instrument("mbi")


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("items", 12, "response_set"),
            "freq",
            "cbi.json: items[12] (w7): response_set 'freq' is not defined",
        ),
        (
            ("items", 0, "subscale"),
            "general",
            "cbi.json: items[0] (p1): subscale 'general' is not defined",
        ),
        (("items", 1, "id"), "p1", "cbi.json: items[1] (p1): duplicate item id 'p1'"),
        (
            ("items", 2, "text", "zh-hans"),
            _DELETE,
            "cbi.json: items[2] (p3).text: missing zh-hans text",
        ),
        (("name", "en"), _DELETE, "cbi.json: name: missing en text"),
        (
            ("subscales", 0, "bands", 1, "min"),
            45,
            "cbi.json: subscales[0] (personal).bands[1]: overlaps band 'low'",
        ),
        (
            ("subscales", 1, "bands", 1, "min"),
            55,
            "cbi.json: subscales[1] (work).bands[1]: leaves a gap after band 'low'",
        ),
        (
            ("subscales", 2, "bands", 3, "max_inclusive"),
            False,
            "cbi.json: subscales[2] (client).bands[3]: max must be greater than min",
        ),
        (
            ("subscales", 0, "direction"),
            "up",
            "cbi.json: subscales[0] (personal).direction: must be one of",
        ),
        (("scoring", "method"), "median", "cbi.json: scoring.method: must be one of: mean, sum"),
        (("licence", "note"), _DELETE, "cbi.json: licence: missing field(s): note"),
        (("id",), "cbi2", "cbi.json: id: 'cbi2' does not match the file name 'cbi'"),
        (
            ("response_sets", "degree", 1, "value"),
            0,
            "cbi.json: response_sets.degree[1].value: duplicate value 0",
        ),
        (("items", 0, "colour"), "red", "cbi.json: items[0] (p1): unknown field(s): colour"),
    ],
)
def test_a_broken_instrument_file_names_the_field(
    tmp_path: Path, path: tuple[Any, ...], value: Any, message: str
) -> None:
    data = _cbi()
    _set(data, path, value)
    with pytest.raises(InstrumentError) as exc:
        load_instrument_file(_write(tmp_path, data))
    assert str(exc.value).startswith(message)


def test_bands_that_stop_short_of_the_top_score_are_rejected(tmp_path: Path) -> None:
    data = _cbi()
    data["subscales"][0]["bands"] = data["subscales"][0]["bands"][:3]
    with pytest.raises(InstrumentError, match="do not cover the highest possible score 100"):
        load_instrument_file(_write(tmp_path, data))


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cbi.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^cbi\.json: is not valid JSON"):
        load_instrument_file(path)


def test_a_centre_adds_its_own_instrument_through_hearth_instrument_dirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _cbi()
    data["id"] = "centre_cbi"
    _write(tmp_path, data, "centre_cbi.json")
    monkeypatch.setenv("HEARTH_INSTRUMENT_DIRS", str(tmp_path))
    assert load_instrument("centre_cbi").path == tmp_path / "centre_cbi.json"
    assert "cbi" in available_instruments()


def test_a_second_file_with_a_shipped_id_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, _cbi())
    monkeypatch.setenv("HEARTH_INSTRUMENT_DIRS", str(tmp_path))
    with pytest.raises(InstrumentError, match="instrument 'cbi' is already defined"):
        available_instruments()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "中"), ("en", "E"), ("zh_Hans", "中"), ("zh", "中"), ("en-gb", "E"), ("fr", "中")],
)
def test_text_for_picks_the_language_and_falls_back_to_chinese(
    language: str, expected: str
) -> None:
    assert text_for({"en": "E", "zh-hans": "中"}, language) == expected


def test_text_for_falls_back_to_english_when_there_is_no_chinese() -> None:
    assert text_for({"en": "E"}, "fr") == "E"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "low"),
        (49.99, "low"),
        (50, "moderate"),
        (74.99, "moderate"),
        (75, "high"),
        (99.99, "high"),
        (100, "severe"),
    ],
)
def test_cbi_band_edges(value: float, band: str) -> None:
    found = load_instrument("cbi").subscale("personal").band_for(value)
    assert found is not None and found.id == band


def test_a_score_above_an_inclusive_top_band_has_no_band() -> None:
    assert load_instrument("cbi").subscale("work").band_for(100.01) is None
