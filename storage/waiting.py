"""The waiting list: citizens who found no time that suits, offered a freed time one at a time, oldest first."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, WaitingStatus
from storage.models import WaitingEntry
from storage.upsert import insert_ignoring_conflict

LIVE = (WaitingStatus.WAITING, WaitingStatus.OFFERED)
# An offer nobody answered within a day stops holding the citizen's turn: they may be offered the next one.
OFFER_HELD = timedelta(days=1)


async def join_waiting_list(
    session: AsyncSession, *, center_id: int, citizen_id: int, service: str, now: datetime
) -> WaitingEntry:
    """Put a citizen on a service's waiting list; asking again keeps their place in the queue."""
    inserted = await insert_ignoring_conflict(
        session,
        WaitingEntry,
        {"center_id": center_id, "citizen_id": citizen_id, "service": service,
         "status": WaitingStatus.WAITING, "created_at": now},
        ["center_id", "service", "citizen_id"],
        index_where=WaitingEntry.status.in_(LIVE),
    )  # fmt: skip
    entry = await session.scalar(
        sa.select(WaitingEntry).where(
            WaitingEntry.center_id == center_id,
            WaitingEntry.service == service,
            WaitingEntry.citizen_id == citizen_id,
            WaitingEntry.status.in_(LIVE),
        )
    )
    assert entry is not None
    if inserted is not None:
        await record_audit(
            session, center_id=center_id, actor=AuditActor.CITIZEN, action="waiting_list.join",
            object_type="waiting_entry", object_id=entry.id, now=now, details={"service": service},
        )  # fmt: skip
    return entry


async def next_in_line(
    session: AsyncSession, *, center_id: int, service: str, starts_at: datetime, now: datetime
) -> WaitingEntry | None:
    """Who is offered a freed time: the oldest waiting entry not offered it before (none while one holds it)."""
    of_service = (WaitingEntry.center_id == center_id, WaitingEntry.service == service)
    holding = (WaitingEntry.status == WaitingStatus.OFFERED, WaitingEntry.offered_at > now - OFFER_HELD)
    held = await session.scalar(
        sa.select(WaitingEntry.id).where(*of_service, *holding, WaitingEntry.offered_starts_at == starts_at)
    )
    if held is not None:
        return None
    return await session.scalar(
        sa.select(WaitingEntry)
        .where(
            *of_service,
            WaitingEntry.citizen_id.is_not(None),
            sa.or_(
                WaitingEntry.status == WaitingStatus.WAITING,
                sa.and_(
                    WaitingEntry.status == WaitingStatus.OFFERED, WaitingEntry.offered_at <= now - OFFER_HELD
                ),
            ),
            sa.or_(WaitingEntry.offered_starts_at.is_(None), WaitingEntry.offered_starts_at != starts_at),
        )
        .order_by(WaitingEntry.created_at, WaitingEntry.id)
        .limit(1)
    )


async def _change(session: AsyncSession, statement: sa.Update) -> bool:
    result = cast(CursorResult[tuple[()]], await session.execute(statement))
    return result.rowcount == 1


async def mark_offered(
    session: AsyncSession, *, entry: WaitingEntry, starts_at: datetime, now: datetime
) -> bool:
    """Record that a freed time is offered to this entry; False when another request offered it meanwhile."""
    changed = await _change(
        session,
        sa.update(WaitingEntry)
        .where(WaitingEntry.id == entry.id, WaitingEntry.status == entry.status)
        .where(sa.or_(WaitingEntry.offered_at.is_(None), WaitingEntry.offered_at == entry.offered_at))
        .values(status=WaitingStatus.OFFERED, offered_starts_at=starts_at, offered_at=now)
        .execution_options(synchronize_session=False),
    )
    await session.refresh(entry)
    return changed


async def get_entry(session: AsyncSession, *, entry_id: int, citizen_id: int) -> WaitingEntry | None:
    """A live waiting-list entry of this citizen, or None."""
    return await session.scalar(
        sa.select(WaitingEntry)
        .where(
            WaitingEntry.id == entry_id,
            WaitingEntry.citizen_id == citizen_id,
            WaitingEntry.status.in_(LIVE),
        )
        .execution_options(populate_existing=True)
    )


async def wait_again(session: AsyncSession, *, entry: WaitingEntry) -> None:
    """The citizen turned an offer down, or it was taken first: back to waiting, keeping their place."""
    entry.status = WaitingStatus.WAITING
    await session.flush()


async def close_waiting(
    session: AsyncSession, *, center_id: int, citizen_id: int, service: str, now: datetime
) -> None:
    """The citizen booked a time of this service: they wait no more."""
    await session.execute(
        sa.update(WaitingEntry)
        .where(
            WaitingEntry.center_id == center_id,
            WaitingEntry.citizen_id == citizen_id,
            WaitingEntry.service == service,
            WaitingEntry.status.in_(LIVE),
        )
        .values(status=WaitingStatus.BOOKED, closed_at=now)
        .execution_options(synchronize_session=False)
    )
