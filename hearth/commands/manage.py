"""`hearth manage …`: Django's management commands (migrate, createsuperuser, shell, …)."""

from __future__ import annotations

import argparse

from hearth.commands import django_setup
from hearth.engine.i18n import gettext as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("manage", help=_("run a Django management command"), description=_("Run a Django management command, e.g. `hearth manage migrate`."), add_help=False)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hearth manage", *args.args])
    return 0
