"""Reader tests check English messages; the Chinese ones are checked by tests/test_translations.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")
