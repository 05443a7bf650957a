"""`hearth text score`: score customer and agent messages from JSON lines, without Django."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from hearth.commands import CommandError
from hearth.engine.detectors import score_agent, score_customer
from hearth.engine.i18n import gettext as _

_LANGS = {"zh", "en", "mixed", "other"}


def register(sub: Any) -> None:
    """Add `hearth text score`."""
    parser = sub.add_parser("text", help=_("score message text: hostility, emotion, empathy"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    score = actions.add_parser(
        "score", help=_("score JSON lines with text, lang and role; one JSON line out per line in")
    )
    score.add_argument(
        "--input", metavar="FILE", help=_("JSON lines file to read (default: standard input)")
    )
    score.set_defaults(func=text_score)


def score_line(line: str) -> dict[str, Any]:
    """The output record for one input line (an `error` record when the line is unusable)."""
    try:
        record = json.loads(line)
    except ValueError:
        return {"error": _("not a JSON object")}
    if not isinstance(record, dict):
        return {"error": _("not a JSON object")}
    text = record.get("text")
    if not isinstance(text, str):
        return {"error": _("no text field (a string)")}
    role = record.get("role", "customer")
    lang = record.get("lang")
    if lang is not None and lang not in _LANGS:
        lang = None
    if role == "customer":
        c = score_customer(text, lang)
        return {
            "lang": c.lang,
            "role": role,
            "hostility": round(c.hostility, 4),
            "hostile": c.hostile,
            "negative_score": round(c.negative_score, 4),
            "negative": c.negative,
            "cues": list(c.cues),
        }
    if role == "agent":
        a = score_agent(text, lang)
        return {
            "lang": a.lang,
            "role": role,
            "empathy": a.empathy,
            "apology": a.apology,
            "ownership": a.ownership,
            "cues": list(a.cues),
        }
    return {"error": _("role must be customer or agent")}


def _run(source: IO[str], out: IO[str]) -> None:
    dumps = json.dumps
    write = out.write
    for line in source:
        write(dumps(score_line(line), ensure_ascii=False))
        write("\n")


def text_score(args: argparse.Namespace) -> int:
    """Read JSON lines, write one scored JSON line per input line, in order."""
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", buffering=1 << 16, closefd=False)  # noqa: SIM115
    try:
        if args.input:
            try:
                source = open(args.input, encoding="utf-8", errors="replace")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(_("cannot read %(path)s: %(error)s") % {
                    "path": args.input, "error": exc.strerror}) from exc
            with source:
                _run(source, out)
        else:
            stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            _run(stdin, out)
    finally:
        out.flush()
    return 0
