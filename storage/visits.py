"""Mobile-unit visits: schedule, move, cancel; book a place exactly under concurrency. All audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from storage.appointments import BookingRefused
from storage.audit import record_audit
from storage.capacity import free_visit_place, take_visit_place
from storage.enums import AuditActor, BookingStatus, VisitStatus
from storage.models import Area, MobileVisit, Staff, VisitBooking

LONGEST_VISIT = timedelta(hours=24)


class VisitTimesRefused(ValueError):
    """The end is not after the start, or the visit would last over 24 hours."""


def check_visit_times(starts_at: datetime, ends_at: datetime) -> None:
    """VisitTimesRefused unless the visit ends after it starts and lasts at most 24 hours."""
    if not starts_at < ends_at <= starts_at + LONGEST_VISIT:
        raise VisitTimesRefused("ends_at must be after starts_at, and a visit lasts at most 24 hours")


async def create_visit(
    session: AsyncSession,
    *,
    staff: Staff,
    area: Area,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    note: str | None,
    now: datetime,
) -> MobileVisit:
    """Schedule a visit of the mobile unit to an area of the staff member's center."""
    visit = MobileVisit(
        center_id=staff.center_id, area_id=area.id, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
        booked=0, status=VisitStatus.SCHEDULED, notes=note, published_at=now, created_by=staff.id,
        created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(visit)
    await session.flush()
    await _audit(session, staff, "visit.create", visit.id, now)
    return visit


async def _audit(
    session: AsyncSession, staff: Staff | None, action: str, object_id: int, now: datetime, **details: object
) -> None:
    assert staff is not None
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action=action,
        object_type="visit", object_id=object_id, now=now, details=dict(details),
    )  # fmt: skip


async def list_visits(
    session: AsyncSession, *, center_id: int, from_: datetime, to: datetime, area_id: int | None = None
) -> list[MobileVisit]:
    """Visits starting in ``[from_, to)`` (any status), earliest first."""
    statement = sa.select(MobileVisit).where(
        MobileVisit.center_id == center_id, MobileVisit.starts_at >= from_, MobileVisit.starts_at < to
    )
    if area_id is not None:
        statement = statement.where(MobileVisit.area_id == area_id)
    rows = await session.scalars(statement.order_by(MobileVisit.starts_at, MobileVisit.id))
    return list(rows.all())


async def get_visit(session: AsyncSession, *, center_id: int, visit_id: int) -> MobileVisit | None:
    """A visit of this center (another center's is as good as absent)."""
    return await session.scalar(
        sa.select(MobileVisit)
        .where(MobileVisit.id == visit_id, MobileVisit.center_id == center_id)
        .execution_options(populate_existing=True)
    )


async def get_citizen_visit_booking(
    session: AsyncSession, *, center_id: int, citizen_id: int, booking_id: int
) -> VisitBooking | None:
    """A place this citizen booked at this center, read afresh; None for anyone else's."""
    return await session.scalar(
        sa.select(VisitBooking)
        .where(
            VisitBooking.id == booking_id,
            VisitBooking.citizen_id == citizen_id,
            VisitBooking.center_id == center_id,
        )
        .execution_options(populate_existing=True)
    )


async def list_places_left_behind(session: AsyncSession, *, citizen_id: int, visit: MobileVisit) -> list[int]:
    """The citizen's live places at other visits to this area that moved after they booked them."""
    rows = await session.scalars(
        sa.select(VisitBooking.id)
        .join(MobileVisit, MobileVisit.id == VisitBooking.visit_id)
        .where(
            VisitBooking.citizen_id == citizen_id,
            VisitBooking.status == BookingStatus.BOOKED,
            MobileVisit.area_id == visit.area_id,
            MobileVisit.id != visit.id,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.updated_at > VisitBooking.created_at,
        )
    )
    return list(rows.all())


async def read_visit_bookings(
    session: AsyncSession, *, visit: MobileVisit, staff: Staff, now: datetime
) -> list[VisitBooking]:
    """Every booking of a visit, oldest first, read by a staff member (audited)."""
    rows = await session.scalars(
        sa.select(VisitBooking).where(VisitBooking.visit_id == visit.id).order_by(VisitBooking.id)
    )
    bookings = list(rows.all())
    await _audit(session, staff, "visit.read", visit.id, now, bookings=len(bookings))
    return bookings


async def book_visit(
    session: AsyncSession,
    *,
    visit: MobileVisit,
    citizen_id: int,
    now: datetime,
    actor: AuditActor,
    staff_id: int | None = None,
    home_visit: bool = False,
) -> VisitBooking:
    """A place at a scheduled visit (or at home during it); BookingRefused when full, cancelled, over or theirs."""
    if visit.status is not VisitStatus.SCHEDULED:
        raise BookingRefused("visit_cancelled")
    if visit.ends_at <= now:
        raise BookingRefused("visit_over")
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(VisitBooking)
        .values(
            center_id=visit.center_id,
            visit_id=visit.id,
            citizen_id=citizen_id,
            status=BookingStatus.BOOKED,
            home_visit=home_visit,
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["visit_id", "citizen_id"], index_where=sa.text("status = 'booked'")
        )
        .returning(VisitBooking.id)
    )
    booking_id = (await session.execute(statement)).scalar_one_or_none()
    if booking_id is None:
        raise BookingRefused("already_booked")
    if not await take_visit_place(session, visit_id=visit.id):
        await session.execute(sa.delete(VisitBooking).where(VisitBooking.id == booking_id))
        raise BookingRefused("full")
    await session.refresh(visit)
    await record_audit(
        session, center_id=visit.center_id, actor=actor, staff_id=staff_id, action="visit.book",
        object_type="visit_booking", object_id=booking_id, now=now,
        details={"visit_id": visit.id, "citizen_id": citizen_id},
    )  # fmt: skip
    return await session.get_one(VisitBooking, booking_id)


async def get_visit_booking(
    session: AsyncSession, *, visit: MobileVisit, booking_id: int
) -> VisitBooking | None:
    """A booking of this visit, or None."""
    return await session.scalar(
        sa.select(VisitBooking).where(VisitBooking.id == booking_id, VisitBooking.visit_id == visit.id)
    )


async def cancel_visit_booking(
    session: AsyncSession,
    *,
    booking: VisitBooking,
    now: datetime,
    actor: AuditActor,
    staff_id: int | None = None,
) -> None:
    """Give up a place, exactly once (BookingRefused when it is not live); the place is freed."""
    result = cast(
        CursorResult[tuple[()]],
        await session.execute(
            sa.update(VisitBooking)
            .where(VisitBooking.id == booking.id, VisitBooking.status == BookingStatus.BOOKED)
            .values(status=BookingStatus.CANCELLED, cancelled_at=now, cancelled_by=actor)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise BookingRefused("not_live")
    await free_visit_place(session, visit_id=booking.visit_id)
    await session.refresh(booking)
    await record_audit(
        session, center_id=booking.center_id, actor=actor, staff_id=staff_id, action="visit.cancel_booking",
        object_type="visit_booking", object_id=booking.id, now=now,
    )  # fmt: skip


async def record_visit_attendance(
    session: AsyncSession,
    *,
    booking: VisitBooking,
    visit: MobileVisit,
    attended: bool,
    staff: Staff,
    now: datetime,
) -> None:
    """Mark whether a citizen came to a visit that has started."""
    if booking.status is BookingStatus.CANCELLED:
        raise BookingRefused("not_live")
    if now < visit.starts_at:
        raise BookingRefused("not_started")
    booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    await session.flush()
    await _audit(session, staff, "visit.attendance", visit.id, now, booking_id=booking.id, attended=attended)


async def cancel_visit(
    session: AsyncSession, *, visit: MobileVisit, reason: str, staff: Staff, now: datetime
) -> None:
    """Cancel a scheduled visit and its bookings; the change waits to be told to the citizens."""
    result = cast(
        CursorResult[tuple[()]],
        await session.execute(
            sa.update(MobileVisit)
            .where(MobileVisit.id == visit.id, MobileVisit.status == VisitStatus.SCHEDULED)
            .values(
                status=VisitStatus.CANCELLED, cancel_reason=reason, updated_at=now, change_pending_since=now
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise BookingRefused("visit_cancelled")
    # Bookings cancelled with the visit carry its change time: that is how the notice finds them.
    await session.execute(
        sa.update(VisitBooking)
        .where(VisitBooking.visit_id == visit.id, VisitBooking.status == BookingStatus.BOOKED)
        .values(status=BookingStatus.CANCELLED, cancelled_at=now, cancelled_by=AuditActor.STAFF)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(visit)
    await _audit(session, staff, "visit.cancel", visit.id, now)


async def move_visit(
    session: AsyncSession,
    *,
    visit: MobileVisit,
    starts_at: datetime,
    ends_at: datetime,
    staff: Staff,
    now: datetime,
) -> bool:
    """Give a scheduled visit new times (places are kept); False when nothing changed."""
    if visit.status is not VisitStatus.SCHEDULED:
        raise BookingRefused("visit_cancelled")
    if (visit.starts_at, visit.ends_at) == (starts_at, ends_at):
        return False
    visit.starts_at, visit.ends_at = starts_at, ends_at
    visit.updated_at = visit.change_pending_since = now
    await session.flush()
    await _audit(session, staff, "visit.move", visit.id, now)
    return True


async def list_changed_visits(session: AsyncSession, *, limit: int = 50) -> list[MobileVisit]:
    """Visits whose last change (time, cancellation) is not yet told to their citizens."""
    rows = await session.scalars(
        sa.select(MobileVisit)
        .where(MobileVisit.change_pending_since.is_not(None))
        .order_by(MobileVisit.change_pending_since)
        .limit(limit)
    )
    return list(rows.all())


async def bookings_to_tell(session: AsyncSession, *, visit: MobileVisit) -> list[VisitBooking]:
    """Whom a visit's last change concerns: live bookings of a moved visit, those cancelled with it."""
    statement = sa.select(VisitBooking).where(VisitBooking.visit_id == visit.id)
    if visit.status is VisitStatus.CANCELLED:
        statement = statement.where(
            VisitBooking.status == BookingStatus.CANCELLED, VisitBooking.cancelled_at == visit.updated_at
        )
    else:
        statement = statement.where(VisitBooking.status == BookingStatus.BOOKED)
    rows = await session.scalars(statement.order_by(VisitBooking.id))
    return list(rows.all())


async def mark_change_told(session: AsyncSession, *, visit: MobileVisit, change_at: datetime) -> None:
    """The change of ``change_at`` is told (a newer change stays pending)."""
    await session.execute(
        sa.update(MobileVisit)
        .where(MobileVisit.id == visit.id, MobileVisit.change_pending_since == change_at)
        .values(change_pending_since=None)
        .execution_options(synchronize_session=False)
    )


async def next_visits(
    session: AsyncSession, *, area_id: int, after: datetime, exclude_id: int, limit: int = 3
) -> list[MobileVisit]:
    """The next scheduled visits to an area with a place left (what a citizen can rebook into)."""
    rows = await session.scalars(
        sa.select(MobileVisit)
        .where(
            MobileVisit.area_id == area_id,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.starts_at > after,
            MobileVisit.booked < MobileVisit.capacity,
            MobileVisit.id != exclude_id,
        )
        .order_by(MobileVisit.starts_at)
        .limit(limit)
    )
    return list(rows.all())
