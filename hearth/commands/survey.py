"""`hearth survey`: list the instruments and score a CSV of answers, without Django."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hearth.commands import CommandError
from hearth.engine.i18n import cli_language
from hearth.engine.i18n import gettext as _
from hearth.engine.instruments import (
    InstrumentError,
    available_instruments,
    load_instrument,
    text_for,
)
from hearth.engine.survey_csv import CsvInputError, score_csv


def register(sub: Any) -> None:
    """Add `hearth survey list` and `hearth survey score`."""
    parser = sub.add_parser("survey", help=_("survey instruments: list them, score answers"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=_("list the available instruments"))
    listing.set_defaults(func=survey_list)

    score = actions.add_parser("score", help=_("score a CSV of answers"))
    score.add_argument("instrument", metavar="INSTRUMENT", help=_("instrument id, e.g. cbi"))
    score.add_argument(
        "--input",
        required=True,
        metavar="CSV",
        help=_("CSV with a respondent column and one column per item"),
    )
    score.add_argument(
        "--output", metavar="CSV", help=_("where to write the scores (default: standard output)")
    )
    score.set_defaults(func=survey_score)


def _language() -> str:
    return "en" if cli_language() == "en" else "zh-hans"


def survey_list(args: argparse.Namespace) -> int:
    """Print every instrument with its id, name, number of items and licence."""
    try:
        instruments = available_instruments()
    except InstrumentError as exc:
        raise CommandError(str(exc)) from exc
    rows = [(_("ID"), _("Name"), _("Items"), _("Licence"))]
    for instrument in sorted(instruments.values(), key=lambda i: i.id):
        rows.append(
            (
                instrument.id,
                text_for(instrument.name, _language()),
                str(len(instrument.items)),
                instrument.licence["name"],
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])]
        print("  ".join([*cells, row[3]]))
    return 0


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def survey_score(args: argparse.Namespace) -> int:
    """Score the input CSV; with --output write a temp file and rename it only on success."""
    try:
        instrument = load_instrument(args.instrument)
    except InstrumentError as exc:
        raise CommandError(str(exc)) from exc
    input_path = Path(args.input)
    if not input_path.is_file():
        raise CommandError(_("{path}: no such file").format(path=input_path))

    if args.output is None:
        try:
            score_csv(instrument, input_path, sys.stdout)
        except CsvInputError as exc:
            raise CommandError(str(exc)) from exc
        return 0

    output = Path(args.output)
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(_("{path}: the folder does not exist").format(path=directory))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as tmp:
            rows = score_csv(instrument, input_path, tmp)
        os.replace(tmp_name, output)
    except CsvInputError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise CommandError(str(exc)) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    print(
        _("{count} respondents scored; written to {path}").format(count=rows, path=output),
        file=sys.stderr,
    )
    return 0
