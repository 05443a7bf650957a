"""Reading the three burnout types from subscale scores."""

from __future__ import annotations

import pytest

from hearth.engine.burnout_types import burnout_types, read_burnout_types
from hearth.engine.instruments import available_instruments, load_instrument
from hearth.engine.scoring import SubscaleScore, score_answers


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    monkeypatch.setenv("HEARTH_LANG", "en")


def test_the_three_types_are_basic_belonging_developmental() -> None:
    assert [t.id for t in burnout_types()] == ["basic", "belonging", "developmental"]


@pytest.mark.parametrize("burnout_type", burnout_types(), ids=lambda t: t.id)
def test_every_component_names_a_shipped_subscale(burnout_type: object) -> None:
    instruments = available_instruments()
    for instrument_id, subscale_id in burnout_type.components:  # type: ignore[attr-defined]
        instruments[instrument_id].subscale(subscale_id)
    assert burnout_type.name["zh-hans"] and burnout_type.meaning["en"]  # type: ignore[attr-defined]


def _scores() -> dict[tuple[str, str], SubscaleScore]:
    cbi = score_answers(
        load_instrument("cbi"),
        {f"p{i}": 2 for i in range(1, 7)} | {f"c{i}": 4 for i in range(1, 7)},
    )
    who5 = score_answers(load_instrument("who5"), {f"i{i}": 1 for i in range(1, 6)})
    sib = score_answers(load_instrument("single_item_burnout"), {"b1": 1})
    found = {("cbi", k): v for k, v in cbi.scores.items()}
    found[("who5", "wellbeing")] = who5.scores["wellbeing"]
    found[("single_item_burnout", "burnout")] = sib.scores["burnout"]
    return found


def test_a_type_takes_the_highest_level_and_sorts_reasons_by_level() -> None:
    readings = {r.type: r for r in read_burnout_types(_scores())}
    basic = readings["basic"]
    assert basic.level == 3
    assert [(r.instrument, r.subscale, r.band_id, r.level) for r in basic.reasons] == [
        ("who5", "wellbeing", "depression_screen", 3),
        ("cbi", "personal", "moderate", 1),
        ("single_item_burnout", "burnout", "no_symptoms", 0),
    ]
    assert readings["belonging"].level == 3
    assert readings["belonging"].reasons[0].value == 100.0


def test_a_type_with_no_scored_component_has_no_level() -> None:
    developmental = read_burnout_types(_scores())[2]
    assert (developmental.level, developmental.reasons) == (None, ())
