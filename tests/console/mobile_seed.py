"""Seeding the mobile unit for browser tests through the storage services: citizens, visits, bookings, subscribers."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from storage.centers import find_area, get_center_by_slug
from storage.enums import AuditActor, Channel, Language
from storage.models import ChannelIdentity, Citizen, Staff
from storage.subscriptions import subscribe
from storage.visits import book_visit, create_visit
from tests.console.server import ConsoleServer

ATHENS = ZoneInfo("Europe/Athens")
_addresses = itertools.count(1)


@dataclass(frozen=True)
class Seeded:
    """A seeded citizen's identity, copied out of the session."""

    citizen_id: int
    identity_id: int
    channel: Channel
    address: str


def address(channel: Channel) -> str:
    """A fresh phone number or Telegram chat id, never used by another test."""
    number = next(_addresses)
    return f"+3069510{number:05d}" if channel is Channel.SMS else f"77{number:06d}"


async def _citizen(session: Any, center_id: int, language: Language, channel: Channel) -> Seeded:
    citizen = Citizen(center_id=center_id, locale=language, locale_confirmed=True)
    session.add(citizen)
    await session.flush()
    identity = ChannelIdentity(
        center_id=center_id, citizen_id=citizen.id, channel=channel, address=address(channel)
    )
    session.add(identity)
    await session.flush()
    return Seeded(citizen.id, identity.id, channel, identity.address)


def seed_visit(
    server: ConsoleServer, *, area: str, days_ahead: int, citizens: list[tuple[Language, Channel]],
    center: str = "thira",
) -> tuple[int, list[Seeded]]:  # fmt: skip
    """A visit at 10:00–13:00 local, ``days_ahead`` from today, booked by new citizens; its id and their identities."""

    async def seed() -> tuple[int, list[Seeded]]:
        runtime = server.runtime
        now = runtime.clock.now()
        day = now.astimezone(ATHENS).date() + timedelta(days=days_ahead)
        starts_at = datetime.combine(day, time(10), tzinfo=ATHENS).astimezone(UTC)
        async with runtime.sessions.begin() as session:
            found = await get_center_by_slug(session, slug=center)
            assert found is not None
            place = await find_area(session, center_id=found.id, slug=area)
            assert place is not None
            staff_id = server.staff_ids.get(f"coordinator@{center}") or server.staff_ids[f"staff@{center}"]
            staff = await session.get_one(Staff, staff_id)
            visit = await create_visit(
                session, staff=staff, area=place, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                capacity=10, note=None, now=now,
            )  # fmt: skip
            identities = []
            for language, channel in citizens:
                identity = await _citizen(session, found.id, language, channel)
                await book_visit(
                    session, visit=visit, citizen_id=identity.citizen_id, now=now, actor=AuditActor.STAFF,
                    staff_id=staff.id,
                )  # fmt: skip
                identities.append(identity)
            return visit.id, identities

    return server.call(seed)


def seed_subscribers(
    server: ConsoleServer, *, area: str, citizens: list[tuple[Language, Channel]]
) -> list[Seeded]:
    """New citizens of Thira subscribed to an area's announcements."""

    async def seed() -> list[Seeded]:
        runtime = server.runtime
        async with runtime.sessions.begin() as session:
            center = await get_center_by_slug(session, slug="thira")
            assert center is not None
            place = await find_area(session, center_id=center.id, slug=area)
            assert place is not None
            identities = []
            for language, channel in citizens:
                identity = await _citizen(session, center.id, language, channel)
                await subscribe(
                    session, center_id=center.id, identity_id=identity.identity_id, area_id=place.id,
                    now=runtime.clock.now(),
                )  # fmt: skip
                identities.append(identity)
            return identities

    return server.call(seed)
