"""Score a practice reply and a whole conversation on the scenario's rubric, with keep/start/stop feedback.

Each dimension is 0..1 (None when it does not apply: an apology where none is due, similarity for
a turn without model replies). The total is the weighted mean of the rubric's dimensions, 0-100.
Empathy, apology and ownership come from the signal engine (detectors.score_agent); rudeness also
from its hostility detector (score_customer, direct insults and contempt only: "right now" is a
customer's command but an agent's promise); blame, canned templates and concrete solutions from
the practice lexicons (cues.py); similarity from multilingual sentence embeddings (similarity.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hearth.engine.detectors import detect_language, score_agent, score_customer
from hearth.engine.sim.cues import find_cues, find_phrases, find_terms
from hearth.engine.sim.feedback_text import message
from hearth.engine.sim.scenario import DIMENSIONS, Node, Scenario, ScenarioError
from hearth.engine.sim.similarity import best_match, embed, similarity_score

# Hostility-detector cue kinds that make an agent reply rude (not "command": an agent's promise
# to act "right now" reads as a customer's command).
_RUDE_KINDS = ("insult", "profanity", "contempt")
_KEEP_AT = 0.75
_START_BELOW = 0.5
# Reply length a customer reads at a glance: Chinese characters, English words.
_CLEAR_RANGE = {"zh": (12, 160), "en": (8, 90)}


@dataclass(frozen=True)
class Feedback:
    """One piece of advice: keep / start / stop, on a dimension, with the words that earned it."""

    kind: str
    dimension: str
    message: dict[str, str]
    cues: tuple[str, ...]


@dataclass(frozen=True)
class ReplyScore:
    """One reply's score: per dimension, total 0-100, the branch category, feedback."""

    node_id: str
    dimensions: dict[str, float | None]
    total: float
    category: str
    feedback: tuple[Feedback, ...]
    lang: str
    seconds: float
    closest_model_reply: str | None


@dataclass(frozen=True)
class ConversationScore:
    """A conversation's score: mean total, per-dimension means, passed against the pass mark."""

    total: float
    dimensions: dict[str, float | None]
    passed: bool
    pass_mark: float
    replies: tuple[ReplyScore, ...]


def _lang(reply: str, lang: str | None) -> str:
    if lang in ("zh", "zh-hans"):
        return "zh"
    if lang in ("en", "mixed", "other"):
        return lang
    return detect_language(reply)


def _strip(cues: tuple[str, ...], kind: str) -> list[str]:
    return [c.split(":", 1)[1] for c in cues if c.startswith(kind + ":")]


def _clarity(reply: str, lang: str, template_only: bool) -> float:
    if lang == "en" or (lang != "zh" and detect_language(reply) != "zh"):
        size, (low, high) = len(reply.split()), _CLEAR_RANGE["en"]
    else:
        size, (low, high) = len("".join(reply.split())), _CLEAR_RANGE["zh"]
    if size < low:
        score = 0.3 + 0.7 * size / low
    elif size > high:
        score = max(0.2, 1.0 - (size - high) / high)
    else:
        score = 1.0
    if reply.count("?") + reply.count("？") > 2:
        score -= 0.2
    if template_only:
        score -= 0.4
    return round(max(0.0, score), 4)


def _response_time(seconds: float, target: float) -> float:
    """1 within the target, falling linearly to 0 at three times the target."""
    if seconds <= target:
        return 1.0
    return round(max(0.0, 1.0 - (seconds - target) / (2 * target)), 4)


def _solution(node: Node, cues: dict[str, list[str]], reply: str) -> tuple[float, list[str]]:
    action, specific = cues["action"], cues["specific"]
    terms = find_terms(reply, node.solution_terms)
    if node.solution_terms:
        score = 0.4 * bool(action) + 0.3 * bool(specific) + 0.3 * bool(terms)
    else:
        score = 0.6 * bool(action) + 0.4 * bool(specific)
    return round(score, 4), [*action, *specific, *terms]


def score_reply(
    scenario: Scenario, node_id: str, reply: str, seconds: float, lang: str | None = None
) -> ReplyScore:
    """Score one agent reply to the customer's turn `node_id` on the scenario's rubric."""
    try:
        node = scenario.node(node_id)
    except KeyError:
        raise ScenarioError(f"node: unknown node '{node_id}'") from None
    ll = _lang(reply, lang)
    agent = score_agent(reply, ll)
    cues = find_cues(reply, ll)
    customer = score_customer(reply, ll)
    rude = list(cues["rude"])
    if customer.hostile:
        for kind in _RUDE_KINDS:
            rude += [c for c in _strip(customer.cues, kind) if c not in rude]
    forbidden = find_phrases(reply, scenario.rubric.forbidden_phrases)
    blame = cues["blame"]
    template_only = bool(cues["template"]) and not cues["action"] and not agent.ownership
    solution, solution_cues = _solution(node, cues, reply)
    ownership_cues = _strip(agent.cues, "ownership") + [c for c in cues["action"] if c not in agent.cues]

    cosine: float | None = None
    closest: str | None = None
    references = scenario.model_replies.get(node_id, ())
    if references:
        cosine, index = best_match(reply, references)
        closest = references[index]

    dims: dict[str, float | None] = {
        "empathy": 1.0 if agent.empathy or cues["ack"] else 0.0,
        "apology": (1.0 if agent.apology else 0.0) if node.apology_due else None,
        "ownership": 1.0 if agent.ownership or cues["action"] else 0.0,
        "solution": solution,
        "clarity": _clarity(reply, ll, template_only),
        "politeness": 0.0 if rude else (1.0 if cues["polite"] else 0.6),
        "forbidden": 0.0 if forbidden else 1.0,
        "blame": 0.0 if blame else 1.0,
        "response_time": _response_time(seconds, scenario.rubric.response_time_target_seconds),
        "similarity": None if cosine is None else round(similarity_score(cosine, scenario.language), 4),
    }
    for dimension in node.not_scored:
        dims[dimension] = None
    weights = scenario.rubric.weights
    counted = [(weights[d], v) for d, v in dims.items() if d in weights and v is not None]
    weight_sum = sum(w for w, _ in counted)
    total = round(100 * sum(w * v for w, v in counted) / weight_sum, 1) if weight_sum else 0.0

    acknowledged = agent.empathy or agent.apology or bool(cues["ack"])
    concrete = bool(cues["action"]) or (agent.ownership and bool(cues["specific"]))
    if blame or forbidden or rude or template_only:
        category = "escalate"
    elif acknowledged and concrete:
        category = "calm"
    else:
        category = "neutral"

    evidence: dict[str, list[str]] = {
        "empathy": _strip(agent.cues, "empathy") + [c for c in cues["ack"] if f"empathy:{c}" not in agent.cues],
        "apology": _strip(agent.cues, "apology"),
        "ownership": ownership_cues,
        "solution": solution_cues,
        "politeness": cues["polite"],
        "clarity": [],
        "response_time": [f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"],
        "similarity": [closest] if closest else [],
    }
    feedback = _feedback(dims, evidence, rude=rude, forbidden=forbidden, blame=blame,
                         template=cues["template"] if template_only else [])
    return ReplyScore(
        node_id=node_id,
        dimensions=dims,
        total=total,
        category=category,
        feedback=feedback,
        lang=ll,
        seconds=seconds,
        closest_model_reply=closest,
    )


def _feedback(
    dims: dict[str, float | None],
    evidence: dict[str, list[str]],
    *,
    rude: list[str],
    forbidden: list[str],
    blame: list[str],
    template: list[str],
) -> tuple[Feedback, ...]:
    """Stop first (what hurt), then start (what was missing), then keep (what worked)."""
    stop: list[Feedback] = []
    for dimension, words in (("blame", blame), ("forbidden", forbidden), ("politeness", rude),
                             ("template", template)):
        if words:
            stop.append(Feedback("stop", dimension, message("stop", dimension), tuple(words)))
    start: list[Feedback] = []
    keep: list[Feedback] = []
    for dimension in DIMENSIONS:
        value = dims[dimension]
        if value is None or dimension in ("forbidden", "blame"):
            continue
        if dimension == "politeness" and rude:
            continue
        earned: tuple[str, ...] = tuple(evidence.get(dimension, []))
        if value >= _KEEP_AT and (earned or dimension in ("clarity", "response_time")):
            keep.append(Feedback("keep", dimension, message("keep", dimension), earned))
        elif value < _START_BELOW or (dimension == "response_time" and value < 1.0):
            hint = earned if dimension in ("similarity", "response_time") else ()
            start.append(Feedback("start", dimension, message("start", dimension), hint))
    return (*stop, *start, *keep)


def prepare(scenario: Scenario) -> None:
    """Load the encoder and embed all the scenario's model replies in one batch (faster first replies)."""
    texts = [text for replies in scenario.model_replies.values() for text in replies]
    if texts:
        embed(texts)


def score_conversation(
    scenario: Scenario, replies: Sequence[tuple[str, str, float]]
) -> ConversationScore:
    """Score every (node_id, text, seconds) reply; passed when the mean total reaches the pass mark."""
    scores = tuple(score_reply(scenario, node_id, text, seconds) for node_id, text, seconds in replies)
    return conversation_from_scores(scenario, scores)


def conversation_from_scores(scenario: Scenario, scores: Sequence[ReplyScore]) -> ConversationScore:
    """The conversation's score from reply scores already computed (e.g. during a practice run)."""
    means: dict[str, float | None] = {}
    for dimension in DIMENSIONS:
        values = [v for s in scores if (v := s.dimensions.get(dimension)) is not None]
        means[dimension] = round(sum(values) / len(values), 4) if values else None
    total = round(sum(s.total for s in scores) / len(scores), 1) if scores else 0.0
    return ConversationScore(
        total=total,
        dimensions=means,
        passed=bool(scores) and total >= scenario.rubric.pass_mark,
        pass_mark=scenario.rubric.pass_mark,
        replies=tuple(scores),
    )
