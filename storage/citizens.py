"""Citizens, their channel identities and opt-out state."""

from __future__ import annotations

import functools
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import Channel, Language
from storage.models import ChannelIdentity, Citizen
from storage.upsert import insert_ignoring_conflict


async def get_or_create_identity(
    session: AsyncSession, *, center_id: int, channel: Channel, address: str, now: datetime
) -> tuple[ChannelIdentity, Citizen, bool]:
    """The identity for an address (created with a new citizen on first contact) and whether it is new."""
    found = await _find_identity(session, center_id=center_id, channel=channel, address=address)
    if found is not None:
        return *found, False
    citizen = Citizen(
        center_id=center_id, locale=Language.EL, locale_confirmed=False, created_at=now, last_seen_at=now
    )
    session.add(citizen)
    await session.flush()
    values = {
        "center_id": center_id,
        "citizen_id": citizen.id,
        "channel": channel.value,
        "address": address,
        "created_at": now,
    }
    # Two first messages of the same person can race: the unique key decides, the loser adopts the winner.
    inserted = await insert_ignoring_conflict(
        session, ChannelIdentity, values, ["center_id", "channel", "address"]
    )
    if inserted is None:
        await session.delete(citizen)
        found = await _find_identity(session, center_id=center_id, channel=channel, address=address)
        assert found is not None
        return *found, False
    identity = await session.get_one(ChannelIdentity, inserted)
    return identity, citizen, True


async def _find_identity(
    session: AsyncSession, *, center_id: int, channel: Channel, address: str
) -> tuple[ChannelIdentity, Citizen] | None:
    """The identity and its citizen, in one query."""
    parameters = {"center_id": center_id, "channel": channel, "address": address}
    row = (await session.execute(_identity_statement(), parameters)).first()
    return None if row is None else (row[0], row[1])


@functools.cache
def _identity_statement() -> sa.Select[ChannelIdentity, Citizen]:
    # Built once, values bound at execution (it runs for every message answered).
    return (
        sa.select(ChannelIdentity, Citizen)
        .join(Citizen, Citizen.id == ChannelIdentity.citizen_id)
        .where(
            ChannelIdentity.center_id == sa.bindparam("center_id"),
            ChannelIdentity.channel == sa.bindparam("channel"),
            ChannelIdentity.address == sa.bindparam("address"),
        )
    )


async def set_opt_out(
    session: AsyncSession, *, identity: ChannelIdentity, opted_out: bool, now: datetime
) -> None:
    """STOP (opt out) or START (back in) on one channel."""
    identity.opted_out_at = now if opted_out else None
    if not opted_out:
        identity.unreachable_at = None
        identity.unreachable_reason = None
    await session.flush()


async def get_citizen(session: AsyncSession, *, center_id: int, citizen_id: int) -> Citizen | None:
    """A citizen of this center, or None (another center's citizen is as good as absent)."""
    return await session.scalar(
        sa.select(Citizen).where(Citizen.id == citizen_id, Citizen.center_id == center_id)
    )


async def get_identities(session: AsyncSession, *, identity_ids: set[int]) -> dict[int, ChannelIdentity]:
    """The channel identities with these ids that still exist, by id (one query)."""
    if not identity_ids:
        return {}
    rows = await session.scalars(_identities_statement(), {"ids": list(identity_ids)})
    return {identity.id: identity for identity in rows.all()}


@functools.cache
def _identities_statement() -> sa.Select[ChannelIdentity]:
    # Built once (the sender reads the recipients of every claim), the ids bound at execution.
    return sa.select(ChannelIdentity).where(ChannelIdentity.id.in_(sa.bindparam("ids", expanding=True)))


async def get_identity(session: AsyncSession, *, identity_id: int) -> ChannelIdentity | None:
    """The channel identity with this id, if it still exists."""
    return await session.get(ChannelIdentity, identity_id)
