"""`hearth sim`: list the practice scenarios and score a transcript of replies offline, without Django."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import IO, Any

from hearth.commands import CommandError
from hearth.engine.i18n import gettext as _
from hearth.engine.sim import (
    ReplyScore,
    Scenario,
    ScenarioError,
    SimilarityUnavailable,
    conversation_from_scores,
    find_scenario,
    library,
    prepare,
    start,
    step,
)


def register(sub: Any) -> None:
    """Add `hearth sim list` and `hearth sim score`."""
    parser = sub.add_parser("sim", help=_("practice simulations: list scenarios, score replies"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list the shipped practice scenarios"))
    listing.set_defaults(func=sim_list)
    score = actions.add_parser(
        "score", help=_("score a JSON lines transcript of agent replies against a scenario's rubric")
    )
    score.add_argument(
        "scenario", metavar="SCENARIO", help=_("a library scenario id or a path to a scenario file")
    )
    score.add_argument(
        "--input",
        required=True,
        metavar="FILE",
        help=_("JSON lines: text, optional node and seconds (- for standard input)"),
    )
    score.set_defaults(func=sim_score)


def sim_list(args: argparse.Namespace) -> int:
    """Print every shipped scenario: id, language, platform, level, title."""
    try:
        scenarios = library()
    except ScenarioError as exc:
        raise CommandError(str(exc)) from exc
    for s in scenarios:
        print("\t".join((s.id, s.language, s.platform, s.level, s.title)))
    return 0


def reply_record(score: ReplyScore) -> dict[str, Any]:
    """The JSON output for one scored reply."""
    return {
        "node": score.node_id,
        "total": score.total,
        "category": score.category,
        "dimensions": score.dimensions,
        "feedback": [
            {"kind": f.kind, "dimension": f.dimension, "message": f.message, "cues": list(f.cues)}
            for f in score.feedback
        ],
    }


def _parse(line: str, scenario: Scenario) -> tuple[str | None, str, float]:
    """(node or None, text, seconds) from one input line; ValueError names the field."""
    try:
        record = json.loads(line)
    except ValueError:
        raise ValueError(_("not a JSON object")) from None
    if not isinstance(record, dict):
        raise ValueError(_("not a JSON object"))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text: " + _("must be a non-empty string"))
    node = record.get("node")
    if node is not None and (not isinstance(node, str) or node not in {n.id for n in scenario.nodes}):
        raise ValueError("node: " + _("unknown node '{id}'").format(id=node))
    seconds = record.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ValueError("seconds: " + _("must be a number of at least 0"))
    return node, text, float(seconds)


def _run(scenario: Scenario, source: IO[str], out: IO[str], err: IO[str]) -> int:
    prepare(scenario)
    state = start(scenario)
    scores: list[ReplyScore] = []
    bad = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            node, text, seconds = _parse(line, scenario)
            if node is None and state.finished:
                raise ValueError("node: " + _("the conversation has ended; give the node this reply answers"))
        except ValueError as exc:
            bad += 1
            err.write(_("line {line}: {problem}").format(line=number, problem=exc) + "\n")
            continue
        if node is not None:
            state = replace(state, node_id=node, finished=False)
        state, score, _next = step(scenario, state, text, seconds)
        scores.append(score)
        out.write(json.dumps(reply_record(score), ensure_ascii=False) + "\n")
    conversation = conversation_from_scores(scenario, scores)
    summary = {
        "scenario": scenario.id,
        "replies": len(scores),
        "total": conversation.total,
        "passed": conversation.passed,
        "pass_mark": conversation.pass_mark,
        "dimensions": conversation.dimensions,
        "bad_lines": bad,
    }
    out.write(json.dumps(summary, ensure_ascii=False) + "\n")
    return 1 if bad else 0


def sim_score(args: argparse.Namespace) -> int:
    """Score each reply line, then the conversation; exit 1 when a line was unusable."""
    try:
        scenario = find_scenario(args.scenario)
    except ScenarioError as exc:
        raise CommandError(str(exc)) from exc
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    try:
        if args.input == "-":
            stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            return _run(scenario, stdin, out, sys.stderr)
        try:
            source = open(args.input, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(_("cannot read %(path)s: %(error)s") % {
                "path": args.input, "error": exc.strerror}) from exc
        with source:
            return _run(scenario, source, out, sys.stderr)
    except SimilarityUnavailable as exc:
        raise CommandError(str(exc)) from exc
    finally:
        out.flush()
