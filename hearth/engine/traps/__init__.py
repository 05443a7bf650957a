"""Thinking traps (CBT cognitive distortions) in an emotion-diary thought, zh-Hans and en, with cues.

`detect_traps(text)` finds which of the twelve traps in `TRAPS` a thought shows and the words that
triggered each. The cues are Hearth's own phrase patterns in traps.json (one file: patterns per
language, and each trap's name, explanation and reframing prompt in en and zh-hans, like the
instruments). A cue does not count when it is negated just before it ("not always", "不总是",
"I don't think they hate me") or when it sits inside quotation marks that report someone else's
words (the customer wrote "you are useless"); a quote the writer introduces as their own thought
(I kept thinking "I'm useless", 我心想“都是我的错”) still counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from hearth.engine.detectors.lang import detect_language
from hearth.engine.instruments import text_for

DATA_FILE = Path(__file__).parent / "traps.json"

TRAPS: tuple[str, ...] = (
    "personalizing",
    "catastrophizing",
    "all_or_nothing",
    "overgeneralizing",
    "mind_reading",
    "fortune_telling",
    "should",
    "labeling",
    "emotional_reasoning",
    "mental_filter",
    "discounting_positive",
    "blaming",
)

_LANG_ALIASES = {"zh": "zh", "en": "en", "mixed": "mixed", "other": "other"}
_MACRO = re.compile(r"\{([A-Z_]+)\}")
# Pairs of quotation marks whose content may be someone else's words.
_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"\n]*\"")
_CLAUSE_END = {
    "en": re.compile(r"[.!?;:\n]"),
    "zh": re.compile(r"[，。！？；：、,.!?;:\n]"),
}


@dataclass(frozen=True, slots=True)
class TrapResult:
    """The traps one thought shows (in `TRAPS` order), the words that triggered each, and its language."""

    traps: tuple[str, ...]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lang: str = "other"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """One language's compiled patterns: a regex per trap, negation and quotation rules."""

    patterns: dict[str, re.Pattern[str]]
    near_negation: re.Pattern[str]
    clause_negation: re.Pattern[str]
    self_thought: re.Pattern[str]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    ids = tuple(t["id"] for t in data["traps"])
    if ids != TRAPS:
        raise ValueError(f"{DATA_FILE.name}: traps must be {TRAPS}, got {ids}")
    return data


def _expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace {NAME} with its macro, repeatedly, so macros may use macros."""
    for _round in range(5):
        expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise ValueError(f"{DATA_FILE.name}: macros nest too deeply in {pattern!r}")


@lru_cache(maxsize=2)
def _lexicon(language: str) -> _Lexicon:
    data = _data()
    macros: dict[str, str] = data["macros"][language]
    patterns: dict[str, re.Pattern[str]] = {}
    for trap in data["traps"]:
        alternatives = [_expand(p, macros) for p in trap["patterns"][language]]
        body = "|".join(f"(?:{alt})" for alt in alternatives)
        if language == "en":
            # Whole words only; an apostrophe counts as part of a word ("don't", "i'm").
            patterns[trap["id"]] = re.compile(rf"(?<![\w'])(?:{body})(?![\w'])", re.IGNORECASE)
        else:
            patterns[trap["id"]] = re.compile(body, re.IGNORECASE)
    negation = data["negation"][language]
    flags = re.IGNORECASE
    return _Lexicon(
        patterns=patterns,
        near_negation=re.compile(negation["near"], flags),
        clause_negation=re.compile(negation["clause"], flags),
        self_thought=re.compile(data["self_thought_before_quote"][language], flags),
    )


def _normalise(text: str) -> str:
    """Same length as the input, so match offsets point into the original text."""
    return text.replace("’", "'").replace("‘", "'").replace("＂", '"')


def _hide_reported_quotes(text: str, lexicons: list[_Lexicon]) -> str:
    """Blank out quoted spans unless the writer introduces them as their own thought."""

    def blank(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 40) : match.start()]
        if any(lex.self_thought.search(before) for lex in lexicons):
            return match.group(0)
        return " " * (match.end() - match.start())

    return _QUOTES.sub(blank, text)


def _negated(text: str, start: int, language: str, lexicon: _Lexicon) -> bool:
    """Whether a negation in the same clause, just before `start`, cancels the cue."""
    clause_start = 0
    for boundary in _CLAUSE_END[language].finditer(text, max(0, start - 80), start):
        clause_start = boundary.end()
    before = text[clause_start:start]
    if lexicon.near_negation.search(before[-30:] if language == "en" else before[-5:]):
        return True
    return bool(lexicon.clause_negation.search(before))


def _languages(lang: str) -> tuple[str, ...]:
    if lang == "zh":
        return ("zh",)
    if lang == "en":
        return ("en",)
    return ("zh", "en")


def normalise_language(lang: str | None, text: str) -> str:
    """"zh", "en", "mixed" or "other": a given code (zh-Hans, en-GB… accepted) or the detected one."""
    if lang:
        code = lang.strip().lower().replace("_", "-")
        if code in _LANG_ALIASES:
            return _LANG_ALIASES[code]
        if code.startswith("zh"):
            return "zh"
        if code.startswith("en"):
            return "en"
    return detect_language(text)


def detect_traps(text: str, lang: str | None = None) -> TrapResult:
    """The thinking traps in one thought, with the words that triggered each (language detected if not given)."""
    language = normalise_language(lang, text)
    languages = _languages(language)
    lexicons = [_lexicon(code) for code in languages]
    prepared = _hide_reported_quotes(_normalise(text), lexicons)
    found: dict[str, list[str]] = {}
    for code, lexicon in zip(languages, lexicons, strict=True):
        for trap in TRAPS:
            for match in lexicon.patterns[trap].finditer(prepared):
                cue = text[match.start() : match.end()].strip()
                if not cue or _negated(prepared, match.start(), code, lexicon):
                    continue
                cues = found.setdefault(trap, [])
                if cue not in cues:
                    cues.append(cue)
    traps = tuple(trap for trap in TRAPS if trap in found)
    return TrapResult(traps=traps, cues={t: tuple(found[t]) for t in traps}, lang=language)


def _trap(trap: str) -> dict[str, Any]:
    for entry in _data()["traps"]:
        if entry["id"] == trap:
            return dict(entry)
    raise KeyError(f"unknown thinking trap: {trap!r} (one of {', '.join(TRAPS)})")


def trap_name(trap: str, language: str) -> str:
    """The trap's display name in a Django language code ('zh-hans', 'en'); KeyError for an unknown trap."""
    return text_for(_trap(trap)["name"], language)


def trap_explanation(trap: str, language: str) -> str:
    """One line saying what the trap is, in 'zh-hans' or 'en'."""
    return text_for(_trap(trap)["explanation"], language)


def reframe_prompt(trap: str, language: str) -> str:
    """A question that helps the writer look at the thought again, in 'zh-hans' or 'en'."""
    return text_for(_trap(trap)["reframe"], language)


def traps_version() -> str:
    """The version of the cue file; bump it when patterns change."""
    return str(_data()["version"])


__all__ = [
    "TRAPS",
    "TrapResult",
    "detect_traps",
    "normalise_language",
    "reframe_prompt",
    "trap_explanation",
    "trap_name",
    "traps_version",
]
