"""Translations for the engine and the command line, without Django.

Messages live in hearth/engine/locale/<lang>/LC_MESSAGES/hearth.po (compiled to .mo by
scripts/compile_messages.py). The language comes from HEARTH_LANG, else LANGUAGE/LC_ALL/LANG,
and defaults to Simplified Chinese like a new centre.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"


def cli_language() -> str:
    """The language for command-line messages: 'zh_Hans' or 'en'."""
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
