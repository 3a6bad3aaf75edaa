"""Reports: a month's indicators as charts with their tables, a CSV download and a print view (coordinators)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.console.i18n import console_translations
from api.console.labels import CATEGORIES, CHANNELS, N_, PRIORITIES
from api.console.pages.common import console_router
from api.console.session import ConsoleCoordinator
from api.console.templating import language_of, render
from api.deps import RuntimeDep, SessionDep
from storage.centers import get_center, list_areas
from storage.enums import AuditActor, ReferralStatus
from storage.models import Center
from storage.reports import MonthlyReport, monthly_report, report_csv, report_filename

router = console_router()
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REFERRAL_OUTCOMES: dict[str, str] = {
    ReferralStatus.SENT: N_("Sent, no answer yet"),
    ReferralStatus.ACCEPTED: N_("Accepted"),
    ReferralStatus.REJECTED: N_("Rejected"),
    ReferralStatus.DONE: N_("Done"),
}
CANCELLED_BY: dict[str, str] = {
    AuditActor.STAFF: N_("Cancelled by staff"),
    AuditActor.CITIZEN: N_("Cancelled by the citizen"),
    AuditActor.SYSTEM: N_("Cancelled by the system"),
}


@dataclass(frozen=True)
class Chart:
    """One chart and the table that says the same: its rows are (label, value)."""

    id: str
    title: str
    kind: str  # a Chart.js type: bar or doughnut
    rows: list[tuple[str, float | int]]
    unit: str = ""

    @property
    def data(self) -> str:
        """What reports.js draws, as JSON for a data- attribute (no inline script: the CSP forbids it)."""
        return json.dumps(
            {"type": self.kind, "title": self.title, "labels": [label for label, _ in self.rows],
             "values": [value for _, value in self.rows], "unit": self.unit},
            ensure_ascii=False,
        )  # fmt: skip


def current_month(center: Center, now: datetime) -> str:
    """This month in the center's time zone, as YYYY-MM."""
    return now.astimezone(ZoneInfo(center.timezone)).strftime("%Y-%m")


def month_start(month: str) -> date:
    """The first day of a YYYY-MM month."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1)


def shift_month(month: str, by: int) -> str:
    """The month ``by`` months after (or before) ``month``."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _labelled(
    counts: Mapping[str, int], name: Callable[[str], str], order: list[str] | None = None
) -> list[tuple[str, float | int]]:
    """Counts with readable names, in a fixed order when given, else the largest first."""
    keys = [key for key in order if key in counts] if order else sorted(counts, key=lambda key: -counts[key])
    return [(name(key), counts[key]) for key in keys]


def charts(report: MonthlyReport, language: str, area_names: Mapping[str, str]) -> list[Chart]:
    """The report's charts, in the console's language."""
    _ = console_translations(language).gettext
    languages = Locale.parse(language).languages

    def known(labels: Mapping[str, str]) -> Callable[[str], str]:
        return lambda key: _(labels[key]) if key in labels else key

    bookings: list[tuple[str, float | int]] = [
        (_("Booked"), report.appointments_booked),
        (_("Attended"), report.appointments_attended),
        (_("Did not come"), report.appointments_no_show),
    ]
    bookings += _labelled(report.appointments_cancelled_by, known(CANCELLED_BY), list(CANCELLED_BY))
    times: list[tuple[str, float | int]] = []
    if report.response_hours_median is not None:
        times.append((_("Median"), report.response_hours_median))
    if report.response_hours_p90 is not None:
        times.append((_("9 in 10 answered within"), report.response_hours_p90))
    return [
        Chart("category", _("Requests by category"), "bar",
              _labelled(report.requests_by_category, known(CATEGORIES), list(CATEGORIES))),
        Chart("language", _("Requests by language"), "bar",
              _labelled(report.requests_by_language, lambda code: languages.get(code, code))),
        Chart("channel", _("Requests by channel"), "doughnut",
              _labelled(report.requests_by_channel, known(CHANNELS), list(CHANNELS))),
        Chart("priority", _("Requests by priority"), "bar",
              _labelled(report.requests_by_priority, known(PRIORITIES), list(PRIORITIES))),
        Chart("referrals", _("Referrals by outcome"), "bar",
              _labelled(report.referrals_by_outcome, known(REFERRAL_OUTCOMES), list(REFERRAL_OUTCOMES))),
        Chart("agencies", _("Referrals by agency"), "bar",
              _labelled(report.referrals_by_agency, lambda agency: agency)),
        Chart("response", _("Time to the first answer (hours)"), "bar", times, unit="h"),
        Chart("bookings", _("Appointments"), "bar", bookings),
        Chart("people", _("People seen by the mobile unit, per area"), "bar",
              _labelled(report.people_seen_by_area, lambda slug: area_names.get(slug, slug))),
        Chart("visits", _("Mobile-unit visits per area"), "bar",
              _labelled(report.visits_by_area, lambda slug: area_names.get(slug, slug))),
    ]  # fmt: skip


async def _report(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, month: str | None
) -> tuple[Center, MonthlyReport, bool]:
    """The center, its report of the month asked (this month if none or not a month) and whether it was valid."""
    center = await get_center(session, center_id=staff.center_id)
    now = runtime.clock.now()
    valid = month is None or bool(MONTH.match(month))
    chosen = month if month is not None and valid else current_month(center, now)
    report = await monthly_report(
        session, center_id=center.id, month=chosen, timezone=center.timezone, staff=staff, now=now
    )
    return center, report, valid


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator,
    month: str | None = None,
) -> HTMLResponse:  # fmt: skip
    """The month's indicators (reading them is audited, as in the API)."""
    center, report, valid = await _report(runtime, session, staff, month)
    language = language_of(request)
    areas = {
        area.slug: area.name.get(language) or area.name.get("el") or area.slug
        for area in await list_areas(session, center_id=center.id)
    }
    context = {
        "report": report,
        "charts": charts(report, language, areas),
        "month": report.month,
        "month_name": format_date(month_start(report.month), "LLLL y", locale=language),
        "previous": shift_month(report.month, -1),
        "next": shift_month(report.month, 1),
        "this_month": current_month(center, runtime.clock.now()),
        "invalid": not valid,
    }
    return render(request, "reports.html", context)


@router.get("/reports/csv")
async def reports_csv(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, month: str | None = None
) -> Response:
    """The same figures as CSV, as the API gives them."""
    center, report, _valid = await _report(runtime, session, staff, month)
    filename = report_filename(center.slug, report.month)
    return Response(
        report_csv(report), media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )  # fmt: skip
