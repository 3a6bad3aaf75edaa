"""The mobile-unit planner in the browser: cancel and move visits with bookings after a preview, schedule one."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from bot.channels.sms.segments import count_segments
from storage.enums import Channel, Language
from storage.models import MobileVisit, OutboxMessage
from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.mobile_seed import seed_visit
from tests.console.server import ConsoleServer

COORDINATOR = "coordinator@thira.gr"


def outbox(server: ConsoleServer, prefix: str) -> list[tuple[str, str, str]]:
    """(channel, address, body) of the outbox rows whose dedupe key starts with ``prefix``."""

    async def read() -> list[tuple[str, str, str]]:
        async with server.runtime.sessions() as session:
            rows = await session.execute(
                sa.select(OutboxMessage.channel, OutboxMessage.to_address, OutboxMessage.body).where(
                    OutboxMessage.dedupe_key.like(f"{prefix}%")
                )
            )
            return [(channel.value, address, body) for channel, address, body in rows.all()]

    return server.call(read)


def visit_status(server: ConsoleServer, visit_id: int) -> str:
    async def read() -> str:
        async with server.runtime.sessions() as session:
            return (await session.get_one(MobileVisit, visit_id)).status.value

    return server.call(read)


def test_cancel_a_visit_with_bookings_after_the_preview(page: Page, console_server: ConsoleServer) -> None:
    citizens = [(Language.EL, Channel.SMS), (Language.EL, Channel.SMS), (Language.EN, Channel.TELEGRAM)]
    visit_id, seeded = seed_visit(console_server, area="anafi", days_ahead=5, citizens=citizens)
    sign_in(page, COORDINATOR)
    page.goto(f"/console/visits/{visit_id}")
    expect(page.locator("tr.booking")).to_have_count(3)
    reason = "The boat does not sail"
    page.get_by_label("Reason, as the citizens will read it").fill(reason)
    page.get_by_role("button", name="Preview the cancellation").click()
    expect(page.get_by_role("heading", name="Check before cancelling")).to_be_visible()
    expect(page.locator(".summary-line")).to_contain_text("3 booked citizens will get this message.")
    expect(page.locator("[data-total=messages]")).to_have_text("3")
    greek = page.locator(".version[data-language=el][data-channel=sms] .phone-page p")
    english = page.locator(".version[data-language=en][data-channel=telegram] .phone-page p")
    expect(greek).to_contain_text(reason)
    expect(greek).to_contain_text("Ανάφη")
    expect(english).to_contain_text(f"is cancelled: {reason}")
    segments = count_segments(greek.inner_text()).segments
    expect(page.locator("[data-total=segments]")).to_have_text(str(2 * segments))
    assert visit_status(console_server, visit_id) == "scheduled"  # a preview changes nothing
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the visit and tell them").click()
    expect(page.locator("[data-told]")).to_have_text("3 messages queued for the booked citizens.")
    assert visit_status(console_server, visit_id) == "cancelled"
    queued = outbox(console_server, f"visit:{visit_id}:cancelled:")
    assert sorted(address for _, address, _ in queued) == sorted(item.address for item in seeded)
    assert all(reason in body for _, _, body in queued)
    chat = next(item.address for item in seeded if item.channel is Channel.TELEGRAM)
    console_server.wait_for(
        lambda: [d for d in console_server.telegram.accepted if str(d.to) == chat and reason in d.text],
        timeout=30,
    )
    expect(page.locator("tr.booking")).to_have_count(3)
    expect(page.locator("tr.booking.cancelled")).to_have_count(3)


def test_move_a_visit_and_its_citizen_is_told(page: Page, console_server: ConsoleServer) -> None:
    visit_id, seeded = seed_visit(
        console_server, area="ios", days_ahead=6, citizens=[(Language.EN, Channel.SMS)]
    )
    sign_in(page, COORDINATOR)
    page.goto(f"/console/visits/{visit_id}")
    page.get_by_label("From").fill("11:00")
    page.get_by_label("Until").fill("14:30")
    page.get_by_role("button", name="Preview the move").click()
    expect(page.get_by_role("heading", name="Check before moving")).to_be_visible()
    expect(page.locator(".summary-line")).to_contain_text("1 booked citizen will get this message.")
    message = page.locator(".version[data-language=en][data-channel=sms] .phone-page p")
    expect(message).to_contain_text("is moved to")
    expect(message).to_contain_text("11:00")
    page.get_by_role("button", name="Move the visit and tell them").click()
    expect(page.locator(".banner.done")).to_contain_text("The visit is moved.")
    expect(page.locator("[data-told]")).to_have_text("1 message queued for the booked citizens.")
    expect(page.locator(".facts")).to_contain_text("11:00–14:30")
    queued = outbox(console_server, f"visit:{visit_id}:moved:")
    assert [(channel, address) for channel, address, _ in queued] == [("sms", seeded[0].address)]


def test_schedule_a_visit_from_the_planner(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.goto("/console/visits?area=sikinos")
    page.get_by_label("Day").fill("2031-03-12")
    page.get_by_label("From").fill("09:30")
    page.get_by_label("Until").fill("12:00")
    page.get_by_label("Places").fill("8")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check the new visit")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("09:30–12:00")
    page.get_by_role("button", name="Schedule the visit").click()
    expect(page.locator(".banner.done")).to_contain_text("The visit is scheduled.")
    page.goto("/console/visits?area=sikinos&view=month&start=2031-03-01")
    expect(page.locator(".visit a")).to_contain_text("09:30–12:00")


def test_bad_times_are_refused_with_a_message(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.goto("/console/visits")
    page.get_by_label("From").fill("13:00")
    page.get_by_label("Until").fill("10:00")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("must end after it starts")


def test_another_centers_visit_is_not_found(browser: Browser, console_server: ConsoleServer) -> None:
    visit_id, _ = seed_visit(
        console_server, area="anafi", days_ahead=7, citizens=[(Language.EL, Channel.SMS)]
    )
    context = new_context(browser, console_server)
    try:
        page = context.new_page()
        sign_in(page, "staff@palamas.gr")
        response = page.goto(f"/console/visits/{visit_id}")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    finally:
        context.close()


def test_staff_see_visits_but_cannot_change_them(page: Page, console_server: ConsoleServer) -> None:
    visit_id, _ = seed_visit(console_server, area="ios", days_ahead=8, citizens=[])
    sign_in(page, "staff@thira.gr")
    page.goto(f"/console/visits/{visit_id}")
    expect(page.get_by_role("heading", name="Bookings")).to_be_visible()
    expect(page.get_by_role("button", name="Preview the cancellation")).to_have_count(0)
    response = page.request.post(
        f"/console/visits/{visit_id}/cancel/preview", form={"reason": "x"},
        headers={"Origin": console_server.url},
    )  # fmt: skip
    assert response.status == 403


def test_planner_pages_pass_axe_in_greek_and_english(page: Page, console_server: ConsoleServer) -> None:
    visit_id, _ = seed_visit(
        console_server, area="folegandros", days_ahead=2,
        citizens=[(Language.EL, Channel.SMS), (Language.AR, Channel.TELEGRAM)],
    )  # fmt: skip
    for language in ("el", "en"):
        sign_in(page, COORDINATOR, language)
        page.goto("/console/visits?view=month")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        page.goto(f"/console/visits/{visit_id}")
        assert_accessible(page)
        page.locator("#move-start").fill("12:00")
        page.locator("#move-end").fill("15:00")
        page.locator("#move button").click()
        expect(page.locator(".version")).to_have_count(2)
        assert_accessible(page)
        page.context.clear_cookies()
    assert not page.problems  # type: ignore[attr-defined]
    assert re.search(r"/console/visits/\d+/move/preview$", page.url)
