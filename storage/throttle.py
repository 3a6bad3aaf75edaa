"""Failed sign-ins slow the next attempt, per account and per address, without locking anyone out for long.

An account's key is the hash of the e-mail typed, whether or not an account has it, so a known and an
unknown e-mail are slowed alike and answer alike. An account waits at most a minute: a stranger guessing
a colleague's password slows them down, never locks them out. An address (where the guesses come from)
waits up to a quarter of an hour, so one machine cannot guess at speed through many accounts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SignInFailures
from storage.upsert import insert_ignoring_conflict


@dataclass(frozen=True)
class Policy:
    """Failures let through freely, the longest wait, and when quiet failures are forgotten."""

    free: int
    longest: timedelta
    forget: timedelta

    def wait(self, failures: int) -> timedelta:
        """The wait after this many failures in a row: none, then 1 s doubling up to the longest."""
        if failures <= self.free:
            return timedelta(0)
        return min(timedelta(seconds=2 ** min(failures - self.free - 1, 20)), self.longest)


ACCOUNT = Policy(free=5, longest=timedelta(minutes=1), forget=timedelta(minutes=15))
ADDRESS = Policy(free=10, longest=timedelta(minutes=15), forget=timedelta(hours=1))


def account_key(email: str) -> str:
    """The key of whatever account an e-mail names (the e-mail itself is not stored)."""
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:64]


def address_key(address: str) -> str:
    """The key of a client address."""
    return "address:" + address[:64]


async def blocked_until(session: AsyncSession, *, keys: list[str], now: datetime) -> datetime | None:
    """When the latest wait among these keys ends, if one has not yet."""
    until = await session.scalar(
        sa.select(sa.func.max(SignInFailures.blocked_until)).where(
            SignInFailures.key.in_(keys), SignInFailures.blocked_until > now
        )
    )
    return until if isinstance(until, datetime) else None


async def record_failure(session: AsyncSession, *, key: str, policy: Policy, now: datetime) -> None:
    """Count a failure (one statement, so parallel attempts all count) and set the wait it earns."""
    await insert_ignoring_conflict(
        session, SignInFailures, {"key": key, "failures": 0, "last_failed_at": now}, ["key"]
    )
    failures = await session.scalar(
        sa.update(SignInFailures)
        .where(SignInFailures.key == key)
        .values(
            failures=sa.case(
                (SignInFailures.last_failed_at < now - policy.forget, 1), else_=SignInFailures.failures + 1
            ),
            last_failed_at=now,
        )
        .returning(SignInFailures.failures)
    )
    wait = policy.wait(int(failures or 0))
    if wait:
        await session.execute(
            sa.update(SignInFailures).where(SignInFailures.key == key).values(blocked_until=now + wait)
        )


async def forget_failures(session: AsyncSession, *, key: str) -> None:
    """A successful sign-in clears its account's count."""
    await session.execute(sa.delete(SignInFailures).where(SignInFailures.key == key))


async def purge_failures(session: AsyncSession, *, before: datetime) -> int:
    """Delete counts nobody has added to since a moment (retention)."""
    result = await session.execute(sa.delete(SignInFailures).where(SignInFailures.last_failed_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
