"""The announcement composer in the browser: areas, Greek and English, the segment estimate, send, progress."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from babel.numbers import format_currency
from playwright.sync_api import Page, expect

from bot.channels.sms.segments import count_segments
from storage.announcements import count_audience
from storage.centers import find_area
from storage.enums import Channel, Language
from tests.console.conftest import assert_accessible, sign_in
from tests.console.mobile_seed import ATHENS, seed_subscribers
from tests.console.server import ConsoleServer

COORDINATOR = "coordinator@thira.gr"
PRICE = Decimal("0.045")  # FRONTDESK_SMS_PRICE_EUR's default
GREEK = "Η κινητή μονάδα έρχεται στη Σίκινο την Τρίτη στις 10:00, στο δημαρχείο. Φέρτε την ταυτότητά σας."
ENGLISH = "The mobile unit comes to Sikinos on Tuesday at 10:00, at the town hall. Bring your ID card."
FRENCH = "L'unité mobile vient à Sikinos mardi à 10h00, à la mairie. Apportez votre carte d'identité."


def audience(server: ConsoleServer, area: str) -> dict[tuple[str, Channel], int]:
    """Subscribers of an area per language and channel, as storage counts them."""

    async def count() -> dict[tuple[str, Channel], int]:
        async with server.runtime.sessions() as session:
            place = await find_area(session, center_id=2, slug=area)
            assert place is not None
            return await count_audience(session, center_id=place.center_id, area_ids=[place.id])

    return server.call(count)


def expected_segments(counts: dict[tuple[str, Channel], int], texts: dict[str, str]) -> int:
    """Every SMS subscriber's segments: their language's text, else the Greek and English together."""
    fallback = f"{texts['el']}\n\n{texts['en']}"
    return sum(
        count * count_segments(texts.get(language, fallback)).segments
        for (language, channel), count in counts.items()
        if channel is Channel.SMS
    )


def test_compose_estimate_send_and_follow(page: Page, console_server: ConsoleServer) -> None:
    subscribers = seed_subscribers(
        console_server, area="sikinos",
        citizens=[(Language.EL, Channel.SMS)] * 3 + [(Language.EN, Channel.SMS)] * 2
        + [(Language.EL, Channel.TELEGRAM), (Language.FR, Channel.SMS)],
    )  # fmt: skip
    counts = audience(console_server, "sikinos")
    sign_in(page, COORDINATOR)
    page.goto("/console/announcements")
    page.get_by_label("Sikinos").check()
    page.get_by_label("Text in Greek").fill(GREEK)
    page.get_by_label("Text in English").fill(ENGLISH)
    texts = {"el": GREEK, "en": ENGLISH}
    total = expected_segments(counts, texts)
    expect(page.locator("[data-total=segments]")).to_have_text(str(total))
    expect(page.locator("[data-total=citizens]")).to_have_text(str(sum(counts.values())))
    cost = format_currency(PRICE * total, "EUR", locale="en")
    expect(page.locator("[data-total=cost]")).to_contain_text(cost)
    greek_sms = page.locator(".version[data-language=el][data-channel=sms]")
    expect(greek_sms).to_have_attribute("data-segments", str(count_segments(GREEK).segments))
    expect(greek_sms.locator(".sms-count")).to_contain_text("UCS-2")
    expect(page.locator(".version[data-language=en][data-channel=sms] .sms-count")).to_contain_text("GSM-7")
    expect(page.locator(".version[data-language=el][data-channel=telegram] .phone-page")).to_contain_text(
        GREEK
    )
    expect(page.locator("tr[data-language=fr] td[data-channel=sms]")).to_have_text(
        str(counts[("fr", Channel.SMS)])
    )
    # French added from the picker: French subscribers now read French, and the estimate follows.
    page.get_by_label("Another language").select_option("fr")
    page.get_by_role("button", name="Add a language").click()
    page.get_by_label("Text in French").fill(FRENCH)
    total = expected_segments(counts, texts | {"fr": FRENCH})
    expect(page.locator("[data-total=segments]")).to_have_text(str(total))
    expect(page.locator(".version[data-language=fr][data-channel=sms] .phone-page")).to_contain_text(FRENCH)
    assert_accessible(page)
    page.get_by_role("button", name="Send the announcement").click()
    expect(page).to_have_url(re.compile(r"/console/announcements/\d+$"))
    expect(page.get_by_role("heading", name="Delivery")).to_be_visible()
    english = next(item.address for item in subscribers if item.channel is Channel.SMS and item.address)
    expect(page.locator("[data-count=queued]")).to_have_text("0", timeout=60_000)  # polled, no reload
    sent = int(page.locator("[data-count=sent]").inner_text()) + int(
        page.locator("[data-count=delivered]").inner_text()
    )
    assert sent >= len(subscribers)
    numbers = {item.address for item in subscribers if item.channel is Channel.SMS}
    reached = [item for item in console_server.twilio.accepted if item.to in numbers]
    assert {item.to for item in reached} == numbers
    assert any(FRENCH in item.text for item in reached) and any(ENGLISH in item.text for item in reached)
    assert english in numbers
    assert_accessible(page)
    page.goto("/console/announcements")
    expect(page.locator(".past li").first).to_contain_text("Sikinos")


def test_greek_text_is_required(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.goto("/console/announcements")
    page.get_by_label("Anafi").check()
    page.locator("#text-el").evaluate("box => box.removeAttribute('required')")
    page.get_by_label("Text in English").fill(ENGLISH)
    page.get_by_role("button", name="Send the announcement").click()
    expect(page.get_by_role("alert")).to_have_text("The Greek text is required.")
    expect(page.get_by_label("Text in English")).to_have_value(ENGLISH)


def test_schedule_for_later(page: Page, console_server: ConsoleServer) -> None:
    later = console_server.runtime.clock.now().astimezone(ATHENS) + timedelta(days=10)
    sign_in(page, COORDINATOR)
    page.goto("/console/announcements")
    page.get_by_label("Folegandros").check()
    page.get_by_label("Text in Greek").fill("Δοκιμή προγραμματισμένης ανακοίνωσης.")
    page.get_by_label("Schedule for").check()
    page.get_by_label("Day and time to send it").fill(later.strftime("%Y-%m-%dT09:00"))
    page.get_by_role("button", name="Send the announcement").click()
    expect(page.locator("[data-status]")).to_have_text("Scheduled")
    expect(page.locator("#progress")).to_contain_text(later.strftime("%-m/%-d/%y"))


def test_staff_cannot_reach_the_composer(page: Page) -> None:
    sign_in(page, "staff@thira.gr")
    expect(page.get_by_role("link", name="Announcements")).to_have_count(0)
    response = page.goto("/console/announcements")
    assert response is not None and response.status == 403


def test_composer_passes_axe_in_greek_and_english(page: Page, console_server: ConsoleServer) -> None:
    seed_subscribers(
        console_server, area="ios", citizens=[(Language.AR, Channel.TELEGRAM), (Language.EL, Channel.SMS)]
    )
    for language in ("el", "en"):
        sign_in(page, COORDINATOR, language)
        page.goto("/console/announcements")
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.locator("#area-ios").check()
        page.locator("#text-el").fill("Η κινητή μονάδα έρχεται αύριο.")
        expect(page.locator(".version[data-language=el]")).to_have_count(2)
        assert_accessible(page)
        page.locator("#send-button").click()
        expect(page).to_have_url(re.compile(r"/console/announcements/\d+$"))
        assert_accessible(page)
        page.context.clear_cookies()
    assert not page.problems  # type: ignore[attr-defined]
