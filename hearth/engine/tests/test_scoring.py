"""Scoring answers by hand-computed cases."""

from __future__ import annotations

import pytest

from hearth.engine.instruments import load_instrument
from hearth.engine.scoring import InvalidAnswer, score_answers

CBI_ITEMS = (
    [f"p{i}" for i in range(1, 7)] + [f"w{i}" for i in range(1, 8)] + [f"c{i}" for i in range(1, 7)]
)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    monkeypatch.setenv("HEARTH_LANG", "en")


def _cbi(value: int, **overrides: int | None) -> dict[str, int | None]:
    answers: dict[str, int | None] = dict.fromkeys(CBI_ITEMS, value)
    answers.update(overrides)
    return answers


@pytest.mark.parametrize(
    ("answers", "personal", "work", "client"),
    [
        # w7 is reverse keyed: an answer of v scores 25 * (4 - v).
        (_cbi(2), 50.0, 50.0, 50.0),
        (_cbi(0), 0.0, 100 / 7, 0.0),
        (_cbi(4), 100.0, 600 / 7, 100.0),
        (_cbi(4, w7=0), 100.0, 100.0, 100.0),
        (_cbi(3, w7=1), 75.0, 75.0, 75.0),
        (_cbi(1, p1=4, c6=0), 37.5, 225 / 7, 125 / 6),
    ],
)
def test_cbi_all_items_at_given_values(
    answers: dict[str, int | None], personal: float, work: float, client: float
) -> None:
    sheet = score_answers(load_instrument("cbi"), answers)
    assert sheet.scores["personal"].value == personal
    assert sheet.scores["work"].value == work
    assert sheet.scores["client"].value == client


@pytest.mark.parametrize(
    ("w7", "expected"), [(0, 100.0), (1, 75.0), (2, 50.0), (3, 25.0), (4, 0.0)]
)
def test_cbi_reverse_item_w7_scores_high_when_energy_is_low(w7: int, expected: float) -> None:
    answers = dict.fromkeys(["w1", "w2", "w3", "w4", "w5", "w6"], None) | {
        "w7": w7,
        "w1": 2,
        "w2": 2,
        "w3": 2,
    }
    sheet = score_answers(load_instrument("cbi"), answers)
    assert sheet.scores["work"].value == (150 + expected) / 4


def test_a_scale_with_exactly_half_its_items_answered_is_scored() -> None:
    sheet = score_answers(load_instrument("cbi"), {"p1": 4, "p2": 2, "p3": 0})
    score = sheet.scores["personal"]
    assert (score.value, score.answered, score.items) == (50.0, 3, 6)
    assert score.band is not None and score.band.id == "moderate"


def test_a_scale_with_fewer_than_half_answered_is_not_scored() -> None:
    sheet = score_answers(load_instrument("cbi"), {"p1": 4, "p2": 2, "w1": 1, "w2": 1, "w3": 1})
    assert sheet.scores["personal"].value is None and sheet.scores["personal"].band is None
    # 3 of 7 work items is under half (4 needed).
    assert sheet.scores["work"].value is None
    assert sheet.scores["client"].answered == 0


@pytest.mark.parametrize(
    ("answers", "value", "band"),
    [
        ([5, 4, 3, 2, 1], 60.0, "good"),
        ([1, 1, 1, 2, 2], 28.0, "depression_screen"),
        ([2, 2, 2, 3, 3], 48.0, "poor"),
        ([3, 3, 2, 2, 3], 52.0, "good"),
        ([0, 0, 0, 0, 0], 0.0, "depression_screen"),
        ([5, 5, 5, 5, 5], 100.0, "good"),
    ],
)
def test_who5_is_the_raw_sum_times_four(answers: list[int], value: float, band: str) -> None:
    sheet = score_answers(load_instrument("who5"), {f"i{n}": v for n, v in enumerate(answers, 1)})
    score = sheet.scores["wellbeing"]
    assert score.value == value
    assert score.band is not None and score.band.id == band


def test_who5_with_one_answer_missing_is_not_scored() -> None:
    sheet = score_answers(load_instrument("who5"), {"i1": 5, "i2": 5, "i3": 5, "i4": 5, "i5": None})
    assert sheet.scores["wellbeing"].value is None


@pytest.mark.parametrize(
    ("answers", "value", "band"),
    [
        ({"s1": 6, "s2": 2, "s3": 6}, 6.0, "satisfied"),
        ({"s1": 2, "s2": 7, "s3": None}, 1.5, "dissatisfied"),
        ({"s1": 4, "s2": 4, "s3": 5}, 13 / 3, "mixed"),
        ({"s1": 7, "s2": 1, "s3": 7}, 7.0, "satisfied"),
        ({"s1": 5, "s2": None, "s3": None}, None, None),
    ],
)
def test_moaq_satisfaction_reverses_i_dont_like_my_job(
    answers: dict[str, int | None], value: float | None, band: str | None
) -> None:
    score = score_answers(load_instrument("moaq_satisfaction"), answers).scores["satisfaction"]
    assert score.value == value
    assert (score.band.id if score.band else None) == band


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({"t1": 5, "t2": 5, "t3": 5}, "high"),
        ({"t1": 3, "t2": 4, "t3": 4}, "moderate"),
        ({"t1": 1, "t2": 3}, "low"),
    ],
)
def test_moaq_turnover_bands(answers: dict[str, int | None], band: str) -> None:
    score = score_answers(load_instrument("moaq_turnover"), answers).scores["intention"]
    assert score.band is not None and score.band.id == band


@pytest.mark.parametrize(
    ("answer", "band", "level"),
    [
        (1, "no_symptoms", 0),
        (2, "no_symptoms", 0),
        (3, "symptoms", 2),
        (4, "symptoms", 2),
        (5, "burned_out", 3),
    ],
)
def test_single_item_burnout_bands(answer: int, band: str, level: int) -> None:
    score = score_answers(load_instrument("single_item_burnout"), {"b1": answer}).scores["burnout"]
    assert score.value == answer
    assert score.band is not None and (score.band.id, score.band.level) == (band, level)


@pytest.mark.parametrize(
    ("instrument", "answers", "item_id", "reason"),
    [
        ("cbi", {"p1": 5}, "p1", "5 is not a valid answer (0–4)"),
        ("cbi", {"p1": -1}, "p1", "-1 is not a valid answer (0–4)"),
        ("cbi", {"zz": 1}, "zz", "'zz' is not an item of cbi"),
        ("who5", {"i1": 6}, "i1", "6 is not a valid answer (0–5)"),
        ("moaq_turnover", {"t1": 0}, "t1", "0 is not a valid answer (1–7)"),
        ("cbi", {"p1": True}, "p1", "True is not a valid answer (0–4)"),
        ("cbi", {"p1": "2"}, "p1", "2 is not a valid answer (0–4)"),
    ],
)
def test_invalid_answers_raise_invalid_answer(
    instrument: str,
    answers: dict[str, object],
    item_id: str,
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")
    with pytest.raises(InvalidAnswer) as exc:
        score_answers(load_instrument(instrument), answers)  # type: ignore[arg-type]
    assert isinstance(exc.value, ValueError)
    assert (exc.value.item_id, exc.value.reason) == (item_id, reason)


def test_the_score_sheet_records_the_instrument_version() -> None:
    sheet = score_answers(load_instrument("cbi"), {})
    assert (sheet.instrument, sheet.version) == ("cbi", load_instrument("cbi").version)
    assert list(sheet.scores) == ["personal", "work", "client"]
