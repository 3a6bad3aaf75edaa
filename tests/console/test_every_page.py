"""Every page in Greek and English, at desktop and phone width: no serious accessibility fault, a screenshot each.

The screenshots land in var/screenshots/ (or FRONTDESK_SCREENSHOTS); README shows three of them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from storage.centers import get_center_by_slug
from storage.queue import QueueFilter, list_cases
from tests.console.conftest import DESKTOP, PHONE, assert_accessible, new_context, screenshot, sign_in
from tests.console.pages import PAGES
from tests.console.server import ConsoleServer

SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module")
def case_id(console_server: ConsoleServer) -> int:
    """A case of Thira opened the way citizens open them: an SMS."""
    assert console_server.post_sms("+306941234567", "Θέλω να αυτοκτονήσω", "SMeverypage000001") == 200

    async def first_case() -> int | None:
        async with console_server.runtime.sessions.begin() as session:
            center = await get_center_by_slug(session, slug="thira")
            assert center is not None
            cases, _ = await list_cases(
                session, center_id=center.id, filters=QueueFilter(), cursor=None, limit=1
            )
            return cases[0].id if cases else None

    return int(console_server.wait_for(lambda: console_server.call(first_case)))


@pytest.mark.parametrize("language", ["el", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_is_accessible_and_photographed(
    browser: Browser, console_server: ConsoleServer, case_id: int, language: str, size: str
) -> None:
    context = new_context(
        browser, console_server, viewport=SIZES[size], locale="el-GR" if language == "el" else "en-GB"
    )
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        signed_in_as = ""
        for name, path, who in PAGES:
            if who and who != signed_in_as:
                context.clear_cookies()
                sign_in(page, who, language)
                signed_in_as = who
            if not who and signed_in_as:
                context.clear_cookies()
                signed_in_as = ""
            if language == "en" and not who:
                page.goto("/console/login")
                if page.locator("html").get_attribute("lang") != "en":
                    page.get_by_role("button", name="English").click()
            response = page.goto(path.format(case=case_id))
            assert response is not None and response.status == 200, (name, response and response.status)
            expect(page.locator("html")).to_have_attribute("lang", language)
            page.wait_for_load_state("networkidle")
            # Nothing wider than a phone screen: no sideways scrolling at 360 px.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= SIZES[size]["width"] + 1, (name, width)
            assert_accessible(page)
            screenshot(page, f"{name}-{language}-{size}")
        assert not problems, problems  # nothing refused by the CSP, no script error
    finally:
        context.close()
