"""Practice scenarios as data: one JSON file each, loaded and validated into frozen dataclasses.

A scenario is a scripted customer: a persona with a goal, the platform's policy facts, and the
customer's turns (nodes). The first node is the opening. After each agent reply the customer moves
to the node named by the reply's category: "calm" (acknowledgement and a concrete solution),
"neutral", or "escalate" (blame, a canned template, a forbidden phrase, rudeness). A node with no
branches is the last turn: the conversation ends after the agent answers it. Shipped files live
in hearth/engine/sim/scenarios/; trainers edit and import their own in the browser.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hearth.engine.i18n import gettext as _

SCENARIO_DIR = Path(__file__).parent / "scenarios"
LANGUAGES = ("zh-hans", "en")
LEVELS = ("junior", "intermediate", "senior")
CATEGORIES = ("calm", "neutral", "escalate")
MOODS = ("calm", "neutral", "upset", "escalated")
DIMENSIONS = (
    "empathy",
    "apology",
    "ownership",
    "solution",
    "clarity",
    "politeness",
    "forbidden",
    "blame",
    "response_time",
    "similarity",
)

_TOP_KEYS = {
    "id", "version", "language", "platform", "title", "level", "tags", "persona", "goal",
    "policy_facts", "nodes", "model_replies", "rubric",
}
_TOP_REQUIRED = _TOP_KEYS - {"tags"}
_NODE_KEYS = {"id", "text", "mood", "branches", "apology_due", "solution_terms", "not_scored"}
_NODE_REQUIRED = {"id", "text", "branches"}
_RUBRIC_KEYS = {"weights", "pass_mark", "forbidden_phrases", "response_time_target_seconds"}


class ScenarioError(ValueError):
    """A scenario is invalid or unreadable; the message names the field path at fault."""


@dataclass(frozen=True)
class Node:
    """One customer turn: what the customer says, their mood, and where each kind of reply leads."""

    id: str
    text: str
    mood: str
    branches: dict[str, str]
    apology_due: bool
    solution_terms: tuple[str, ...]
    not_scored: tuple[str, ...] = ()

    @property
    def terminal(self) -> bool:
        """True for the last turn: the conversation ends after the agent answers it."""
        return not self.branches


@dataclass(frozen=True)
class Rubric:
    """How replies are scored: weight per dimension, pass mark, forbidden phrases, time target."""

    weights: dict[str, float]
    pass_mark: float
    forbidden_phrases: tuple[str, ...]
    response_time_target_seconds: float


@dataclass(frozen=True)
class Scenario:
    """A scripted customer conversation for practice and tests."""

    id: str
    version: int
    language: str
    platform: str
    title: str
    level: str
    tags: tuple[str, ...]
    persona: str
    goal: str
    policy_facts: tuple[str, ...]
    nodes: tuple[Node, ...]
    model_replies: dict[str, tuple[str, ...]]
    rubric: Rubric

    @property
    def opening(self) -> str:
        """The customer's first message: the text of the first node."""
        return self.nodes[0].text

    @property
    def start_node(self) -> str:
        """The id of the first node (the opening)."""
        return self.nodes[0].id

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError if there is none)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


class _Checker:
    """Validation helpers; every message starts with the field path."""

    def fail(self, where: str, problem: str) -> ScenarioError:
        return ScenarioError(f"{where}: {problem}" if where else problem)

    def obj(self, value: Any, where: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, _("must be an object"))
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, _("missing field(s): {names}").format(names=", ".join(missing)))
        unknown = sorted(set(value.keys()) - allowed)
        if unknown:
            raise self.fail(where, _("unknown field(s): {names}").format(names=", ".join(unknown)))
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, _("must be a non-empty string"))
        return value

    def choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(where, _("must be one of: {names}").format(names=", ".join(choices)))
        return str(value)

    def number(self, value: Any, where: str, *, positive: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(where, _("must be a number"))
        if positive and value <= 0:
            raise self.fail(where, _("must be greater than 0"))
        return float(value)

    def strings(self, value: Any, where: str, *, non_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or (non_empty and not value):
            raise self.fail(where, _("must be a non-empty list") if non_empty else _("must be a list"))
        return tuple(self.string(item, f"{where}[{i}]") for i, item in enumerate(value))


def _node(c: _Checker, raw: Any, where: str) -> Node:
    data = c.obj(raw, where, _NODE_KEYS, _NODE_REQUIRED)
    branches = data["branches"]
    if not isinstance(branches, Mapping):
        raise c.fail(f"{where}.branches", _("must be an object"))
    if branches:
        missing = [cat for cat in CATEGORIES if cat not in branches]
        if missing:
            raise c.fail(
                f"{where}.branches",
                _("missing field(s): {names}").format(names=", ".join(missing)),
            )
        unknown = sorted(set(branches) - set(CATEGORIES))
        if unknown:
            raise c.fail(
                f"{where}.branches",
                _("unknown field(s): {names}").format(names=", ".join(unknown)),
            )
    apology_due = data.get("apology_due", True)
    if not isinstance(apology_due, bool):
        raise c.fail(f"{where}.apology_due", _("must be true or false"))
    return Node(
        id=c.string(data["id"], f"{where}.id"),
        text=c.string(data["text"], f"{where}.text"),
        mood=c.choice(data.get("mood", "neutral"), f"{where}.mood", MOODS),
        branches={cat: c.string(branches[cat], f"{where}.branches.{cat}") for cat in CATEGORIES if cat in branches},
        apology_due=apology_due,
        solution_terms=c.strings(data.get("solution_terms", []), f"{where}.solution_terms"),
        not_scored=_dimension_names(c, data.get("not_scored", []), f"{where}.not_scored"),
    )


def _dimension_names(c: _Checker, value: Any, where: str) -> tuple[str, ...]:
    names = c.strings(value, where)
    for i, name in enumerate(names):
        if name not in DIMENSIONS:
            raise c.fail(
                f"{where}[{i}]",
                _("unknown dimension; use one of: {names}").format(names=", ".join(DIMENSIONS)),
            )
    return names


def _rubric(c: _Checker, raw: Any) -> Rubric:
    data = c.obj(raw, "rubric", _RUBRIC_KEYS, _RUBRIC_KEYS - {"forbidden_phrases"})
    weights_raw = data["weights"]
    if not isinstance(weights_raw, Mapping) or not weights_raw:
        raise c.fail("rubric.weights", _("must be a non-empty object"))
    weights: dict[str, float] = {}
    for name, weight in weights_raw.items():
        if name not in DIMENSIONS:
            raise c.fail(
                f"rubric.weights.{name}",
                _("unknown dimension; use one of: {names}").format(names=", ".join(DIMENSIONS)),
            )
        weights[name] = c.number(weight, f"rubric.weights.{name}", positive=True)
    pass_mark = c.number(data["pass_mark"], "rubric.pass_mark")
    if not 0 <= pass_mark <= 100:
        raise c.fail("rubric.pass_mark", _("must be between 0 and 100"))
    return Rubric(
        weights=weights,
        pass_mark=pass_mark,
        forbidden_phrases=c.strings(data.get("forbidden_phrases", []), "rubric.forbidden_phrases"),
        response_time_target_seconds=c.number(
            data["response_time_target_seconds"], "rubric.response_time_target_seconds", positive=True
        ),
    )


def _from_mapping(data: Any) -> Scenario:
    c = _Checker()
    top = c.obj(data, "", _TOP_KEYS, _TOP_REQUIRED)
    version = top["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise c.fail("version", _("must be a whole number of at least 1"))
    raw_nodes = top["nodes"]
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise c.fail("nodes", _("must be a non-empty list"))
    nodes = tuple(_node(c, raw, f"nodes[{i}]") for i, raw in enumerate(raw_nodes))
    ids = [node.id for node in nodes]
    for i, node in enumerate(nodes):
        if node.id in ids[:i]:
            raise c.fail(f"nodes[{i}].id", _("duplicate node '{id}'").format(id=node.id))
    for i, node in enumerate(nodes):
        for cat, target in node.branches.items():
            if target not in ids:
                raise c.fail(f"nodes[{i}].branches.{cat}", _("unknown node '{id}'").format(id=target))
    if not any(node.terminal for node in nodes):
        raise c.fail("nodes", _("needs at least one last turn (a node with no branches)"))
    replies_raw = top["model_replies"]
    if not isinstance(replies_raw, Mapping):
        raise c.fail("model_replies", _("must be an object"))
    model_replies: dict[str, tuple[str, ...]] = {}
    for node_id, replies in replies_raw.items():
        if node_id not in ids:
            raise c.fail(f"model_replies.{node_id}", _("unknown node '{id}'").format(id=node_id))
        model_replies[node_id] = c.strings(replies, f"model_replies.{node_id}", non_empty=True)
    return Scenario(
        id=c.string(top["id"], "id"),
        version=version,
        language=c.choice(top["language"], "language", LANGUAGES),
        platform=c.string(top["platform"], "platform"),
        title=c.string(top["title"], "title"),
        level=c.choice(top["level"], "level", LEVELS),
        tags=c.strings(top.get("tags", []), "tags"),
        persona=c.string(top["persona"], "persona"),
        goal=c.string(top["goal"], "goal"),
        policy_facts=c.strings(top["policy_facts"], "policy_facts"),
        nodes=nodes,
        model_replies=model_replies,
        rubric=_rubric(c, top["rubric"]),
    )


def load_scenario(data: Mapping[str, Any] | str | Path) -> Scenario:
    """Validate a scenario given as a mapping, a JSON string, or a path to a JSON file."""
    if isinstance(data, Path) or (isinstance(data, str) and not data.lstrip().startswith("{")):
        path = Path(data)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(
                _("{file}: cannot be read: {error}").format(file=path.name, error=exc.strerror or exc)
            ) from exc
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                _("{file}: is not valid JSON: {error}").format(file=path.name, error=exc)
            ) from exc
        try:
            return load_scenario(text)
        except ScenarioError as exc:
            raise ScenarioError(f"{path.name}: {exc}") from exc
    if isinstance(data, str):
        try:
            parsed = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ScenarioError(_("not valid JSON: {error}").format(error=exc)) from exc
        return _from_mapping(parsed)
    return _from_mapping(data)


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON data; load_scenario(scenario_to_dict(s)) == s."""
    return {
        "id": s.id,
        "version": s.version,
        "language": s.language,
        "platform": s.platform,
        "title": s.title,
        "level": s.level,
        "tags": list(s.tags),
        "persona": s.persona,
        "goal": s.goal,
        "policy_facts": list(s.policy_facts),
        "nodes": [
            {
                "id": n.id,
                "text": n.text,
                "mood": n.mood,
                "apology_due": n.apology_due,
                "solution_terms": list(n.solution_terms),
                "not_scored": list(n.not_scored),
                "branches": dict(n.branches),
            }
            for n in s.nodes
        ],
        "model_replies": {node_id: list(replies) for node_id, replies in s.model_replies.items()},
        "rubric": {
            "weights": dict(s.rubric.weights),
            "pass_mark": s.rubric.pass_mark,
            "forbidden_phrases": list(s.rubric.forbidden_phrases),
            "response_time_target_seconds": s.rubric.response_time_target_seconds,
        },
    }


def scenario_json(s: Scenario) -> str:
    """The scenario as an indented JSON file's text (for export)."""
    return json.dumps(scenario_to_dict(s), ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=1)
def library() -> tuple[Scenario, ...]:
    """The shipped scenarios, sorted by id; a broken shipped file raises ScenarioError."""
    scenarios = [load_scenario(path) for path in sorted(SCENARIO_DIR.glob("*.json"))]
    seen: set[str] = set()
    for s in scenarios:
        if s.id in seen:
            raise ScenarioError(_("duplicate scenario id '{id}'").format(id=s.id))
        seen.add(s.id)
    return tuple(sorted(scenarios, key=lambda s: s.id))


def find_scenario(ref: str) -> Scenario:
    """A library scenario by id, or a scenario file by path."""
    for s in library():
        if s.id == ref:
            return s
    path = Path(ref)
    if path.suffix == ".json" or path.exists():
        return load_scenario(path)
    raise ScenarioError(_("no scenario '{id}': give a library id or a path to a file").format(id=ref))


def reachable(s: Scenario) -> set[str]:
    """The node ids reachable from the opening by some sequence of reply categories."""
    seen = {s.start_node}
    todo = [s.start_node]
    while todo:
        for target in s.node(todo.pop()).branches.values():
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
