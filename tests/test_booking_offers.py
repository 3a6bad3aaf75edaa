"""Times staff offer from a case: one SMS of numbered times, the citizen's number books one (SQLite and PostgreSQL).

A reply after the chosen time went meanwhile gets the offer's remaining times; with none left, a polite word and
the case back in the team's queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.time_offers import offer_times_to_case
from frontdesk.runtime import Runtime
from storage.appointments import book_appointment
from storage.cases import NewCase, open_case
from storage.enums import (
    AuditActor,
    BookingStatus,
    CaseCategory,
    CasePriority,
    CaseSource,
    Channel,
    Language,
    StaffRole,
)
from storage.models import (
    Appointment,
    AppointmentSlot,
    Case,
    Center,
    ChannelIdentity,
    Citizen,
    OutboxMessage,
    Staff,
)
from storage.slots import find_free_slots
from tests.conversation import Citizen as Person

SERVICE = "psychologist"


async def _center(session: AsyncSession, caps: bool = False) -> Center:
    center = await session.scalar(sa.select(Center).where(Center.slug == "thira"))
    assert center is not None
    center.greek_caps = caps
    center.sms_number = center.sms_number or "+302286000000"  # SMS set up, as in production
    return center


async def _case(
    session: AsyncSession, center: Center, address: str, language: Language, now: datetime
) -> Case:
    citizen = Citizen(center_id=center.id, locale=language, locale_confirmed=True)
    session.add(citizen)
    await session.flush()
    identity = ChannelIdentity(
        center_id=center.id, citizen_id=citizen.id, channel=Channel.SMS, address=address
    )
    session.add(identity)
    await session.flush()
    return await open_case(
        session, center_id=center.id, citizen_id=citizen.id, identity_id=identity.id, channel=Channel.SMS,
        language=language, now=now,
        new=NewCase(CaseCategory.HOUSING, CasePriority.NORMAL, CaseSource.REQUEST, "The roof leaks"),
    )  # fmt: skip


async def _staff(session: AsyncSession, center: Center) -> Staff:
    staff = Staff(
        center_id=center.id, role=StaffRole.STAFF, email=f"offer{center.id}@test", password_hash="-"
    )
    session.add(staff)
    await session.flush()
    return staff


async def offer(
    runtime: Runtime, address: str, count: int = 3, language: Language = Language.EN, caps: bool = False
) -> tuple[int, list[datetime], OutboxMessage]:
    """Staff offer the first ``count`` free psychologist times to a new citizen's case; the queued SMS."""
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        center = await _center(session, caps)
        case = await _case(session, center, address, language, now)
        slots = await find_free_slots(
            session, center=center, from_=now, to=now + timedelta(days=14), now=now, service=SERVICE,
            min_notice=timedelta(0),
        )  # fmt: skip
        times = [slot.starts_at for slot in slots[:count]]
        queued = await offer_times_to_case(
            session, center=center, case=case, staff=await _staff(session, center), service=SERVICE,
            times=times, now=now, sms_account=True,
        )  # fmt: skip
        assert queued == 1  # one message, whatever the language
        row = await session.scalar(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id.desc())
        )
        assert row is not None
        return case.id, times, row


async def take(runtime: Runtime, address: str, at: datetime) -> None:
    """Another citizen books ``at`` meanwhile."""
    async with runtime.sessions.begin() as session:
        center = await _center(session)
        other = Citizen(center_id=center.id, locale=Language.EL)
        session.add(other)
        await session.flush()
        await book_appointment(
            session, center=center, citizen_id=other.id, service=SERVICE, starts_at=at,
            now=runtime.clock.now(), actor=AuditActor.CITIZEN, min_notice=timedelta(0),
        )  # fmt: skip


async def booked_times(runtime: Runtime, citizen_address: str) -> list[datetime]:
    async with runtime.sessions() as session:
        rows = await session.scalars(
            sa.select(AppointmentSlot.starts_at)
            .join(Appointment, Appointment.slot_id == AppointmentSlot.id)
            .join(ChannelIdentity, ChannelIdentity.citizen_id == Appointment.citizen_id)
            .where(ChannelIdentity.address == citizen_address, Appointment.status == BookingStatus.BOOKED)
        )
        return list(rows.all())


async def test_an_offer_is_one_sms_and_the_number_books_that_time(runtime: Runtime) -> None:
    address = "+306930000001"
    _case_id, times, sms = await offer(runtime, address)
    assert sms.channel is Channel.SMS and sms.case_id is not None and sms.staff_id is not None
    assert "appointment with the psychologist" in sms.body and sms.body.count("\n") == 3
    assert [choice["key"] for choice in sms.payload["choices"]] == ["1", "2", "3"]
    assert sms.payload["segments"] == 1
    receipt = await Person(runtime, address=address).say("2")
    assert "Booked" in receipt and "AMKA" in receipt
    assert await booked_times(runtime, address) == [times[1]]
    # A later press of another time of the same offer books nothing more.
    third = f"c:{sms.payload['choice_keys'][2]}"
    assert "no longer open" in await Person(runtime, address=address).say("", button=third)
    assert await booked_times(runtime, address) == [times[1]]


async def test_a_time_taken_meanwhile_gets_the_offers_remaining_times(runtime: Runtime) -> None:
    address = "+306930000002"
    _case_id, times, _sms = await offer(runtime, address)
    await take(runtime, address, times[0])
    person = Person(runtime, address=address)
    handled = await person.send("1")
    assert handled.outbox == []  # the remaining times go as an offer of their own, numbered again
    async with runtime.sessions() as session:
        again = await session.scalar(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id.desc())
        )
    assert again is not None and "just taken" in again.body and again.payload["segments"] == 1
    assert [choice["key"] for choice in again.payload["choices"]] == ["1", "2"]
    assert "Booked" in await person.say("2")
    assert await booked_times(runtime, address) == [times[2]]


async def test_when_every_offered_time_is_taken_the_case_waits_for_the_team(runtime: Runtime) -> None:
    address = "+306930000003"
    case_id, times, _sms = await offer(runtime, address, count=1)
    await take(runtime, address, times[0])
    answer = await Person(runtime, address=address).say("1")
    assert "just taken" in answer and "other times soon" in answer
    async with runtime.sessions() as session:
        case = await session.get_one(Case, case_id)
    assert case.citizen_replied_at is not None and case.unread == 1  # "waiting for us" in the queue


async def test_a_button_press_books_and_a_forged_one_does_not(runtime: Runtime) -> None:
    address = "+306930000004"
    case_id, times, sms = await offer(runtime, address)
    key = sms.payload["choice_keys"][0]
    forged = f"offer:{case_id}:{SERVICE}:{int((times[0] + timedelta(minutes=7)).timestamp())}"
    person = Person(runtime, address=address)
    assert "no longer open" in await person.say("", button=f"c:{forged}")
    assert "Booked" in await person.say("", button=f"c:{key}")
    assert await booked_times(runtime, address) == [times[0]]


@pytest.mark.parametrize("caps", [False, True], ids=["ucs2", "greek_caps"])
async def test_a_greek_offer_of_three_times_stays_within_two_segments(runtime: Runtime, caps: bool) -> None:
    _case_id, _times, sms = await offer(runtime, f"+30693000010{int(caps)}", language=Language.EL, caps=caps)
    print(f"greek_caps={caps}: {sms.payload['segments']} segments ({sms.payload['encoding']}): {sms.body!r}")
    assert sms.payload["segments"] <= (1 if caps else 2)
