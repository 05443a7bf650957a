"""Agent turns: empathy/acknowledgement, apology and ownership, each a flag with its cues."""

from __future__ import annotations

from dataclasses import dataclass

from hearth.engine.detectors.lang import detect_language
from hearth.engine.detectors.lexicons import matcher


@dataclass(frozen=True, slots=True)
class AgentSignals:
    """What one agent message shows."""

    lang: str
    empathy: bool
    apology: bool
    ownership: bool
    cues: tuple[str, ...]


def score_agent(text: str, lang: str | None = None) -> AgentSignals:
    """Find empathy, apology and ownership phrases in one agent message (lang detected if None)."""
    lang = lang if lang in ("zh", "en", "mixed", "other") else detect_language(text)
    lowered = text.lower()
    cues: dict[str, None] = {}
    for ll in ("zh", "en") if lang in ("mixed", "other") else (lang,):
        for m in matcher(ll, "agent").finditer(lowered):
            cues[f"{m.lastgroup}:{m.group()}"] = None
    found = {cue.split(":", 1)[0] for cue in cues}
    return AgentSignals(
        lang=lang,
        empathy="empathy" in found,
        apology="apology" in found,
        ownership="ownership" in found,
        cues=tuple(cues),
    )
