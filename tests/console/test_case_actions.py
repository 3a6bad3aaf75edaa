"""Case actions in the browser: open an attachment, record consent, refer and print the slip, book or offer times."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from storage.enums import Channel, Language
from storage.models import Case, ChannelIdentity
from tests.console.case_seed import PHOTO, seed_case
from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.server import ConsoleServer


def test_an_attachment_opens_in_the_browser(page: Page, console_server: ConsoleServer) -> None:
    console_server.telegram.files["CONSOLE-PHOTO-1"] = PHOTO
    case = seed_case(console_server, channel=Channel.TELEGRAM, photo="CONSOLE-PHOTO-1")
    sign_in(page)
    page.goto(f"/console/cases/{case.id}")
    link = page.get_by_role("link", name="roof.png")
    expect(link).to_be_visible()
    response = page.request.get(str(link.get_attribute("href")))
    assert response.status == 200 and response.body() == PHOTO
    assert response.headers["content-type"] == "image/png"  # a photo is shown, not downloaded
    assert response.headers["content-disposition"] == "inline"


def test_consent_then_a_referral_told_to_the_citizen_and_its_slip(
    page: Page, console_server: ConsoleServer
) -> None:
    case = seed_case(console_server, language=Language.UK)
    sign_in(page)
    page.goto(f"/console/cases/{case.id}")
    expect(page.get_by_label("Refer to")).to_have_count(0)  # no referral without consent
    page.get_by_label("By phone").check()
    page.get_by_label("Note (optional)").fill("Agreed on the phone with her daughter present")
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".facts")).to_contain_text("yes (By phone)")
    page.get_by_label("Refer to").select_option("dypa")
    page.get_by_label("Reason for the referral").fill("Looking for work after the hotel season")
    page.get_by_label("Next step").select_option("go_to_them")
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.locator(".referrals")).to_contain_text("DYPA (Public Employment Service)")
    expect(page.locator(".msg.out.staff").last).to_contain_text(case.reference)  # the citizen was told
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Printable slip")).click()
    expect(page.locator("h1")).to_contain_text(case.reference)
    expect(page.locator("section[lang=uk]")).to_contain_text("ΔΥΠΑ")
    expect(page.locator("section[lang=el]").first).to_contain_text("ΔΥΠΑ")
    expect(page.locator(".slip-shared")).to_contain_text("Looking for work after the hotel season")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]


def test_a_time_offered_from_the_case_is_booked_for_the_citizen(
    page: Page, console_server: ConsoleServer
) -> None:
    case = seed_case(console_server)
    sign_in(page)
    page.goto(f"/console/cases/{case.id}")
    page.get_by_role("link", name="Offer a time and book it for the citizen").click()
    expect(page.get_by_role("heading", name=re.compile("Book an appointment"))).to_be_visible()
    assert_accessible(page)
    page.locator(".times button").first.click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    expect(page.locator("#upcoming-h + ul li")).to_have_count(1)


def test_another_centers_slip_and_attachment_are_not_found(
    browser: Browser, console_server: ConsoleServer
) -> None:
    console_server.telegram.files["CONSOLE-PHOTO-2"] = PHOTO
    case = seed_case(console_server, channel=Channel.TELEGRAM, photo="CONSOLE-PHOTO-2")
    thira, palamas = new_context(browser, console_server), new_context(browser, console_server)
    try:
        page = thira.new_page()
        sign_in(page)
        page.goto(f"/console/cases/{case.id}")
        page.get_by_label("In person").check()
        page.get_by_role("button", name="Record consent").click()
        page.get_by_label("Reason for the referral").fill("Legal advice on the lease")
        page.get_by_label("Tell the citizen now, in their language").uncheck()
        page.get_by_role("button", name="Refer", exact=True).click()
        slip = page.get_by_role("link", name=re.compile("Printable slip")).get_attribute("href")
        other = palamas.new_page()
        sign_in(other, email="staff@palamas.gr")
        for path in (str(slip), f"/console/cases/{case.id}/attachments/{case.attachment_id}"):
            response = other.goto(path)
            assert response is not None and response.status == 404, path
            expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    finally:
        thira.close()
        palamas.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_case_action_pages_pass_axe(page: Page, console_server: ConsoleServer, language: str) -> None:
    case = seed_case(console_server, language=Language.AR)
    sign_in(page, language=language)
    page.goto(f"/console/cases/{case.id}")
    assert_accessible(page)
    page.goto(f"/console/cases/{case.id}/appointment")
    assert_accessible(page)
    page.goto(f"/console/cases/{case.id}")
    page.locator("input[name=how][value=phone]").check()
    page.locator("#referrals form button").first.click()
    page.locator("#referral-reason").fill("Μακροχρόνια ανεργία")
    page.locator("input[name=tell]").uncheck()
    page.locator("#referrals form button").last.click()
    page.locator(".referrals a").first.click()
    expect(page.locator("section[lang=ar]")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]


def test_two_times_ticked_are_offered_and_the_citizens_number_books_one(
    page: Page, console_server: ConsoleServer
) -> None:
    case = seed_case(console_server)
    sign_in(page)
    page.goto(f"/console/cases/{case.id}/appointment")
    expect(page.get_by_role("heading", name="Offer times to the citizen")).to_be_visible()
    ticks = page.locator(".offer-pick input")
    for number in range(3):
        ticks.nth(number).check()
    expect(ticks.nth(3)).to_be_disabled()  # three at most
    ticks.nth(2).uncheck()
    expect(ticks.nth(3)).to_be_enabled()
    second = str(ticks.nth(1).get_attribute("value"))
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_role("status")).to_contain_text("Offer sent: 2 times")
    assert_accessible(page)
    sender = console_server.call(lambda: _address_of(console_server, case.id))
    offer = console_server.wait_for(
        lambda: [
            item
            for item in console_server.twilio.accepted
            if item.to == sender and "Choose a time" in item.text
        ]
    )
    assert offer[0].text.count("\n") == 2  # the line, then the two times numbered
    assert console_server.post_sms(sender, "2", f"SMOFFER{case.id:08d}") == 200
    console_server.wait_for(
        lambda: [
            item for item in console_server.twilio.accepted if item.to == sender and "Booked" in item.text
        ],
        timeout=90,  # the first answer of the server waits for the understanding models to load
    )
    page.goto(f"/console/cases/{case.id}/appointment")
    expect(page.locator("#upcoming-h + ul li")).to_have_count(1)
    booked = datetime.fromisoformat(second).astimezone(ZoneInfo("Europe/Athens")).strftime("%H:%M")
    expect(page.locator("#upcoming-h + ul li")).to_contain_text(booked)
    page.goto(f"/console/cases/{case.id}")
    expect(page.locator(".msg.out").last).to_contain_text("Booked")  # the receipt is in the thread


async def _address_of(server: ConsoleServer, case_id: int) -> str:
    async with server.runtime.sessions() as session:
        case = await session.get_one(Case, case_id)
        identity = await session.get_one(ChannelIdentity, case.identity_id)
        return identity.address
