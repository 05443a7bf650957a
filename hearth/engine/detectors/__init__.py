"""Text detectors for customer-service messages, zh-Hans and en, with no Django and no network.

Customer turns get hostility toward the agent and negative emotion (score, flag, cues); agent
turns get empathy, apology and ownership (flags, cues). Lexicons are Hearth's own phrase lists
plus LDNOOBW; the small linear models are trained by scripts/train_detectors.py and shipped in
data/ (provenance in data/ATTRIBUTION.md).
"""

from __future__ import annotations

from hearth.engine.detectors.agent import AgentSignals, score_agent
from hearth.engine.detectors.customer import CustomerSignals, score_customer
from hearth.engine.detectors.lang import detect_language
from hearth.engine.detectors.mask import mask_personal

# Bump when lexicons, features or shipped models change: stored features record it.
DETECTORS_VERSION = "1.3.0"

__all__ = [
    "DETECTORS_VERSION",
    "AgentSignals",
    "CustomerSignals",
    "detect_language",
    "mask_personal",
    "score_agent",
    "score_customer",
]
