"""Subcommands of the `hearth` command, one module each."""

from __future__ import annotations

import importlib
import os
from types import ModuleType


class CommandError(Exception):
    """A failure the operator can fix; the message says what to do."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def django_setup() -> None:
    """Configure Django for commands that use the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")
    import django

    django.setup()


_NAMES = ["serve", "worker", "demo", "manage", "import_people", "survey", "ingest", "features", "text", "keys", "diary", "sim"]


def _load() -> list[ModuleType]:
    modules = []
    for name in _NAMES:
        try:
            modules.append(importlib.import_module(f"hearth.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"hearth.commands.{name}":
                raise
    return modules


COMMAND_MODULES = _load()
