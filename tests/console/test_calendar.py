"""The calendar in the browser: book a caller, see them on the day, attendance, leave, other centers 404."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

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
