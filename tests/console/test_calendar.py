"""The calendar in the browser: book, see them on the day, by staff member, attendance, cancel, leave, 404s."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from storage.models import AuditEvent, OutboxMessage
from tests.console.case_seed import first_free_day, seed_past_appointment
from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.server import ConsoleServer


def test_a_caller_is_booked_and_shows_on_the_day(page: Page, console_server: ConsoleServer) -> None:
    day = first_free_day(console_server)
    sign_in(page)
    page.goto(f"/console/calendar?view=day&day={day}&service=social_worker")
    free = page.get_by_label("Free time")
    chosen = free.locator("option").first.text_content() or ""
    page.get_by_label("Phone number").fill("694 555 0101")
    page.get_by_label("Name (optional)").fill("Ελένη Π.")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    booked = page.locator(".appointment", has_text="Ελένη Π.")
    expect(booked).to_contain_text(chosen.split(" ")[0])  # its time
    expect(booked).to_contain_text("+306945550101")
    expect(booked).to_contain_text("Expected")
    receipt = console_server.wait_for(
        lambda: [item for item in console_server.twilio.accepted if item.to == "+306945550101"], timeout=60
    )
    assert receipt  # the caller got the time and address by SMS
    page.goto(f"/console/calendar?view=week&day={day}")
    expect(page.locator(".appointment", has_text="Ελένη Π.")).to_have_count(1)


def test_an_appointment_that_started_is_marked_attended(page: Page, console_server: ConsoleServer) -> None:
    appointment_id, day = seed_past_appointment(console_server, "+306945550202")
    sign_in(page)
    page.goto(f"/console/calendar?view=day&day={day}")
    row = page.locator(".appointment", has_text="+306945550202")
    row.get_by_role("button", name=re.compile("^Came")).click()
    expect(page.get_by_role("status")).to_contain_text("Attendance saved")
    row = page.locator(".appointment", has_text="+306945550202")
    expect(row.locator(".badge")).to_have_text("Came")
    page.goto(f"/console/calendar/appointments/{appointment_id}")
    expect(page.locator(".facts")).to_contain_text("Came")


def test_a_coordinator_adds_leave_and_the_times_go(page: Page, console_server: ConsoleServer) -> None:
    day = first_free_day(console_server, "psychologist")
    sign_in(page, email="coordinator@thira.gr")
    page.goto(f"/console/calendar?view=day&day={day}&service=psychologist")
    expect(page.get_by_label("Free time")).to_be_visible()
    page.get_by_label("Service", exact=True).last.select_option("psychologist")
    page.get_by_label("From").fill(f"{day}T00:00")
    page.get_by_label("Until").fill(f"{day}T23:59")
    page.get_by_role("button", name="Add leave").click()
    expect(page.get_by_role("status")).to_contain_text("Leave saved")
    expect(page.locator(".leave li").first).to_contain_text("Psychologist")
    page.goto(f"/console/calendar?view=day&day={day}&service=psychologist")
    expect(page.get_by_label("Free time")).to_have_count(0)  # nobody left to see people that day
    page.locator(".leave li").first.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_role("status")).to_contain_text("Leave removed")


def test_staff_see_leave_but_cannot_add_it(page: Page) -> None:
    sign_in(page)
    page.goto("/console/calendar")
    expect(page.get_by_role("heading", name="Closures and leave")).to_be_visible()
    expect(page.get_by_role("button", name="Add leave")).to_have_count(0)


def test_another_centers_appointment_is_not_found(browser: Browser, console_server: ConsoleServer) -> None:
    appointment_id, _ = seed_past_appointment(console_server, "+306945550303")
    context = new_context(browser, console_server)
    try:
        page = context.new_page()
        sign_in(page, email="staff@palamas.gr")
        response = page.goto(f"/console/calendar/appointments/{appointment_id}")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        page.goto("/console/calendar")
        expect(page.locator(".appointment", has_text="+306945550303")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_calendar_pages_pass_axe(page: Page, console_server: ConsoleServer, language: str) -> None:
    appointment_id, day = seed_past_appointment(console_server, f"+30694555040{len(language)}")
    sign_in(page, email="coordinator@thira.gr", language=language)
    for path in (
        f"/console/calendar?view=day&day={first_free_day(console_server)}",
        f"/console/calendar?view=day&day={day}",
        f"/console/calendar?view=week&day={day}",
        f"/console/calendar/appointments/{appointment_id}",
    ):
        page.goto(path)
        assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]


def _book(page: Page, day: str, phone: str, name: str, seen_by: str | None = None) -> None:
    """Book a caller from the day view, seen by the signed-in member unless a colleague is chosen."""
    page.goto(f"/console/calendar?view=day&day={day}&service=social_worker")
    page.get_by_label("Phone number").fill(phone)
    page.get_by_label("Name (optional)").fill(name)
    if seen_by:
        page.get_by_label("Seen by").select_option(label=seen_by)
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Booked")


def _show(page: Page, who: str) -> None:
    page.get_by_label("Staff member").select_option(label=who)
    page.get_by_role("button", name="Show", exact=True).click()


def test_the_calendar_filters_by_staff_member(page: Page, console_server: ConsoleServer) -> None:
    day = first_free_day(console_server)
    sign_in(page)
    _book(page, day, "694 555 0501", "Μαρία Mine")
    _book(page, day, "694 555 0502", "Νίκος Theirs", seen_by="Coordinator Thira")
    mine, theirs = (
        page.locator(".appointment", has_text="Mine"),
        page.locator(".appointment", has_text="Theirs"),
    )
    expect(mine).to_contain_text("Seen by: Staff Thira")
    expect(theirs).to_contain_text("Seen by: Coordinator Thira")
    for view in ("day", "week"):
        page.goto(f"/console/calendar?view={view}&day={day}")
        _show(page, "My appointments")
        expect(mine).to_have_count(1)
        expect(theirs).to_have_count(0)
        _show(page, "Coordinator Thira")
        expect(mine).to_have_count(0)
        expect(theirs).to_have_count(1)
        # The filter is kept from one day or week to the next.
        page.get_by_role("link", name=re.compile("^Next")).click()
        expect(page.get_by_label("Staff member")).to_have_value(re.compile(r"^\d+$"))
        page.goto(f"/console/calendar?view={view}&day={day}")
        _show(page, "Everyone")
        expect(mine).to_have_count(1)
        expect(theirs).to_have_count(1)
    # The coordinator sees the same appointment under "Mine".
    page.context.clear_cookies()
    sign_in(page, email="coordinator@thira.gr")
    page.goto(f"/console/calendar?view=day&day={day}&who=mine")
    expect(theirs).to_have_count(1)
    expect(mine).to_have_count(0)


def _outbox(server: ConsoleServer, dedupe_key: str) -> list[str]:
    async def read() -> list[str]:
        async with server.runtime.sessions() as session:
            rows = await session.scalars(
                sa.select(OutboxMessage.body).where(OutboxMessage.dedupe_key.like(f"{dedupe_key}:%"))
            )
            return list(rows.all())

    return server.call(read)


def _audit(server: ConsoleServer, appointment_id: int) -> list[tuple[str, int | None]]:
    async def read() -> list[tuple[str, int | None]]:
        async with server.runtime.sessions() as session:
            rows = await session.execute(
                sa.select(AuditEvent.action, AuditEvent.staff_id)
                .where(AuditEvent.object_type == "appointment", AuditEvent.object_id == str(appointment_id))
                .order_by(AuditEvent.id)
            )
            return [(action, staff_id) for action, staff_id in rows.all()]

    return server.call(read)


def test_an_appointment_is_reassigned_then_cancelled_and_the_citizen_told(
    page: Page, console_server: ConsoleServer
) -> None:
    day = first_free_day(console_server)
    sign_in(page)
    _book(page, day, "694 555 0601", "Άννα Cancel")
    page.locator(".appointment", has_text="Άννα Cancel").get_by_role("link").click()
    appointment_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator(".facts")).to_contain_text("Staff Thira")
    page.get_by_label("Seen by").select_option(label="Coordinator Thira")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.locator(".facts")).to_contain_text("Coordinator Thira")
    # Cancelling asks first; going back changes nothing.
    page.get_by_label("Reason (the citizen reads it)").fill("Η κοινωνική λειτουργός λείπει")
    page.get_by_role("button", name="Cancel the appointment…").click()
    expect(page.get_by_role("heading", name="Check before cancelling")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Η κοινωνική λειτουργός λείπει")
    page.get_by_role("link", name="Go back without changing anything").click()
    expect(page.locator(".facts")).to_contain_text("Expected")
    assert _outbox(console_server, f"appt:{appointment_id}:cancelled") == []
    page.get_by_label("Reason (the citizen reads it)").fill("Η κοινωνική λειτουργός λείπει")
    page.get_by_role("button", name="Cancel the appointment…").click()
    page.get_by_role("button", name="Cancel the appointment and tell them").click()
    expect(page.get_by_role("status")).to_contain_text("Appointment cancelled")
    expect(page.locator(".appointment", has_text="Άννα Cancel").locator(".badge")).to_have_text("Cancelled")
    told = _outbox(console_server, f"appt:{appointment_id}:cancelled")
    assert len(told) == 1 and "Η κοινωνική λειτουργός λείπει" in told[0]
    sms = console_server.wait_for(
        lambda: [item for item in console_server.twilio.accepted if "λείπει" in item.text], timeout=60
    )
    assert sms[0].to == "+306945550601"
    staff_id = _audit(console_server, appointment_id)[0][1]
    assert ("appointment.cancel", staff_id) in _audit(console_server, appointment_id)
    assert ("appointment.assign", staff_id) in _audit(console_server, appointment_id)
    # Once cancelled there is nothing left to cancel; a replayed form is refused and nobody is told twice.
    page.goto(f"/console/calendar/appointments/{appointment_id}")
    expect(page.get_by_role("heading", name="Cancel the appointment")).to_have_count(0)
    response = page.request.post(
        f"/console/calendar/appointments/{appointment_id}/cancel",
        form={"reason": "again", "csrf": _csrf(page)},
        headers={"Origin": console_server.url},
    )
    assert response.ok and "no longer booked" in response.text()
    assert len(_outbox(console_server, f"appt:{appointment_id}:cancelled")) == 1


def _csrf(page: Page) -> str:
    return page.locator("input[name=csrf]").first.get_attribute("value") or ""


def test_another_centers_staff_cannot_cancel_or_reassign(
    browser: Browser, console_server: ConsoleServer
) -> None:
    day = first_free_day(console_server)
    context = new_context(browser, console_server)
    try:
        page = context.new_page()
        sign_in(page)
        _book(page, day, "694 555 0701", "Πέτρος Other")
        page.locator(".appointment", has_text="Πέτρος Other").get_by_role("link").click()
        appointment_id = int(page.url.rsplit("/", 1)[1])
        context.clear_cookies()
        other = page
        sign_in(other, email="staff@palamas.gr")
        other.goto("/console/calendar")
        csrf = _csrf(other)
        for action, form in (("cancel", {"reason": "x"}), ("cancel/check", {"reason": "x"}), ("staff", {})):
            response = other.request.post(
                f"/console/calendar/appointments/{appointment_id}/{action}",
                form={**form, "csrf": csrf},
                headers={"Origin": console_server.url},
            )
            assert response.status == 404, action
    finally:
        context.close()
    assert _outbox(console_server, f"appt:{appointment_id}:cancelled") == []


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_cancel_check_passes_axe(page: Page, console_server: ConsoleServer, language: str) -> None:
    day = first_free_day(console_server)
    sign_in(page, language=language)
    page.goto(f"/console/calendar?view=day&day={day}&service=social_worker&who=mine")
    assert_accessible(page)
    page.locator("#book-phone").fill(f"694 555 08{len(language)}1")
    page.locator("#book-seen-by").select_option(index=1)
    page.locator("form.book button").click()
    page.goto(f"/console/calendar?view=day&day={day}&service=social_worker")
    page.locator(".appointment", has_text=f"+3069455508{len(language)}1").get_by_role("link").click()
    assert_accessible(page)
    page.locator("#cancel-reason").fill("Reason")
    page.locator("form[action$='/cancel/check'] button").click()
    expect(page.locator("input[name=reason]")).to_have_value("Reason")
    assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]
