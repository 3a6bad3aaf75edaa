"""Sending one booking message to one citizen, quietly skipping citizens who cannot be reached."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.notify import CannotReply, notify
from bot.outbound import Outbound
from storage.contacts import contact_of
from storage.models import Center, ChannelIdentity, Citizen


async def citizen_contact(
    session: AsyncSession, citizen_id: int | None
) -> tuple[ChannelIdentity, str] | None:
    """The identity to write to and the citizen's language, or None (erased)."""
    identity = await contact_of(session, citizen_id=citizen_id)
    if identity is None:
        return None
    citizen = await session.get_one(Citizen, identity.citizen_id)
    return identity, citizen.locale.value


async def send_once(
    session: AsyncSession,
    *,
    center: Center,
    identity: ChannelIdentity,
    locale: str,
    message: Outbound,
    dedupe_key: str,
    now: datetime,
) -> int:
    """Queue a message at most once ever; 0 when it went before or the citizen cannot be reached (STOP…)."""
    try:
        return await notify(
            session, center=center, identity=identity, message=message, locale=locale, now=now,
            dedupe_key=dedupe_key,
        )  # fmt: skip
    except CannotReply:
        return 0
