"""The monthly indicators a Community Center reports, each counted from the database."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, BookingStatus, CaseSource, OutboxStatus, VisitStatus
from storage.models import (
    Appointment,
    AppointmentSlot,
    Area,
    Case,
    ChannelIdentity,
    Citizen,
    InboundMessage,
    MobileVisit,
    OutboxMessage,
    Referral,
    Staff,
    VisitBooking,
)

# Replies that never reached the citizen are no answer.
NOT_DELIVERED = (OutboxStatus.FAILED, OutboxStatus.UNDELIVERED, OutboxStatus.CANCELLED)


@dataclass
class MonthlyReport:
    """One month of one center; counts by key, times in hours."""

    month: str
    citizens_served: int = 0
    citizens_new: int = 0
    citizens_returning: int = 0
    requests_total: int = 0
    requests_by_category: dict[str, int] = field(default_factory=dict)
    requests_by_priority: dict[str, int] = field(default_factory=dict)
    requests_by_language: dict[str, int] = field(default_factory=dict)
    requests_by_channel: dict[str, int] = field(default_factory=dict)
    referrals_by_agency: dict[str, int] = field(default_factory=dict)
    referrals_by_outcome: dict[str, int] = field(default_factory=dict)
    appointments_booked: int = 0
    appointments_attended: int = 0
    appointments_no_show: int = 0
    appointments_cancelled_by: dict[str, int] = field(default_factory=dict)
    visits_held: int = 0
    visits_cancelled: int = 0
    visits_by_area: dict[str, int] = field(default_factory=dict)
    visits_cancelled_by_area: dict[str, int] = field(default_factory=dict)
    people_seen_by_area: dict[str, int] = field(default_factory=dict)
    home_visit_requests: int = 0
    response_hours_median: float | None = None
    response_hours_p90: float | None = None

    def rows(self) -> list[tuple[str, str, str]]:
        """(indicator, key, value) rows for CSV."""
        result: list[tuple[str, str, str]] = []
        for name, value in vars(self).items():
            if name == "month":
                continue
            if isinstance(value, dict):
                result += [(name, key, str(count)) for key, count in sorted(value.items())]
            else:
                result.append((name, "", "" if value is None else str(value)))
        return result


def report_csv(report: MonthlyReport) -> str:
    """The report as CSV, one (indicator, key, value) row each: what the API and the console download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["indicator", "key", "value"])
    writer.writerows(report.rows())
    return buffer.getvalue()


def report_filename(center_slug: str, month: str) -> str:
    """The CSV file's name: the center and the month."""
    return f"{center_slug}-{month}.csv"


def month_bounds(month: str, timezone: str) -> tuple[datetime, datetime]:
    """The first instant of a month and of the next, in UTC, for a month in the center's time zone."""
    year, number = (int(part) for part in month.split("-"))
    if not 1 <= number <= 12:
        raise ValueError("month must be YYYY-MM")
    zone = ZoneInfo(timezone)
    start = datetime.combine(date(year, number, 1), datetime.min.time(), zone)
    end = datetime.combine(date(year + number // 12, number % 12 + 1, 1), datetime.min.time(), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


async def _grouped(session: AsyncSession, column: Any, *where: sa.ColumnElement[bool]) -> dict[str, int]:
    rows = await session.execute(sa.select(column, sa.func.count()).where(*where).group_by(column))
    return {str(getattr(key, "value", key)): int(count) for key, count in rows.all()}


async def monthly_report(
    session: AsyncSession, *, center_id: int, month: str, timezone: str, staff: Staff, now: datetime
) -> MonthlyReport:
    """Every indicator of one month at one center, read by a staff member (audited)."""
    start, end = month_bounds(month, timezone)
    report = MonthlyReport(month)
    served = (
        sa.select(ChannelIdentity.citizen_id)
        .join(InboundMessage, InboundMessage.identity_id == ChannelIdentity.id)
        .where(
            InboundMessage.center_id == center_id,
            InboundMessage.received_at >= start,
            InboundMessage.received_at < end,
        )
        .union(
            sa.select(Case.citizen_id).where(
                Case.center_id == center_id, Case.created_at >= start, Case.created_at < end
            )
        )
        .subquery()
    )
    citizens = (
        (await session.execute(sa.select(Citizen.created_at).where(Citizen.id.in_(sa.select(served.c[0])))))
        .scalars()
        .all()
    )
    report.citizens_served = len(citizens)
    report.citizens_new = sum(1 for created in citizens if start <= created < end)
    report.citizens_returning = report.citizens_served - report.citizens_new
    in_month = (Case.center_id == center_id, Case.created_at >= start, Case.created_at < end)
    report.requests_by_category = await _grouped(session, Case.category, *in_month)
    report.requests_by_priority = await _grouped(session, Case.priority, *in_month)
    report.requests_by_language = await _grouped(session, Case.language, *in_month)
    report.requests_by_channel = await _grouped(session, Case.channel, *in_month)
    report.requests_total = sum(report.requests_by_category.values())
    referred = (Referral.center_id == center_id, Referral.created_at >= start, Referral.created_at < end)
    report.referrals_by_agency = await _grouped(session, Referral.agency, *referred)
    report.referrals_by_outcome = await _grouped(session, Referral.status, *referred)
    await _bookings(session, report, center_id, start, end)
    await _visits(session, report, center_id, start, end, now)
    report.home_visit_requests = sum(
        (await _grouped(session, Case.source, *in_month, Case.source == CaseSource.HOME_VISIT)).values()
    )
    await _response_times(session, report, in_month)
    await record_audit(
        session, center_id=center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="report.monthly",
        object_type="report", object_id=month, now=now,
    )  # fmt: skip
    return report


async def _bookings(
    session: AsyncSession, report: MonthlyReport, center_id: int, start: datetime, end: datetime
) -> None:
    appointments = await _grouped(
        session,
        Appointment.status,
        Appointment.center_id == center_id,
        Appointment.slot_id.in_(
            sa.select(AppointmentSlot.id).where(
                AppointmentSlot.starts_at >= start, AppointmentSlot.starts_at < end
            )
        ),
    )
    report.appointments_attended = appointments.get(BookingStatus.ATTENDED.value, 0)
    report.appointments_no_show = appointments.get(BookingStatus.NO_SHOW.value, 0)
    report.appointments_booked = (
        report.appointments_attended
        + report.appointments_no_show
        + appointments.get(BookingStatus.BOOKED.value, 0)
    )
    report.appointments_cancelled_by = await _grouped(
        session,
        sa.func.coalesce(Appointment.cancelled_by, AuditActor.SYSTEM.value),
        Appointment.center_id == center_id,
        Appointment.status == BookingStatus.CANCELLED,
        Appointment.slot_id.in_(
            sa.select(AppointmentSlot.id).where(
                AppointmentSlot.starts_at >= start, AppointmentSlot.starts_at < end
            )
        ),
    )


async def _visits(
    session: AsyncSession,
    report: MonthlyReport,
    center_id: int,
    start: datetime,
    end: datetime,
    now: datetime,
) -> None:
    """Visits held (done, or scheduled and over), cancelled, and people seen, per area."""
    in_month = (
        MobileVisit.center_id == center_id,
        MobileVisit.starts_at >= start,
        MobileVisit.starts_at < end,
        Area.id == MobileVisit.area_id,
    )
    cancelled = MobileVisit.status == VisitStatus.CANCELLED
    report.visits_by_area = await _grouped(session, Area.slug, *in_month, ~cancelled)
    report.visits_cancelled_by_area = await _grouped(session, Area.slug, *in_month, cancelled)
    report.visits_cancelled = sum(report.visits_cancelled_by_area.values())
    held = sa.or_(
        MobileVisit.status == VisitStatus.DONE,
        sa.and_(MobileVisit.status == VisitStatus.SCHEDULED, MobileVisit.ends_at <= now),
    )
    report.visits_held = sum((await _grouped(session, Area.slug, *in_month, held)).values())
    report.people_seen_by_area = await _grouped(
        session,
        Area.slug,
        *in_month,
        VisitBooking.visit_id == MobileVisit.id,
        VisitBooking.status == BookingStatus.ATTENDED,
    )


async def _response_times(
    session: AsyncSession, report: MonthlyReport, in_month: tuple[sa.ColumnElement[bool], ...]
) -> None:
    # The first reply that reached the citizen counts, not one that failed; cases whose messages are gone
    # (erased, or past retention) keep the time stored when staff first replied.
    replies = (
        sa.select(
            OutboxMessage.case_id.label("case_id"),
            sa.func.min(
                sa.case((OutboxMessage.status.not_in(NOT_DELIVERED), OutboxMessage.created_at), else_=None)
            ).label("reached"),
        )
        .where(OutboxMessage.staff_id.is_not(None), OutboxMessage.case_id.is_not(None))
        .group_by(OutboxMessage.case_id)
        .subquery()
    )
    rows = await session.execute(
        sa.select(Case.created_at, Case.first_response_at, replies.c.case_id, replies.c.reached)
        .outerjoin(replies, replies.c.case_id == Case.id)
        .where(*in_month, Case.first_response_at.is_not(None))
    )
    hours = sorted(
        (answered - created).total_seconds() / 3600
        for created, stored, replied, reached in rows.all()
        if (answered := stored if replied is None else reached) is not None
    )
    if hours:
        report.response_hours_median = round(statistics.median(hours), 2)
        report.response_hours_p90 = (
            round(statistics.quantiles(hours, n=10, method="inclusive")[-1], 2)
            if len(hours) > 1
            else round(hours[0], 2)
        )
