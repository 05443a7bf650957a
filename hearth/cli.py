"""The `hearth` command for operators and analysts. Each subcommand lives in hearth/commands/<name>.py.

A command module exposes `register(subparsers)`, which adds its parser and sets `func` to a
callable taking the parsed arguments and returning an exit code. Engine commands (survey score,
…) run without Django; the others call `hearth.commands.django_setup()` first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hearth import __version__
from hearth.commands import COMMAND_MODULES, CommandError
from hearth.engine.i18n import gettext as _


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="hearth",
        description=_("Hearth: see burnout coming, act on it, and prove what worked."),
    )
    parser.add_argument("--version", action="version", version=f"hearth {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `hearth` command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except CommandError as exc:
        print(f"hearth {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
