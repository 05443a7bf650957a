"""`hearth diary check`: thinking traps in diary thoughts from JSON lines, without Django."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from hearth.commands import CommandError
from hearth.engine.i18n import gettext as _
from hearth.engine.traps import detect_traps


def register(sub: Any) -> None:
    """Add `hearth diary check`."""
    parser = sub.add_parser("diary", help=_("emotion diary: spot thinking traps in thoughts"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help=_("check JSON lines with text and lang for thinking traps; one JSON line out per line in")
    )
    check.add_argument(
        "--input", metavar="FILE", help=_("JSON lines file to read (default: standard input)")
    )
    check.set_defaults(func=diary_check)


def check_line(line: str) -> tuple[dict[str, Any], str | None]:
    """The output record for one input line, and the field at fault when the line is unusable."""
    try:
        record = json.loads(line)
    except ValueError:
        return {"error": _("not a JSON object")}, "json"
    if not isinstance(record, dict):
        return {"error": _("not a JSON object")}, "json"
    text = record.get("text")
    if not isinstance(text, str):
        return {"error": _("no text field (a string)")}, "text"
    lang = record.get("lang")
    result = detect_traps(text, lang if isinstance(lang, str) else None)
    return {
        "lang": result.lang,
        "traps": list(result.traps),
        "cues": {trap: list(words) for trap, words in result.cues.items()},
    }, None


def _run(source: IO[str], out: IO[str], err: IO[str]) -> None:
    for number, line in enumerate(source, start=1):
        record, field = check_line(line)
        if field is not None:
            err.write(_("line %(line)d: %(field)s: %(error)s") % {
                "line": number, "field": field, "error": record["error"]} + "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


def diary_check(args: argparse.Namespace) -> int:
    """Read JSON lines, write one JSON line with traps and cues per input line, in order."""
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", buffering=1 << 16, closefd=False)  # noqa: SIM115
    try:
        if args.input:
            try:
                source = open(args.input, encoding="utf-8", errors="replace")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(_("cannot read %(path)s: %(error)s") % {
                    "path": args.input, "error": exc.strerror}) from exc
            with source:
                _run(source, out, sys.stderr)
        else:
            stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            _run(stdin, out, sys.stderr)
    finally:
        out.flush()
    return 0
