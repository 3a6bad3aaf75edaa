"""Seeding cases, attachments and appointments for the case-action and calendar browser tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage.appointments import book_appointment
from storage.cases import NewCase, attach_file, open_case
from storage.centers import get_center_by_slug
from storage.contacts import identity_for_phone
from storage.enums import AuditActor, CaseCategory, CasePriority, CaseSource, Channel, InboundKind, Language
from storage.models import ChannelIdentity, Citizen, InboundMessage
from storage.slots import find_free_slots
from tests.console.server import ConsoleServer

ATHENS = ZoneInfo("Europe/Athens")
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_numbers = itertools.count(1)


@dataclass(frozen=True)
class SeededCase:
    """A seeded case's id and reference, and its attachment's id if it has one."""

    id: int
    reference: str
    attachment_id: int | None


def seed_case(
    server: ConsoleServer, *, language: Language = Language.EN, channel: Channel = Channel.SMS,
    photo: str | None = None, center: str = "thira",
) -> SeededCase:  # fmt: skip
    """A case of a new citizen; with ``photo``, a Telegram file id served by the stand-in is attached."""
    number = next(_numbers)
    address = f"+3069520{number:05d}" if channel is Channel.SMS else f"88{number:06d}"

    async def seed() -> SeededCase:
        runtime = server.runtime
        now = runtime.clock.now()
        async with runtime.sessions.begin() as session:
            found = await get_center_by_slug(session, slug=center)
            assert found is not None
            citizen = Citizen(center_id=found.id, locale=language, locale_confirmed=True)
            session.add(citizen)
            await session.flush()
            identity = ChannelIdentity(
                center_id=found.id, citizen_id=citizen.id, channel=channel, address=address
            )
            session.add(identity)
            await session.flush()
            case = await open_case(
                session, center_id=found.id, citizen_id=citizen.id, identity_id=identity.id, channel=channel,
                language=language, now=now,
                new=NewCase(CaseCategory.HOUSING, CasePriority.NORMAL, CaseSource.REQUEST, "The roof leaks"),
            )  # fmt: skip
            attachment_id = None
            if photo is not None:
                inbound = InboundMessage(
                    center_id=found.id, identity_id=identity.id, channel=channel, provider_id=f"seed:{photo}",
                    address=address, kind=InboundKind.PHOTO, text=None, payload={"file_id": photo},
                    received_at=now,
                )  # fmt: skip
                session.add(inbound)
                await session.flush()
                attached = await attach_file(
                    session, case=case, inbound_id=inbound.id, kind="photo", provider_file_id=photo, now=now,
                    file_name="roof.png",
                )  # fmt: skip
                attachment_id = attached.id
            return SeededCase(case.id, case.reference, attachment_id)

    return server.call(seed)


def first_free_day(server: ConsoleServer, service: str = "social_worker") -> str:
    """The first local day (ISO) from now with a free time of a service at Thira."""

    async def find() -> str:
        runtime = server.runtime
        now = runtime.clock.now()
        async with runtime.sessions() as session:
            center = await get_center_by_slug(session, slug="thira")
            assert center is not None
            slots = await find_free_slots(
                session, center=center, from_=now, to=now + timedelta(days=14), now=now, service=service,
                min_notice=timedelta(0),
            )  # fmt: skip
        return slots[0].starts_at.astimezone(ATHENS).date().isoformat()

    return server.call(find)


def seed_past_appointment(server: ConsoleServer, phone: str, center: str = "thira") -> tuple[int, str]:
    """An appointment that has already started (booked a week ago for a time since passed): its id and day."""

    async def seed() -> tuple[int, str]:
        runtime = server.runtime
        then = runtime.clock.now() - timedelta(days=7)
        async with runtime.sessions.begin() as session:
            found = await get_center_by_slug(session, slug=center)
            assert found is not None
            slots = await find_free_slots(
                session, center=found, from_=then, to=then + timedelta(days=4), now=then, service="psychologist",
                min_notice=timedelta(0),
            )  # fmt: skip
            _, citizen = await identity_for_phone(session, center_id=found.id, phone=phone, now=then)
            booked = await book_appointment(
                session, center=found, citizen_id=citizen.id, service="psychologist", starts_at=slots[0].starts_at,
                now=then, actor=AuditActor.STAFF, min_notice=timedelta(0),
            )  # fmt: skip
            return booked.appointment.id, slots[0].starts_at.astimezone(ATHENS).date().isoformat()

    return server.call(seed)


def local_now(server: ConsoleServer) -> datetime:
    """The server's now in Athens."""
    return server.runtime.clock.now().astimezone(ATHENS)
