"""Which address reaches a citizen: a phone given to staff, and the channel booking messages go to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.citizens import get_or_create_identity
from storage.enums import Channel
from storage.models import ChannelIdentity, Citizen


async def identity_for_phone(
    session: AsyncSession, *, center_id: int, phone: str, now: datetime
) -> tuple[ChannelIdentity, Citizen]:
    """The SMS identity of an E.164 number at a center, created with a new citizen when unknown."""
    identity, citizen, _ = await get_or_create_identity(
        session, center_id=center_id, channel=Channel.SMS, address=phone, now=now
    )
    return identity, citizen


def _preference(identity: ChannelIdentity) -> tuple[bool, int]:
    # A reachable address first, then the newest one (the channel the citizen uses now).
    reachable = identity.opted_out_at is None and identity.unreachable_at is None
    return reachable, identity.id


async def contacts_of(session: AsyncSession, *, citizen_ids: Iterable[int]) -> dict[int, ChannelIdentity]:
    """For each citizen, the identity to write to: a reachable one, newest first (erased citizens have none)."""
    ids = list(set(citizen_ids))
    best: dict[int, ChannelIdentity] = {}
    for start in range(0, len(ids), 500):
        rows = await session.scalars(
            sa.select(ChannelIdentity).where(ChannelIdentity.citizen_id.in_(ids[start : start + 500]))
        )
        for identity in rows.all():
            current = best.get(identity.citizen_id)
            if current is None or _preference(identity) > _preference(current):
                best[identity.citizen_id] = identity
    return best


async def contact_of(session: AsyncSession, *, citizen_id: int | None) -> ChannelIdentity | None:
    """The identity to write to about a booking, or None when the citizen has none left."""
    if citizen_id is None:
        return None
    return (await contacts_of(session, citizen_ids=[citizen_id])).get(citizen_id)


async def languages_of(session: AsyncSession, *, citizen_ids: Iterable[int]) -> dict[int, str]:
    """Each citizen's language."""
    ids = list(set(citizen_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = await session.execute(
            sa.select(Citizen.id, Citizen.locale).where(Citizen.id.in_(ids[start : start + 500]))
        )
        found.update({citizen_id: locale.value for citizen_id, locale in rows.all()})
    return found


async def names_of(session: AsyncSession, *, citizen_ids: Iterable[int]) -> dict[int, str]:
    """The names staff recorded for citizens (only those who have one)."""
    ids = list(set(citizen_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = await session.execute(
            sa.select(Citizen.id, Citizen.display_name).where(
                Citizen.id.in_(ids[start : start + 500]), Citizen.display_name.is_not(None)
            )
        )
        found.update({citizen_id: str(name) for citizen_id, name in rows.all()})
    return found
