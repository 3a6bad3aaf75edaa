"""Capacity under real concurrency: 200 attempts at once on capacity 1 and 5, exact every time.

Each attempt runs in its own session on its own connection (asyncio.gather); aiosqlite runs every
connection in its own thread, and a second test adds separate processes on SQLite, so the database
itself arbitrates. Printed figures go to README.md ("Booking: measured").
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from multiprocessing.pool import Pool

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from storage.appointments import BookingRefused, book_appointment
from storage.db import create_engine, session_factory
from storage.enums import AuditActor, BookingStatus, Language, VisitStatus
from storage.models import Appointment, AppointmentSlot, Area, Center, Citizen, MobileVisit, VisitBooking
from storage.visits import book_visit
from tests.api_env import api_app

# Slow (hundreds of concurrent bookings): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

ATTEMPTS = 200
# Wednesday 25 November 2026 in Athens, every 45 minutes from 08:00 (social worker slots).
SLOTS = [datetime(2026, 11, 25, 6, 0, tzinfo=UTC) + timedelta(minutes=45 * n) for n in range(10)]


async def set_capacity(engine: AsyncEngine, capacity: int) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            sa.update(Center).where(Center.slug == "thira").values(staffing={"social_worker": capacity})
        )


async def make_citizens(runtime: Runtime, count: int) -> list[int]:
    async with runtime.sessions.begin() as session:
        citizens = [Citizen(center_id=2, locale=Language.EL, locale_confirmed=True) for _ in range(count)]
        session.add_all(citizens)
        await session.flush()
        return [citizen.id for citizen in citizens]


async def attempt(engine: AsyncEngine, citizen_id: int, starts_at: datetime, now: datetime) -> str:
    sessions = session_factory(engine)
    try:
        async with sessions.begin() as session:
            center = await session.get_one(Center, 2)
            await book_appointment(
                session, center=center, citizen_id=citizen_id, service="social_worker", starts_at=starts_at,
                now=now, actor=AuditActor.CITIZEN,
            )  # fmt: skip
        return "booked"
    except BookingRefused as refused:
        return refused.reason


async def counted(engine: AsyncEngine, starts_at: datetime) -> tuple[int, int]:
    async with engine.connect() as connection:
        booked = await connection.scalar(
            sa.select(AppointmentSlot.booked).where(AppointmentSlot.starts_at == starts_at)
        )
        live = await connection.scalar(
            sa.select(sa.func.count())
            .select_from(Appointment)
            .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
            .where(AppointmentSlot.starts_at == starts_at, Appointment.status == BookingStatus.BOOKED)
        )
    return int(booked or 0), int(live or 0)


@pytest.mark.parametrize("capacity", [1, 5])
async def test_concurrent_bookings_take_exactly_the_capacity(
    runtime: Runtime, clock: FixedClock, capacity: int
) -> None:
    # A pool as large as the attempts in flight: each one has its own connection.
    engine = create_engine(runtime.settings.database_url, pool_size=20, max_overflow=20, pool_timeout=120)
    try:
        await set_capacity(engine, capacity)
        for round_number, starts_at in enumerate(SLOTS[:3]):
            citizens = await make_citizens(runtime, ATTEMPTS)
            started = time.perf_counter()
            outcomes = await asyncio.gather(
                *(attempt(engine, citizen, starts_at, clock.now()) for citizen in citizens)
            )
            elapsed = time.perf_counter() - started
            assert Counter(outcomes) == {"booked": capacity, "full": ATTEMPTS - capacity}
            assert await counted(engine, starts_at) == (capacity, capacity)
            print(
                f"\n{engine.dialect.name} capacity {capacity} round {round_number + 1}: {ATTEMPTS} concurrent "
                f"attempts, {capacity} booked, {ATTEMPTS - capacity} full, {elapsed:.2f} s"
            )
    finally:
        await engine.dispose()


async def test_a_double_tap_books_once(runtime: Runtime, clock: FixedClock) -> None:
    engine = create_engine(runtime.settings.database_url, pool_size=20, max_overflow=0, pool_timeout=60)
    try:
        await set_capacity(engine, 5)
        [citizen] = await make_citizens(runtime, 1)
        outcomes = await asyncio.gather(*(attempt(engine, citizen, SLOTS[4], clock.now()) for _ in range(20)))
        assert Counter(outcomes) == {"booked": 1, "already_booked": 19}
        assert await counted(engine, SLOTS[4]) == (1, 1)
    finally:
        await engine.dispose()


async def test_the_api_answers_409_to_everyone_past_the_capacity(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await set_capacity(api.runtime.engine, 1)
        body = {"service": "social_worker", "starts_at": "2026-11-25T09:30:00+02:00"}

        async def post(n: int) -> httpx.Response:
            phone = f"+3069{n:08d}"
            return await api.http.post(
                "/api/v1/appointments", json={**body, "phone": phone}, headers=api.auth()
            )

        responses = await asyncio.gather(*(post(n) for n in range(ATTEMPTS)))
        assert Counter(response.status_code for response in responses) == {201: 1, 409: ATTEMPTS - 1}
        assert all(
            "full" in response.json()["detail"] for response in responses if response.status_code == 409
        )
        assert await counted(api.runtime.engine, SLOTS[2]) == (1, 1)


async def test_concurrent_visit_bookings_take_exactly_the_capacity(
    runtime: Runtime, clock: FixedClock
) -> None:
    engine = create_engine(runtime.settings.database_url, pool_size=20, max_overflow=20, pool_timeout=120)
    try:
        async with runtime.sessions.begin() as session:
            area = await session.scalar(sa.select(Area).where(Area.slug == "ios"))
            assert area is not None
            visit = MobileVisit(
                center_id=2, area_id=area.id, starts_at=SLOTS[0], ends_at=SLOTS[3], capacity=5, booked=0,
                status=VisitStatus.SCHEDULED,
            )  # fmt: skip
            session.add(visit)
        citizens = await make_citizens(runtime, ATTEMPTS)

        async def take(citizen_id: int) -> str:
            try:
                async with session_factory(engine).begin() as session:
                    row = await session.get_one(MobileVisit, visit.id)
                    await book_visit(
                        session, visit=row, citizen_id=citizen_id, now=clock.now(), actor=AuditActor.CITIZEN
                    )
                return "booked"
            except BookingRefused as refused:
                return refused.reason

        outcomes = await asyncio.gather(
            *(take(citizen) for citizen in citizens), *(take(citizens[0]) for _ in range(10))
        )
        assert Counter(outcomes) == {"booked": 5, "full": ATTEMPTS - 5, "already_booked": 10} or Counter(
            outcomes
        ) == {"booked": 5, "full": ATTEMPTS - 5 + 10}
        async with engine.connect() as connection:
            assert (
                await connection.scalar(sa.select(MobileVisit.booked).where(MobileVisit.id == visit.id)) == 5
            )
            live = sa.select(sa.func.count()).where(
                VisitBooking.visit_id == visit.id, VisitBooking.status == BookingStatus.BOOKED
            )
            assert await connection.scalar(live) == 5
    finally:
        await engine.dispose()


def _process_attempts(
    database_url: str, citizens: list[int], starts_at: datetime, now: datetime
) -> list[str]:
    async def run() -> list[str]:
        engine = create_engine(database_url, pool_size=10, max_overflow=0, pool_timeout=120)
        try:
            return await asyncio.gather(*(attempt(engine, citizen, starts_at, now) for citizen in citizens))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def processes() -> Iterator[Pool]:
    """Four processes of their own, for both capacities: forked from a server that imported this module once.

    Each process opens its own engine and connections for its share of the attempts; a fresh interpreter per
    process (spawn) would import the whole application again each time for nothing.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with context.Pool(4) as pool:
        yield pool


@pytest.mark.parametrize("capacity", [1, 5])
async def test_separate_processes_on_sqlite_book_exactly_the_capacity(
    runtime: Runtime, clock: FixedClock, capacity: int, request: pytest.FixtureRequest
) -> None:
    if runtime.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL connections are separate server processes already")
    processes: Pool = request.getfixturevalue("processes")
    await set_capacity(runtime.engine, capacity)
    citizens = await make_citizens(runtime, ATTEMPTS)
    await runtime.engine.dispose()
    shares = [citizens[n::4] for n in range(4)]
    results = processes.starmap(
        _process_attempts,
        [(runtime.settings.database_url, share, SLOTS[6], clock.now()) for share in shares],
        chunksize=1,
    )
    outcomes = Counter(outcome for result in results for outcome in result)
    assert outcomes == {"booked": capacity, "full": ATTEMPTS - capacity}
    assert await counted(runtime.engine, SLOTS[6]) == (capacity, capacity)
