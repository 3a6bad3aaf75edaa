"""The queue and a case in the browser: sign in, an urgent case appears by itself, reply, other centers see 404."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import Browser, Locator, Page, expect

from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.server import ConsoleServer

_numbers = itertools.count(1)


def _citizen() -> tuple[str, str]:
    """A new citizen's number and a fresh MessageSid."""
    number = next(_numbers)
    return f"+3069400{number:05d}", f"SMconsole{number:06d}"


def search(page: Page, words: str) -> Locator:
    """Search the queue until the case shows (the bot opens it a moment after the message arrives)."""
    for _ in range(100):
        page.get_by_label("Search: words, reference or phone number").fill(words)
        page.get_by_role("button", name="Search").click()
        page.wait_for_load_state("networkidle")
        if page.locator(".case a").count():
            break
        page.wait_for_timeout(200)
    return page.locator(".case a")


def test_wrong_password_is_refused_politely(page: Page) -> None:
    page.goto("/console/login")
    page.get_by_role("button", name="English").click()
    page.get_by_label("E-mail").fill("staff@thira.gr")
    page.locator("#password").fill("not the password")
    page.locator("form[action='/console/login'] button").click()
    expect(page.get_by_role("alert")).to_have_text("Incorrect e-mail or password.")
    expect(page).to_have_url(re.compile(r"/console/login$"))


def test_pages_need_a_session(page: Page) -> None:
    page.goto("/console/queue")
    expect(page).to_have_url(re.compile(r"/console/login$"))


def test_the_console_is_greek_by_default_and_english_on_request(page: Page) -> None:
    page.goto("/console/login")
    expect(page.locator("h1")).to_have_text("Σύνδεση στο Front Desk")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Sign in to Front Desk")


def test_a_new_urgent_case_appears_without_reloading(page: Page, console_server: ConsoleServer) -> None:
    sign_in(page)
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    page.evaluate("window.__loaded = true")
    sender, sid = _citizen()
    assert console_server.post_sms(sender, "Θέλω να αυτοκτονήσω απόψε", sid) == 200
    banner = page.locator(".banner.urgent")
    expect(banner).to_contain_text("urgent", timeout=20_000)
    expect(page.locator(".case.priority-urgent").first).to_be_visible()
    expect(page).to_have_title(re.compile(r"^\(\d+\) Queue"))
    assert page.evaluate("window.__loaded") is True  # the same page: nothing reloaded it


def test_staff_open_a_case_and_their_reply_reaches_the_citizen(
    page: Page, console_server: ConsoleServer
) -> None:
    sender, sid = _citizen()
    assert console_server.post_sms(sender, "Θέλω να αυτοκτονήσω, δεν αντέχω", sid) == 200
    sign_in(page)
    found = search(page, sender.replace("+30", "0030 "))  # the number as a caller would dictate it
    expect(found).to_have_count(1)  # this citizen's case only
    found.click()
    expect(page.get_by_role("heading", name="Messages with the citizen")).to_be_visible()
    page.get_by_role("button", name="Take this case").click()
    expect(page.locator("#assignee")).to_be_visible()
    reply = "Σας ακούμε. Μια κοινωνική λειτουργός σας παίρνει τηλέφωνο τώρα."
    page.get_by_label("Reply to the citizen").fill(reply)
    expect(page.locator("#segments")).to_contain_text("SMS")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".msg.out.staff").last).to_contain_text(reply)
    reached = console_server.wait_for(
        lambda: [item for item in console_server.twilio.accepted if item.to == sender and reply in item.text],
        timeout=90,  # the center's number sends about one SMS a second, after the bot's earlier replies
    )
    assert re.search(r"\(KK-[0-9A-Z]+\)", reached[0].text)  # the reference closes the reply
    assert_accessible(page)


def test_a_case_of_another_center_is_not_found(browser: Browser, console_server: ConsoleServer) -> None:
    sender, sid = _citizen()
    assert console_server.post_sms(sender, "Θέλω να αυτοκτονήσω", sid) == 200
    thira = new_context(browser, console_server)
    palamas = new_context(browser, console_server)
    try:
        page = thira.new_page()
        sign_in(page)
        search(page, sender).click()
        case_path = re.sub(r"^https?://[^/]+", "", page.url)
        other = palamas.new_page()
        sign_in(other, email="staff@palamas.gr")
        response = other.goto(case_path)
        assert response is not None and response.status == 404
        expect(other.get_by_role("heading", name="Not found")).to_be_visible()
        assert "Θέλω" not in other.content()
    finally:
        thira.close()
        palamas.close()


def test_queue_and_login_pages_pass_axe(page: Page) -> None:
    page.goto("/console/login")
    assert_accessible(page)
    sign_in(page)
    assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]  # no script refused by the CSP, no error
