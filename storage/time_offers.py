"""Times staff offered a citizen from a case: read back from the offer message itself, as job answers are."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage

# An offer's outbox rows carry this dedupe key prefix, so a reply can find the whole offer it answers.
PREFIX = "offer:{case_id}:"
# How many recent offers of a case are searched for the one a reply answers.
RECENT = 5


def offer_dedupe_prefix(case_id: int) -> str:
    """The start of the dedupe key of every offer message of a case."""
    return PREFIX.format(case_id=case_id)


async def offered_keys(session: AsyncSession, *, case_id: int, identity_id: int, key: str) -> list[str]:
    """The choice keys of the newest offer of this case to this identity holding ``key`` (empty: never sent)."""
    payloads = await session.scalars(
        sa.select(OutboxMessage.payload)
        .where(
            OutboxMessage.identity_id == identity_id,
            OutboxMessage.dedupe_key.like(f"{offer_dedupe_prefix(case_id)}%"),
        )
        .order_by(OutboxMessage.id.desc())
        .limit(RECENT)
    )
    for payload in payloads:
        keys = [str(choice) for choice in (payload or {}).get("choice_keys") or ()]
        if key in keys:
            return keys
    return []
