"""Translations for the engine and the command line, without Django.

Messages live in hearth/engine/locale/<lang>/LC_MESSAGES/hearth.po (compiled to .mo by
scripts/compile_messages.py). The language comes from HEARTH_LANG, else LANGUAGE/LC_ALL/LANG,
and defaults to Simplified Chinese like a new centre.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"

# Set by the web layer for the length of one request, so an engine message shown on a page (a scenario's
# validation error, a people file's bad row) is in the reader's language, not the server process's.
_REQUEST_LANGUAGE: ContextVar[str | None] = ContextVar("hearth_engine_language", default=None)


@contextmanager
def language_override(language: str) -> Iterator[None]:
    """Engine messages in `language` ('en', 'zh-hans', 'zh_Hans', …) inside the block."""
    token = _REQUEST_LANGUAGE.set("en" if language.lower().startswith("en") else "zh_Hans")
    try:
        yield
    finally:
        _REQUEST_LANGUAGE.reset(token)


def cli_language() -> str:
    """The language for engine messages: the request's reader, else the command line's: 'zh_Hans' or 'en'."""
    requested = _REQUEST_LANGUAGE.get()
    if requested is not None:
        return requested
    for var in ("HEARTH_LANG", "LANGUAGE", "LC_ALL", "LANG"):
        value = os.environ.get(var, "")
        if not value or value in {"C", "POSIX", "C.UTF-8"}:
            continue
        return "en" if value.lower().startswith("en") else "zh_Hans"
    return "zh_Hans"


@lru_cache(maxsize=4)
def _catalog(language: str) -> _gettext.NullTranslations:
    return _gettext.translation("hearth", localedir=LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """Translate an engine/CLI message into the command-line language."""
    return _catalog(cli_language()).gettext(message)
