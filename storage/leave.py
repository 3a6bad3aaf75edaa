"""Staff leave and blocked times: professionals of a service away for a while (closures stay in the file)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.availability import Blocked
from storage.audit import record_audit
from storage.enums import AuditActor
from storage.models import BlockedTime, Staff

LONGEST_LEAVE = timedelta(days=366)


def leave_times_valid(starts_at: datetime, ends_at: datetime) -> bool:
    """Leave ends after it starts and lasts at most a year (what may be entered, by the API or the console)."""
    return starts_at < ends_at <= starts_at + LONGEST_LEAVE


async def add_blocked_time(
    session: AsyncSession,
    *,
    staff: Staff,
    service: str,
    starts_at: datetime,
    ends_at: datetime,
    count: int,
    now: datetime,
) -> BlockedTime:
    """Record that ``count`` professionals of a service are away between two instants."""
    row = BlockedTime(
        center_id=staff.center_id, service=service, starts_at=starts_at, ends_at=ends_at, count=count,
        created_by=staff.id, created_at=now,
    )  # fmt: skip
    session.add(row)
    await session.flush()
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="leave.add",
        object_type="leave", object_id=row.id, now=now, details={"service": service, "count": count},
    )  # fmt: skip
    return row


async def list_blocked_times(
    session: AsyncSession, *, center_id: int, from_: datetime, to: datetime
) -> list[BlockedTime]:
    """Blocked times of a center overlapping ``[from_, to)``, earliest first."""
    rows = await session.scalars(
        sa.select(BlockedTime)
        .where(BlockedTime.center_id == center_id, BlockedTime.starts_at < to, BlockedTime.ends_at > from_)
        .order_by(BlockedTime.starts_at, BlockedTime.id)
    )
    return list(rows.all())


async def delete_blocked_time(session: AsyncSession, *, staff: Staff, blocked_id: int, now: datetime) -> bool:
    """Remove a blocked time of the staff member's center; False when there is none with that id."""
    row = await session.scalar(
        sa.select(BlockedTime).where(BlockedTime.id == blocked_id, BlockedTime.center_id == staff.center_id)
    )
    if row is None:
        return False
    await session.delete(row)
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="leave.delete",
        object_type="leave", object_id=blocked_id, now=now,
    )  # fmt: skip
    return True


async def blocked_between(
    session: AsyncSession, *, center_id: int, from_: datetime, to: datetime
) -> tuple[Blocked, ...]:
    """The blocked times of a range as the availability function takes them."""
    rows = await list_blocked_times(session, center_id=center_id, from_=from_, to=to)
    return tuple(Blocked(row.service, row.starts_at, row.ends_at, row.count) for row in rows)
