"""Try the bot: staff chat as a citizen on SMS or Telegram rendering, and nothing reaches real citizens' data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from storage.models import Case, ChannelIdentity, InboundMessage, OutboxMessage
from tests.console.conftest import assert_accessible, sign_in
from tests.console.server import ConsoleServer


def real_counts(console_server: ConsoleServer) -> tuple[int, ...]:
    """How many cases, identities, inbound messages and messages to citizens the center's real database holds.

    On-duty alerts (no citizen's identity) do not count: the center's own alerts job sends them, whenever its
    tick falls, about urgent cases that earlier tests opened in the real database.
    """

    async def count() -> tuple[int, ...]:
        async with console_server.runtime.sessions() as session:
            counts = []
            for model in (Case, ChannelIdentity, InboundMessage):
                counts.append(int(await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0))
            to_citizens = sa.select(sa.func.count()).where(OutboxMessage.identity_id.is_not(None))
            counts.append(int(await session.scalar(to_citizens) or 0))
            return tuple(counts)

    return console_server.call(count)


def start_trial(page: Page, channel: str, language: str) -> None:
    """Open the trial page and start a conversation."""
    page.goto("/console/try")
    page.get_by_label(channel).check()
    page.get_by_label("The citizen's language").select_option(language)
    page.get_by_role("button", name="Start a trial").click()
    expect(page.get_by_role("button", name="End the trial")).to_be_visible()


def write(page: Page, text: str) -> None:
    """Write one message as the citizen."""
    page.get_by_label("Write as the citizen").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def test_greek_on_sms_gets_the_menu_with_numbers_and_sms_counts(
    page: Page, console_server: ConsoleServer
) -> None:
    before = real_counts(console_server)
    sign_in(page, "staff@thira.gr")
    start_trial(page, "SMS (choices as numbers, SMS count per message)", "el")
    expect(page.locator(".banner.trial")).to_contain_text("Trial.")
    write(page, "Γεια σας")
    bot = page.locator(".msg.out")
    expect(bot.last).to_contain_text("1 Πληροφορίες")
    expect(bot.last.locator(".segments")).to_contain_text("SMS · UCS-2")
    expect(page.locator(".tg-press")).to_have_count(0)  # SMS has no buttons
    write(page, "1")
    expect(bot.last).to_contain_text("Ωράριο λειτουργίας")
    expect(page.locator(".msg.in").last).to_have_text("You, as the citizen 1")
    assert real_counts(console_server) == before
    assert not page.problems  # type: ignore[attr-defined]


def test_english_on_telegram_shows_buttons_and_an_urgent_case_stays_in_the_trial(
    page: Page, console_server: ConsoleServer
) -> None:
    before = real_counts(console_server)
    sign_in(page, "staff@thira.gr")
    start_trial(page, "Telegram (choices as buttons)", "en")
    write(page, "hello")
    press = page.locator(".tg-press")
    expect(press.get_by_role("button", name="Information")).to_be_visible()
    expect(page.locator(".msg.out .segments")).to_have_count(0)  # Telegram costs no SMS
    press.get_by_role("button", name="Information").click()
    expect(page.locator(".msg.in").last).to_contain_text("Information")
    expect(page.locator(".msg.out").last).to_contain_text("What would you like to know?")
    expect(press.get_by_role("button", name="Opening hours")).to_be_visible()
    write(page, "I want to kill myself tonight")
    expect(page.locator(".msg.out").nth(-2)).to_contain_text("Please call now")
    expect(page.locator(".trial-cases")).to_contain_text("Urgent")  # opened in the trial's own database
    assert real_counts(console_server) == before  # no case, message or citizen in the center's tables
    page.get_by_role("button", name="End the trial").click()
    expect(page.get_by_role("button", name="Start a trial")).to_be_visible()


def test_an_ended_trial_cannot_be_reopened(page: Page) -> None:
    sign_in(page, "staff@thira.gr")
    start_trial(page, "Telegram (choices as buttons)", "en")
    address = page.url
    page.get_by_role("button", name="End the trial").click()
    page.goto(address)
    expect(page.get_by_role("alert")).to_contain_text("That trial has ended")


@pytest.mark.parametrize("language", ["el", "en"])
def test_try_pages_pass_axe(page: Page, language: str) -> None:
    sign_in(page, "staff@thira.gr", language)
    page.goto("/console/try")
    assert_accessible(page)
    page.locator("input[name=channel][value=telegram]").check()
    page.locator("form[action='/console/try'] button").click()
    page.locator("#trial-text").fill("hello")
    page.locator("#trial-text").press("Enter")
    expect(page.locator(".tg-press button").first).to_be_visible()
    assert_accessible(page)
