"""What the visit routes share: finding your center's areas, visits and bookings, and showing them."""

from __future__ import annotations

from fastapi import HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from api.booking import citizen_ref
from api.schemas.visits import VisitBookingOut, VisitDetail, VisitOut
from api.times import local, unprocessable
from storage.centers import find_area
from storage.contacts import contacts_of
from storage.models import Area, Center, MobileVisit, Staff, VisitBooking
from storage.visits import get_visit, get_visit_booking


async def own_area(session: AsyncSession, center: Center, slug: str) -> Area:
    """An area of the center, or 422."""
    area = await find_area(session, center_id=center.id, slug=slug)
    if area is None:
        raise unprocessable(f"area: {slug!r} is not an area of this center's mobile unit")
    return area


async def own_visit(session: AsyncSession, staff: Staff, visit_id: int) -> MobileVisit:
    """A visit of the staff member's center, or 404."""
    visit = await get_visit(session, center_id=staff.center_id, visit_id=visit_id)
    if visit is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such visit")
    return visit


async def own_booking(session: AsyncSession, visit: MobileVisit, booking_id: int) -> VisitBooking:
    """A booking of the visit, or 404."""
    booking = await get_visit_booking(session, visit=visit, booking_id=booking_id)
    if booking is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such booking of this visit")
    return booking


def visit_out(visit: MobileVisit, area: Area, center: Center) -> VisitOut:
    """A visit as the API shows it, in the center's local time."""
    return VisitOut(
        id=visit.id, area=area.slug, starts_at=local(visit.starts_at, center.timezone),
        ends_at=local(visit.ends_at, center.timezone), capacity=visit.capacity, booked=visit.booked,
        status=visit.status, note=visit.notes, cancel_reason=visit.cancel_reason,
    )  # fmt: skip


async def bookings_out(
    session: AsyncSession, bookings: list[VisitBooking], center: Center
) -> list[VisitBookingOut]:
    """Bookings with the address each citizen is written to."""
    contacts = await contacts_of(session, citizen_ids=[b.citizen_id for b in bookings if b.citizen_id])
    return [
        VisitBookingOut(
            id=booking.id,
            visit_id=booking.visit_id,
            status=booking.status,
            cancelled_by=booking.cancelled_by,
            created_at=local(booking.created_at, center.timezone),
            citizen=citizen_ref(booking.citizen_id, contacts.get(booking.citizen_id or 0)),
        )
        for booking in bookings
    ]


async def visit_detail(
    session: AsyncSession, visit: MobileVisit, area: Area, center: Center, bookings: list[VisitBooking]
) -> VisitDetail:
    """A visit with its bookings."""
    return VisitDetail(
        **visit_out(visit, area, center).model_dump(), bookings=await bookings_out(session, bookings, center)
    )
