"""Password checks cost real CPU: they run off the event loop and take as long for strangers as for staff."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from storage.passwords import Passwords
from storage.staff import create_staff
from storage.tokens import SignInRefused, sign_in


async def test_hashing_does_not_stall_the_event_loop() -> None:
    passwords = Passwords()  # argon2's real cost, as in production
    gaps: list[float] = []
    stop = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    stored = await passwords.hash("a long password")
    assert await passwords.verify(stored, "a long password")
    spent = time.perf_counter() - started
    stop.set()
    await ticker
    # The loop kept turning while argon2 worked (it would freeze for the whole hash otherwise).
    assert max(gaps) < max(0.1, spent / 2), (max(gaps), spent)


async def test_an_unknown_email_costs_as_much_as_a_wrong_password(
    session: AsyncSession, clock: FixedClock
) -> None:
    passwords = Passwords()
    await create_staff(
        session, center_id=1, role=StaffRole.STAFF, email="known@thira.gr", password="0123456789",
        passwords=passwords, now=clock.now(),
    )  # fmt: skip

    async def refused(email: str) -> float:
        started = time.perf_counter()
        with pytest.raises(SignInRefused, match="incorrect e-mail or password"):
            await sign_in(
                session, email=email, password="wrong password!", passwords=passwords, now=clock.now(),
                ttl=timedelta(hours=1),
            )  # fmt: skip
        return time.perf_counter() - started

    await refused("nobody@thira.gr")  # the decoy hash is made once, on first use
    known = min([await refused("known@thira.gr") for _ in range(3)])
    unknown = min([await refused("nobody@thira.gr") for _ in range(3)])
    assert 0.5 < unknown / known < 2, (unknown, known)
