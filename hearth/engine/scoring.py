"""Turn one respondent's coded answers into subscale scores and bands."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from hearth.engine.i18n import gettext as _
from hearth.engine.instruments import Band, Instrument, Item


class InvalidAnswer(ValueError):
    """An answer names an unknown item or a value the item does not offer."""

    def __init__(self, item_id: str, value: object, reason: str) -> None:
        super().__init__(f"{item_id}: {reason}")
        self.item_id = item_id
        self.value = value
        self.reason = reason


@dataclass(frozen=True)
class SubscaleScore:
    """One subscale's score (None when too few items were answered) and its band."""

    subscale: str
    value: float | None
    band: Band | None
    answered: int
    items: int


@dataclass(frozen=True)
class ScoreSheet:
    """All subscale scores of one respondent on one instrument version."""

    instrument: str
    version: str
    scores: dict[str, SubscaleScore]


def describe_values(item: Item) -> str:
    """The valid answers of an item in words: '0–4' when contiguous, else a list."""
    values = sorted(item.values)
    if values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


def check_answer(item: Item, value: object) -> int | None:
    """The answer as an int (None when missing); InvalidAnswer when the item does not offer it."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
        raise InvalidAnswer(
            item.id,
            value,
            _("{value} is not a valid answer ({values})").format(
                value=value, values=describe_values(item)
            ),
        )
    return value


def score_answers(instrument: Instrument, answers: Mapping[str, int | None]) -> ScoreSheet:
    """Score one respondent's answers (keyed by item id; None = missing) on every subscale."""
    known = {item.id for item in instrument.items}
    for item_id in answers:
        if item_id not in known:
            raise InvalidAnswer(
                item_id,
                answers[item_id],
                _("'{id}' is not an item of {instrument}").format(
                    id=item_id, instrument=instrument.id
                ),
            )
    rule = instrument.scoring
    scores: dict[str, SubscaleScore] = {}
    for subscale in instrument.subscales:
        item_scores: list[float] = []
        for item_id in subscale.items:
            item = instrument.item(item_id)
            value = check_answer(item, answers.get(item_id))
            if value is not None:
                item_scores.append(rule.item_multiplier * item.keyed(value))
        answered = len(item_scores)
        result: float | None = None
        if answered and answered >= rule.required(len(subscale.items)):
            total = math.fsum(item_scores)
            raw = total / answered if rule.method == "mean" else total
            result = raw * rule.scale_multiplier
        scores[subscale.id] = SubscaleScore(
            subscale=subscale.id,
            value=result,
            band=subscale.band_for(result),
            answered=answered,
            items=len(subscale.items),
        )
    return ScoreSheet(instrument=instrument.id, version=instrument.version, scores=scores)
