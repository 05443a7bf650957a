"""Reliability statistics against hand-computed values."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from hearth.engine.instruments import load_instrument
from hearth.engine.psychometrics import (
    QualityWarning,
    corrected_item_total,
    cronbach_alpha,
    mcdonald_omega,
    scale_quality,
)

TINY = [[1, 2, 3], [2, 3, 3], [3, 3, 4], [4, 5, 5]]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    monkeypatch.setenv("HEARTH_LANG", "en")


def test_cronbach_alpha_matches_the_hand_computed_value() -> None:
    # Item variances 5/3, 4.75/3, 2.75/3; total variance 35/3: alpha = 1.5 * (1 - 12.5/35) = 27/28.
    assert cronbach_alpha(TINY) == pytest.approx(27 / 28)


def test_incomplete_rows_are_dropped_before_alpha() -> None:
    assert cronbach_alpha([*TINY, [None, 1, 1], [5, float("nan"), 1]]) == pytest.approx(27 / 28)


@pytest.mark.parametrize(
    "matrix",
    [
        [[1], [2], [3]],
        [[1, 2], [2, 3]],
        [[2, 2], [2, 2], [2, 2]],
        [[1, None], [2, None], [3, None]],
    ],
)
def test_alpha_and_omega_are_none_when_undefined(matrix: list[list[int | None]]) -> None:
    assert cronbach_alpha(matrix) is None
    assert mcdonald_omega(matrix) is None


def test_corrected_item_total_matches_statistics_correlation() -> None:
    columns = list(zip(*TINY, strict=True))
    expected = [
        statistics.correlation(
            [float(v) for v in columns[j]],
            [float(sum(row) - row[j]) for row in TINY],
        )
        for j in range(3)
    ]
    assert corrected_item_total(TINY) == pytest.approx(expected)


def test_corrected_item_total_is_none_for_a_constant_item() -> None:
    assert corrected_item_total([[1, 2, 3], [1, 3, 3], [1, 3, 4], [1, 5, 5]])[0] is None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_omega_recovers_the_population_value_on_congeneric_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    factor = rng.standard_normal((2000, 1))
    data = factor * loadings + rng.standard_normal((2000, 4)) * np.sqrt(1 - loadings**2)
    population = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings**2).sum())
    omega = mcdonald_omega(data)
    alpha = cronbach_alpha(data)
    assert omega is not None and alpha is not None
    assert omega == pytest.approx(population, abs=0.03)
    assert omega >= alpha - 0.01


def _moaq(s1: int, s2: int, s3: int) -> dict[str, int | None]:
    return {"s1": s1, "s2": s2, "s3": s3}


def test_the_reverse_item_warning_fires_when_an_item_is_mis_keyed() -> None:
    # Respondents answer "I don't like my job" as if it said "I like my job".
    responses = [_moaq(v, v, v) for v in (1, 2, 3, 4, 5, 6, 7, 2, 6)]
    quality = scale_quality(load_instrument("moaq_satisfaction"), "satisfaction", responses)
    codes = [w.code for w in quality.warnings]
    assert "reverse_item_negative" in codes
    assert quality.item_total["s2"] is not None and quality.item_total["s2"] < 0


def test_a_correctly_keyed_reverse_item_raises_no_warning() -> None:
    responses = [_moaq(v, 8 - v, v) for v in (1, 2, 3, 4, 5, 6, 7, 2, 6)]
    quality = scale_quality(load_instrument("moaq_satisfaction"), "satisfaction", responses)
    assert quality.warnings == ()
    assert quality.alpha == pytest.approx(1.0)
    assert quality.n_complete == 9


def test_alpha_low_warns_below_seventy() -> None:
    responses = [_moaq(1, 7, 7), _moaq(7, 1, 1), _moaq(4, 4, 4), _moaq(2, 5, 6), _moaq(6, 3, 2)]
    quality = scale_quality(load_instrument("moaq_satisfaction"), "satisfaction", responses)
    assert quality.alpha is not None and quality.alpha < 0.7
    assert quality.warnings[0].code == "alpha_low"


def test_language_differs_when_one_translation_behaves_differently() -> None:
    rng = np.random.default_rng(3)
    good = [_moaq(v, 8 - v, v) for v in rng.integers(1, 8, 30).tolist()]
    # In the Chinese group s3 is unrelated to the other items.
    odd = [
        _moaq(v, 8 - v, int(w))
        for v, w in zip(rng.integers(1, 8, 30).tolist(), rng.integers(1, 8, 30), strict=True)
    ]
    quality = scale_quality(
        load_instrument("moaq_satisfaction"),
        "satisfaction",
        good + odd,
        ["en"] * 30 + ["zh-hans"] * 30,
    )
    differs = [w.params for w in quality.warnings if w.code == "language_differs"]
    assert any("alpha_en" in p for p in differs)
    assert any(p.get("item") == "s3" for p in differs)


def test_language_differs_needs_ten_complete_responses_per_language() -> None:
    good = [_moaq(v, 8 - v, v) for v in (1, 3, 5, 7, 2, 4, 6, 1, 7, 3)]
    odd = [_moaq(v, 8 - v, 4) for v in (1, 3, 5, 7, 2, 4, 6, 1, 7)]
    quality = scale_quality(
        load_instrument("moaq_satisfaction"),
        "satisfaction",
        good + odd,
        ["en"] * 10 + ["zh_Hans"] * 9,
    )
    assert all(w.code != "language_differs" for w in quality.warnings)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Reverse-keyed item s2 correlates negatively (-0.50) with the rest of the scale: check its keying and its translation.",
        ),
        ("zh-hans", "反向计分题 s2 与量表其余题目呈负相关（-0.50）：请检查它的计分方向和翻译。"),
    ],
)
def test_quality_warnings_read_as_plain_sentences(language: str, expected: str) -> None:
    assert (
        QualityWarning("reverse_item_negative", {"item": "s2", "r": -0.5}).message(language)
        == expected
    )


@pytest.mark.parametrize("responses", [[], [{}], [{"p1": 2}, {"p2": 3}]])
def test_quality_of_a_campaign_with_no_complete_responses_reports_nothing_rather_than_failing(responses: list[dict[str, int]]) -> None:
    from hearth.engine.instruments import load_instrument
    from hearth.engine.psychometrics import scale_quality

    quality = scale_quality(load_instrument("cbi"), "personal", responses, ["en"] * len(responses))
    assert quality.n_complete == 0 and quality.alpha is None
    assert set(quality.item_total) == {f"p{i}" for i in range(1, 7)}
    assert all(r is None for r in quality.item_total.values())
