"""Browser tests of the console: Debian's Chromium driven by Playwright against a real server.

Every test here carries the ``browser`` marker. Chromium comes from the distribution (/usr/bin/chromium,
installed by `make test` when missing); Playwright never downloads a browser.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.console.server import PASSWORD, ConsoleServer, start_server

CHROMIUM = os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("FRONTDESK_SCREENSHOTS", ROOT / "var" / "screenshots"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/console/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def console_server(
    prepared_sqlite: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConsoleServer]:
    """One server for the browser tests (SQLite; the storage services under it run on both engines)."""
    folder = tmp_path_factory.mktemp("console")
    shutil.copyfile(prepared_sqlite, folder / "frontdesk.db")
    server, stop = start_server(f"sqlite:///{folder / 'frontdesk.db'}", str(folder / "spool"))
    try:
        yield server
    finally:
        stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    try:
        yield launched
    finally:
        launched.close()


def new_context(
    browser: Browser, server: ConsoleServer, *, viewport: dict[str, int] = DESKTOP, locale: str = "en-GB"
) -> BrowserContext:
    """A fresh browser profile (no cookies) on the server; ``locale`` is the browser's (date pickers)."""
    context = browser.new_context(base_url=server.url, viewport=viewport, locale=locale)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(browser: Browser, console_server: ConsoleServer) -> Iterator[BrowserContext]:
    """A fresh profile for one test."""
    opened = new_context(browser, console_server)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab that records what the browser refused (CSP) or failed to run."""
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.problems = problems  # type: ignore[attr-defined]
    return tab


def sign_in(page: Page, email: str = "staff@thira.gr", language: str = "en") -> None:
    """Sign in through the form, in the given console language."""
    page.goto("/console/login")
    if language == "en" and page.locator("html").get_attribute("lang") != "en":
        page.get_by_role("button", name="English").click()
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/console/login'] button").click()
    page.wait_for_url("**/console/queue")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations"""
    )
    return [
        {"id": item["id"], "impact": item["impact"], "nodes": [node["target"] for node in item["nodes"]][:5]}
        for item in result
        if item["impact"] in ("serious", "critical")
    ]


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation."""
    found = axe_violations(page)
    assert not found, json.dumps(found, indent=1)


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot under var/screenshots (or FRONTDESK_SCREENSHOTS)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
