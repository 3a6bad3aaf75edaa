"""Reminders across 2026's daylight-saving nights: each fires once, never at night, never stale.

The job runs every five minutes on an injected clock through the night clocks go forward (29 March)
and the night they go back (25 October), as the scheduler would.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.jobs import JOBS
from bot.jobs.service import Service
from frontdesk.clock import FixedClock
from frontdesk.reminders import is_night
from frontdesk.runtime import Runtime
from storage.enums import BookingStatus, Channel, Language, VisitStatus
from storage.models import (
    Appointment,
    AppointmentSlot,
    Area,
    ChannelIdentity,
    Citizen,
    MobileVisit,
    OutboxMessage,
    VisitBooking,
)

# Slow (the job run every five minutes through two nights): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

ATHENS = ZoneInfo("Europe/Athens")
THIRA = 2
LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def local(text: str) -> datetime:
    """An Athens wall-clock time with its offset, e.g. '2026-03-29T10:00+03:00'."""
    return datetime.fromisoformat(text).astimezone(UTC)


async def citizen(runtime: Runtime, n: int, language: Language = Language.EL) -> int:
    async with runtime.sessions.begin() as session:
        person = Citizen(center_id=THIRA, locale=language, locale_confirmed=True, created_at=LONG_AGO)
        session.add(person)
        await session.flush()
        session.add(
            ChannelIdentity(
                center_id=THIRA, citizen_id=person.id, channel=Channel.SMS, address=f"+30690000{n:04d}"
            )
        )
        return person.id


async def appointment(runtime: Runtime, who: int, starts_at: datetime, booked_at: datetime = LONG_AGO) -> int:
    async with runtime.sessions.begin() as session:
        slot = AppointmentSlot(
            center_id=THIRA, service="psychologist", starts_at=starts_at, ends_at=starts_at + timedelta(minutes=50),
            capacity=1, booked=1, by_phone=False,
        )  # fmt: skip
        session.add(slot)
        await session.flush()
        booked = Appointment(
            center_id=THIRA,
            slot_id=slot.id,
            citizen_id=who,
            status=BookingStatus.BOOKED,
            created_at=booked_at,
        )
        session.add(booked)
        await session.flush()
        return booked.id


async def visit_place(runtime: Runtime, who: int, starts_at: datetime) -> tuple[int, int]:
    async with runtime.sessions.begin() as session:
        area = await session.scalar(sa.select(Area).where(Area.slug == "ios"))
        assert area is not None
        visit = MobileVisit(
            center_id=THIRA, area_id=area.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=10,
            booked=1, status=VisitStatus.SCHEDULED, place="Κέντρο Υγείας Ίου",
        )  # fmt: skip
        session.add(visit)
        await session.flush()
        place = VisitBooking(
            center_id=THIRA,
            visit_id=visit.id,
            citizen_id=who,
            status=BookingStatus.BOOKED,
            created_at=LONG_AGO,
        )
        session.add(place)
        await session.flush()
        return visit.id, place.id


async def run_every_five_minutes(runtime: Runtime, clock: FixedClock, start: datetime, end: datetime) -> None:
    context = Service(runtime).context
    clock.current = start
    while clock.current < end:
        await JOBS["reminders"](context)
        clock.advance(timedelta(minutes=5))


async def reminders_sent(runtime: Runtime) -> dict[tuple[str, int], list[tuple[int, datetime, str]]]:
    """(kind, booking id) → [(hours, queued at, body)]."""
    async with runtime.sessions() as session:
        rows = await session.execute(
            sa.select(OutboxMessage.dedupe_key, OutboxMessage.created_at, OutboxMessage.body)
            .where(OutboxMessage.dedupe_key.like("reminder:%"))
            .order_by(OutboxMessage.id)
        )
        sent: dict[tuple[str, int], list[tuple[int, datetime, str]]] = defaultdict(list)
        for key, at, body in rows.all():
            _, kind, booking, _start, hours, _page = str(key).split(":")
            sent[(kind, int(booking))].append((int(hours), at, body))
        return sent


def at_tick(sent: list[tuple[int, datetime, str]]) -> list[tuple[int, str]]:
    """Each reminder's offset and the local time it was queued."""
    return [(hours, at.astimezone(ATHENS).strftime("%m-%d %H:%M")) for hours, at, _ in sent]


async def test_every_reminder_fires_once_across_the_spring_change(
    runtime: Runtime, clock: FixedClock
) -> None:
    people = [await citizen(runtime, n) for n in range(5)]
    morning = await appointment(runtime, people[0], local("2026-03-29T10:00+03:00"))
    early = await appointment(runtime, people[1], local("2026-03-30T08:30+03:00"))
    _, dawn = await visit_place(runtime, people[2], local("2026-03-29T05:00+03:00"))
    cancelled = await appointment(runtime, people[3], local("2026-03-29T12:00+03:00"))
    async with runtime.sessions.begin() as session:
        await session.execute(
            sa.update(Appointment).where(Appointment.id == cancelled).values(status=BookingStatus.CANCELLED)
        )
    # Booked on the evening of the 28th for 09:00 on the 29th: both reminder times lie before the booking.
    late = await appointment(
        runtime, people[4], local("2026-03-29T09:00+03:00"), booked_at=local("2026-03-28T21:30+02:00")
    )
    await run_every_five_minutes(
        runtime, clock, local("2026-03-27T00:00+02:00"), local("2026-03-31T00:00+03:00")
    )
    sent = await reminders_sent(runtime)
    # 24 h before 10:00 on the 29th is 09:00 on the 28th: the clocks went forward in between.
    assert at_tick(sent[("appointment", morning)]) == [(24, "03-28 09:00"), (2, "03-29 08:00")]
    assert at_tick(sent[("appointment", early)]) == [(24, "03-29 08:30"), (2, "03-29 21:00")]
    assert at_tick(sent[("visit", dawn)]) == [(24, "03-27 21:00"), (2, "03-28 21:00")]
    assert ("appointment", cancelled) not in sent and ("appointment", late) not in sent
    for reminders in sent.values():
        assert not any(is_night(at, "Europe/Athens") for _, at, _ in reminders)
    # Run again at a reminder's instant (a second replica, an operator's --now): nothing new.
    clock.current = local("2026-03-28T09:00+02:00")
    assert (await JOBS["reminders"](Service(runtime).context)).endswith("sent=0")
    assert await reminders_sent(runtime) == sent
    body = sent[("visit", dawn)][0][2]
    assert "Κέντρο Υγείας Ίου" in body and "\n1 " in body and "\n2 " in body


async def test_every_reminder_fires_once_across_the_autumn_change(
    runtime: Runtime, clock: FixedClock
) -> None:
    people = [await citizen(runtime, n, Language.EN) for n in range(3)]
    visit, morning = await visit_place(runtime, people[0], local("2026-10-25T09:00+02:00"))
    monday = await appointment(runtime, people[1], local("2026-10-26T10:00+02:00"))
    # In the hour that happens twice (03:00-04:00 on the 25th), a reminder due at 03:30 the first time.
    _, twice = await visit_place(runtime, people[2], local("2026-10-25T05:30+02:00"))
    await run_every_five_minutes(
        runtime, clock, local("2026-10-23T12:00+03:00"), local("2026-10-24T20:00+03:00")
    )
    # The visit moves after its 24-hour reminder: the new time gets its own reminders, the old time's
    # 2-hour reminder (due at 21:00 that evening) never goes.
    async with runtime.sessions.begin() as session:
        await session.execute(
            sa.update(MobileVisit)
            .where(MobileVisit.id == visit)
            .values(starts_at=local("2026-10-27T11:00+02:00"), ends_at=local("2026-10-27T14:00+02:00"))
        )
    await run_every_five_minutes(
        runtime, clock, local("2026-10-24T20:00+03:00"), local("2026-10-28T00:00+02:00")
    )
    sent = await reminders_sent(runtime)
    assert at_tick(sent[("visit", morning)]) == [(24, "10-24 10:00"), (24, "10-26 11:00"), (2, "10-27 09:00")]
    assert at_tick(sent[("appointment", monday)]) == [(24, "10-25 10:00"), (2, "10-26 08:00")]
    assert at_tick(sent[("visit", twice)]) == [(24, "10-23 21:00"), (2, "10-24 21:00")]
    assert all(
        len(reminders) == len({(hours, at) for hours, at, _ in reminders}) for reminders in sent.values()
    )
    assert "Reminder" in sent[("appointment", monday)][0][2]
