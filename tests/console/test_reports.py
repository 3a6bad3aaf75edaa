"""Reports in the browser: the figures of a seeded month, charts drawn, the CSV, print view, coordinators only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from storage.centers import get_center_by_slug
from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.server import ConsoleServer
from tests.test_reports import THIRA, build_march

MONTH = "2027-03"


@pytest.fixture(scope="module")
def march(console_server: ConsoleServer) -> str:
    """The hand-built March of tests/test_reports.py, seeded once into the console's database."""

    async def seed() -> None:
        async with console_server.runtime.sessions.begin() as session:
            center = await get_center_by_slug(session, slug="thira")
            assert center is not None and center.id == THIRA
            await build_march(session)

    console_server.call(seed)
    return MONTH


def table_rows(page: Page, chart: str) -> dict[str, str]:
    """The data table of one chart, as {label: value}."""
    rows = page.locator(f"#chart-{chart} tbody tr")
    return {
        rows.nth(index).locator("th").inner_text(): rows.nth(index).locator("td").inner_text()
        for index in range(rows.count())
    }


def test_reports_show_the_seeded_month(page: Page, march: str) -> None:
    sign_in(page, "coordinator@thira.gr")
    page.goto(f"/console/reports?month={march}")
    expect(page.get_by_role("heading", name="Reports: March 2027")).to_be_visible()
    figures = {"citizens_served": "4", "citizens_new": "3", "citizens_returning": "1", "requests_total": "6",
               "home_visit_requests": "1", "appointments_booked": "4", "appointments_no_show": "1",
               "visits_held": "3", "visits_cancelled": "1", "response_hours_median": "3.0 h"}  # fmt: skip
    for name, value in figures.items():
        expect(page.locator(f"[data-figure={name}]")).to_have_text(value)
    assert table_rows(page, "category") == {
        "Food aid": "2", "Housing": "1", "Disability and elderly care": "1", "Violence": "1", "Other": "1",
    }  # fmt: skip
    assert table_rows(page, "language") == {"Greek": "3", "English": "2", "Arabic": "1"}
    assert table_rows(page, "referrals") == {"Sent, no answer yet": "1", "Rejected": "1", "Done": "1"}
    assert table_rows(page, "response") == {"Median": "3.0", "9 in 10 answered within": "8.2"}
    assert table_rows(page, "bookings") == {
        "Booked": "4", "Attended": "2", "Did not come": "1", "Cancelled by staff": "2",
        "Cancelled by the citizen": "1",
    }  # fmt: skip
    assert table_rows(page, "people") == {"Ios": "2", "Anafi": "1"}
    # Every chart with figures is drawn by Chart.js from its data attribute, with nothing refused by the CSP.
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == page.locator(".chart-card table").count() >= 8
    expect(page.locator("figure.chart.drawn")).to_have_count(canvases.count())
    assert page.evaluate("[...document.querySelectorAll('canvas')].every(c => c.width > 0 && c.chart)")
    assert not page.problems  # type: ignore[attr-defined]


def test_the_csv_download_has_the_same_figures(page: Page, march: str, tmp_path: Path) -> None:
    sign_in(page, "coordinator@thira.gr")
    page.goto(f"/console/reports?month={march}")
    with page.expect_download() as started:
        page.get_by_role("link", name="Download CSV").click()
    download = started.value
    assert download.suggested_filename == f"thira-{march}.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["indicator", "key", "value"]
    for row in (["citizens_served", "", "4"], ["requests_by_category", "food_aid", "2"],
                ["requests_by_language", "ar", "1"], ["referrals_by_outcome", "done", "1"],
                ["appointments_no_show", "", "1"], ["people_seen_by_area", "ios", "2"],
                ["response_hours_p90", "", "8.2"]):  # fmt: skip
        assert row in rows


def test_the_print_view_leaves_out_the_controls(page: Page, march: str) -> None:
    sign_in(page, "coordinator@thira.gr")
    page.goto(f"/console/reports?month={march}")
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".month-picker")).to_be_hidden()
    expect(page.locator("#chart-category table")).to_be_visible()
    expect(page.locator("#chart-category canvas")).to_be_visible()


def test_a_month_with_nothing_and_a_wrong_month(page: Page) -> None:
    sign_in(page, "coordinator@thira.gr")
    page.goto("/console/reports?month=2020-01")
    expect(page.locator("[data-figure=requests_total]")).to_have_text("0")
    expect(page.locator("#chart-category .empty")).to_be_visible()
    page.goto("/console/reports?month=2020-13")
    expect(page.get_by_role("alert")).to_contain_text("not a month")
    page.goto("/console/reports")
    page.get_by_label("Month", exact=True).fill("2020-02")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Reports: February 2020")).to_be_visible()


def test_staff_cannot_see_reports(browser: Browser, console_server: ConsoleServer) -> None:
    context = new_context(browser, console_server)
    try:
        page = context.new_page()
        sign_in(page, "staff@thira.gr")
        expect(page.get_by_role("link", name="Reports")).to_have_count(0)
        for path in ("/console/reports", f"/console/reports/csv?month={MONTH}"):
            response = page.request.get(path)
            assert response.status == 403, path
    finally:
        context.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_reports_pass_axe(page: Page, march: str, language: str) -> None:
    sign_in(page, "coordinator@thira.gr", language)
    page.goto(f"/console/reports?month={march}")
    expect(page.locator("figure.chart.drawn").first).to_be_visible()
    assert_accessible(page)
