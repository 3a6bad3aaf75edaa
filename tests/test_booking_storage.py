"""Booking services the conversation calls: interpreters, "my bookings", a citizen's own cancellation."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.clock import FixedClock
from frontdesk.schedule import bookable_services, interpreter_windows
from storage.appointments import BookingRefused, book_appointment, cancel_appointment, get_appointment
from storage.bookings import list_bookings_of
from storage.enums import AuditActor, BookingStatus, Language, VisitStatus
from storage.models import Area, Center, Citizen, MobileVisit
from storage.slots import find_free_slots
from storage.visits import book_visit

WEDNESDAY = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # midnight in Athens
THURSDAY = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)


def test_bookable_roles_and_interpreter_windows_across_the_spring_change() -> None:
    assert bookable_services({"social_worker": 2, "driver": 1, "lawyer": 1}, {"lawyer": 30}) == {
        "social_worker": 2,
        "lawyer": 1,
    }
    interpreter = {
        "id": "fa-1",
        "languages": ["fa", "ps"],
        "hours": {"sun": [["09:00", "12:00"]], "mon": [["08:00", "10:00"]]},
    }
    windows = interpreter_windows(
        [interpreter],
        "Europe/Athens",
        datetime(2026, 3, 28, 22, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 21, 0, tzinfo=UTC),
    )
    assert [(w.language, w.starts_at.isoformat()) for w in windows] == [
        ("fa", "2026-03-29T06:00:00+00:00"),  # 09:00 summer time
        ("ps", "2026-03-29T06:00:00+00:00"),
        ("fa", "2026-03-30T05:00:00+00:00"),
        ("ps", "2026-03-30T05:00:00+00:00"),
    ]


async def citizen(session: AsyncSession, language: Language = Language.EL) -> int:
    person = Citizen(center_id=2, locale=language, locale_confirmed=True)
    session.add(person)
    await session.flush()
    return person.id


async def test_an_interpreter_is_booked_with_the_appointment(
    session: AsyncSession, clock: FixedClock
) -> None:
    center = await session.get_one(Center, 2)
    center.interpreters = [{"id": "fa-1", "languages": ["fa"], "hours": {"wed": [["10:00", "12:00"]]}}]
    await session.flush()
    now = clock.now()
    offered = await find_free_slots(
        session, center=center, from_=WEDNESDAY, to=THURSDAY, now=now, service="social_worker", language="fa"
    )
    assert [(slot.starts_at.isoformat(), slot.interpreter_id) for slot in offered] == [
        ("2026-11-25T08:15:00+00:00", "fa-1"),
        ("2026-11-25T09:00:00+00:00", "fa-1"),
    ]
    booked = await book_appointment(
        session, center=center, citizen_id=await citizen(session, Language.FA), service="social_worker",
        starts_at=offered[0].starts_at, now=now, actor=AuditActor.CITIZEN, language="fa",
    )  # fmt: skip
    assert booked.appointment.interpreter_id == "fa-1"
    # The psychologist's 10:30 overlaps the interpreter's 10:15 appointment: no time with an interpreter is left.
    psychologist = await find_free_slots(
        session, center=center, from_=WEDNESDAY, to=THURSDAY, now=now, service="psychologist", language="fa"
    )
    assert psychologist == []
    # Without the language (an interpreter is not needed), every time stays on offer.
    assert (
        len(
            await find_free_slots(
                session, center=center, from_=WEDNESDAY, to=THURSDAY, now=now, service="psychologist"
            )
        )
        == 9
    )
    refused = None
    try:
        await book_appointment(
            session, center=center, citizen_id=await citizen(session), service="psychologist",
            starts_at=datetime(2026, 11, 25, 8, 30, tzinfo=UTC), now=now, actor=AuditActor.CITIZEN, language="fa",
        )  # fmt: skip
    except BookingRefused as error:
        refused = error.reason
    assert refused == "not_offered"


async def test_my_bookings_and_cancelling_my_own(session: AsyncSession, clock: FixedClock) -> None:
    center = await session.get_one(Center, 2)
    me = await citizen(session)
    now = clock.now()
    appointment = await book_appointment(
        session, center=center, citizen_id=me, service="psychologist", starts_at=datetime(2026, 11, 25, 6, 50, tzinfo=UTC),
        now=now, actor=AuditActor.CITIZEN,
    )  # fmt: skip
    area = await session.scalar(sa.select(Area).where(Area.slug == "ios"))
    assert area is not None
    visit = MobileVisit(
        center_id=2, area_id=area.id, starts_at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC), capacity=3, booked=0, status=VisitStatus.SCHEDULED,
    )  # fmt: skip
    session.add(visit)
    await session.flush()
    place = await book_visit(session, visit=visit, citizen_id=me, now=now, actor=AuditActor.CITIZEN)
    mine = await list_bookings_of(session, citizen_id=me, now=now)
    assert [(booking.kind, booking.id) for booking in mine] == [
        ("visit", place.id),
        ("appointment", appointment.appointment.id),
    ]
    await cancel_appointment(session, booked=appointment, now=now, actor=AuditActor.CITIZEN)
    again = await get_appointment(session, center_id=2, appointment_id=appointment.appointment.id)
    assert (
        again is not None and again.appointment.status is BookingStatus.CANCELLED and again.slot.booked == 0
    )
    assert again.appointment.cancelled_by is AuditActor.CITIZEN
    assert [booking.kind for booking in await list_bookings_of(session, citizen_id=me, now=now)] == ["visit"]
