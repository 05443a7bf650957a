"""Customer turns: hostility toward the agent and negative emotion, each a score, a flag and cues."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hearth.engine.detectors.lang import detect_language
from hearth.engine.detectors.lexicons import (
    CUSTOMER_CATEGORIES,
    HOSTILE_TO_NEGATIVE,
    POLITE_HOSTILITY,
    POLITE_NEGATIVE,
    matcher,
)
from hearth.engine.detectors.model import (
    HOSTILITY,
    NEGATIVE,
    LinearModel,
    load_model,
    sigmoid,
    top_ngrams,
)

# A message with no model (no Han, no Latin words) starts here: unlikely to be either.
_NO_MODEL_LOGIT = -3.0
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_LETTERS = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")
_PUNCT = re.compile(r"[!！]{3,}|[?？]{3,}|[!?！？]{4,}")
_REPEAT_ZH = re.compile(r"([\u4e00-\u9fff]{2,4})\1{2,}")
_REPEAT_EN = re.compile(r"\b([a-z]{2,})\b(?:\W+\1\b){2,}")

# (hostility, negative) evidence of style cues, in logit units.
_STYLE = {"caps": (1.5, 1.0), "punct": (1.0, 1.0), "repeat": (1.0, 0.5)}


@dataclass(frozen=True, slots=True)
class CustomerSignals:
    """What one customer message shows: hostility toward the agent, negative emotion, and why."""

    lang: str
    hostility: float
    hostile: bool
    negative_score: float
    negative: bool
    cues: tuple[str, ...]


@dataclass(slots=True)
class Evidence:
    """Logits and floors before calibration; exposed for the training script's calibration."""

    hostility_logit: float
    negative_logit: float
    hostility_floor: float
    negative_floor: float
    cues: list[str]
    hits: list[tuple[str, tuple[float, float]]]


def _shouting(text: str) -> bool:
    letters = len(_LETTERS.findall(text))
    if letters < 8:
        return False
    caps_words = len(_CAPS_WORD.findall(text))
    return caps_words >= 2 and len(_UPPER.findall(text)) >= 0.6 * letters


def evidence(text: str, lang: str, models: Callable[[str], LinearModel]) -> Evidence:
    """Model logits plus lexicon and style evidence for one message in a known language."""
    ev = Evidence(_NO_MODEL_LOGIT, _NO_MODEL_LOGIT, 0.0, 0.0, [], [])
    model_langs = ("zh", "en") if lang == "mixed" else (lang,) if lang in ("zh", "en") else ()
    for ml in model_langs:
        h, g, hits = models(ml).logits(text)
        ev.hits.extend(hits)
        if len(model_langs) == 1 or h > ev.hostility_logit:
            ev.hostility_logit = h
        if len(model_langs) == 1 or g > ev.negative_logit:
            ev.negative_logit = g
    lowered = text.lower()
    lex_langs = ("zh", "en") if lang == "mixed" else ("zh",) if lang == "zh" else ("en",)
    seen: set[str] = set()
    hostile_cue = negative_cue = False
    for ll in lex_langs:
        for m in matcher(ll, "customer").finditer(lowered):
            name = m.lastgroup or ""
            cue = f"{name}:{m.group()}"
            if cue in seen:
                continue
            seen.add(cue)
            ev.cues.append(cue)
            cat = CUSTOMER_CATEGORIES[name]
            negative_cue = True
            if cat.detector == "hostility":
                hostile_cue = True
                ev.hostility_logit += cat.weight
                ev.negative_logit += cat.weight * HOSTILE_TO_NEGATIVE
                ev.hostility_floor = max(ev.hostility_floor, cat.floor)
            else:
                ev.negative_logit += cat.weight
                ev.negative_floor = max(ev.negative_floor, cat.floor)
    style: list[str] = []
    if lang != "zh" and _shouting(text):
        style.append("caps")
    punct = _PUNCT.search(text)
    if punct:
        style.append(f"punct:{punct.group()[:4]}")
    rep = _REPEAT_ZH.search(text) if lang != "en" else None
    if rep is None and lang != "zh":
        rep = _REPEAT_EN.search(lowered)
    if rep:
        style.append(f"repeat:{rep.group(1)}")
    for cue in style:
        dh, dg = _STYLE[cue.split(":", 1)[0]]
        ev.hostility_logit += dh
        ev.negative_logit += dg
    ev.cues.extend(style)
    # Courtesy with no hostile (or negative) cue: ask the model for a wider margin (lexicons.py).
    if style:
        hostile_cue = negative_cue = True
    if not (hostile_cue and negative_cue) and any(
        matcher(ll, "polite").search(lowered) for ll in lex_langs
    ):
        if not hostile_cue:
            ev.hostility_logit -= POLITE_HOSTILITY
        if not negative_cue:
            ev.negative_logit -= POLITE_NEGATIVE
    return ev


def score_customer(text: str, lang: str | None = None) -> CustomerSignals:
    """Score one customer message (lang detected when not given)."""
    lang = lang if lang in ("zh", "en", "mixed", "other") else detect_language(text)
    ev = evidence(text, lang, load_model)
    # The calibrated threshold of the message's model sits at 0.5 after this shift.
    th, tg = _thresholds(lang)
    hostility = max(sigmoid(ev.hostility_logit - th), ev.hostility_floor)
    negative = max(sigmoid(ev.negative_logit - tg), ev.negative_floor)
    hostile, neg = hostility >= 0.5, negative >= 0.5
    cues = ev.cues
    if hostile or neg:
        cues = list(cues)
        if hostile:
            cues += [f"hostile-ngram:{g}" for g in top_ngrams(ev.hits, HOSTILITY, 2)]
        if neg:
            cues += [f"negative-ngram:{g}" for g in top_ngrams(ev.hits, NEGATIVE, 2)]
    return CustomerSignals(
        lang=lang,
        hostility=hostility,
        hostile=hostile,
        negative_score=negative,
        negative=neg,
        cues=tuple(dict.fromkeys(cues)),
    )


def _thresholds(lang: str) -> tuple[float, float]:
    if lang in ("zh", "en"):
        return load_model(lang).threshold_logit
    if lang == "mixed":
        zh, en = load_model("zh").threshold_logit, load_model("en").threshold_logit
        return min(zh[0], en[0]), min(zh[1], en[1])
    return 0.0, 0.0
