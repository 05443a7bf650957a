"""Browser tests: Playwright driving Debian's chromium (launched by its path; no browser download)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop; the live server's ORM calls are in another thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Visitor:
    """One person's browser session against the live server."""

    def __init__(self, browser: Any, base_url: str, viewport: dict[str, int]) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, locale="en-US")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def sign_in(self, username: str, password: str) -> Any:
        page = self.page
        page.goto(f"{self.base_url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(browser: Any, live_server: Any, flushable_audit: None) -> Iterator[Any]:
    """Open a browser session: visitor('phone') or visitor('desktop')."""
    opened: list[Visitor] = []

    def open_(kind: str = "desktop") -> Visitor:
        v = Visitor(browser, live_server.url, PHONE if kind == "phone" else DESKTOP)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()
