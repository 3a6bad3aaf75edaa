"""Staff calendar feeds: one revocable secret per staff member, stored only as its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor
from storage.models import Staff


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def issue_calendar_secret(session: AsyncSession, *, staff: Staff, now: datetime) -> str:
    """A new feed secret for the staff member; the one before stops working."""
    secret = secrets.token_urlsafe(32)
    staff.calendar_feed_hash = _hash(secret)
    await session.flush()
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="calendar.issue",
        object_type="staff", object_id=staff.id, now=now,
    )  # fmt: skip
    return secret


async def revoke_calendar_secret(session: AsyncSession, *, staff: Staff, now: datetime) -> None:
    """The staff member's feed stops working."""
    staff.calendar_feed_hash = None
    await session.flush()
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="calendar.revoke",
        object_type="staff", object_id=staff.id, now=now,
    )  # fmt: skip


async def staff_of_calendar_secret(session: AsyncSession, *, secret: str) -> Staff | None:
    """The active staff member whose feed this secret opens, or None."""
    return await session.scalar(
        sa.select(Staff).where(Staff.calendar_feed_hash == _hash(secret), Staff.active.is_(True))
    )
