"""Setting passwords: one's own change, and one-time links (a new colleague's first, a reset by an admin)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor
from storage.models import Staff, StaffInvite
from storage.passwords import Passwords
from storage.staff import StaffError, set_password
from storage.tokens import revoke_all_tokens, token_hash

INVITE_VALID = timedelta(hours=72)


def invite_url(public_url: str, token: str) -> str:
    """The set-password page with the token in the fragment, which browsers never send to a server."""
    return f"{public_url.rstrip('/')}/set-password#{token}"


async def create_invite(session: AsyncSession, *, staff: Staff, admin: Staff, now: datetime) -> str:
    """A fresh link token for ``staff`` (shown once; stored hashed); earlier unused links stop working."""
    await session.execute(
        sa.update(StaffInvite)
        .where(StaffInvite.staff_id == staff.id, StaffInvite.used_at.is_(None))
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        StaffInvite(
            staff_id=staff.id, token_hash=token_hash(token), created_by=admin.id, created_at=now,
            expires_at=now + INVITE_VALID,
        )
    )  # fmt: skip
    await session.flush()
    await record_audit(
        session, center_id=admin.center_id, actor=AuditActor.STAFF, staff_id=admin.id, action="staff.invite",
        object_type="staff", object_id=staff.id, now=now,
    )  # fmt: skip
    return token


async def redeem_invite(
    session: AsyncSession, *, token: str, password: str, passwords: Passwords, now: datetime
) -> Staff | None:
    """Set the password of the link's account and use the link up; None for an unknown, used or expired link.

    The link is taken with one conditional update, so two clicks cannot both use it; every session of the
    account ends (a reset after a lost password must lock out whoever had it).
    """
    used = await session.execute(
        sa.update(StaffInvite)
        .where(
            StaffInvite.token_hash == token_hash(token),
            StaffInvite.used_at.is_(None),
            StaffInvite.expires_at > now,
        )
        .values(used_at=now)
        .returning(StaffInvite.staff_id)
    )
    staff_id = used.scalar_one_or_none()
    staff = await session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None or not staff.active:
        return None
    await set_password(session, staff=staff, password=password, passwords=passwords)
    await revoke_all_tokens(session, staff_id=staff.id, now=now)
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id,
        action="staff.set_password", object_type="staff", object_id=staff.id, now=now,
    )  # fmt: skip
    return staff


async def change_own_password(
    session: AsyncSession,
    *,
    staff: Staff,
    current: str,
    new: str,
    passwords: Passwords,
    now: datetime,
    keep_token: str | None = None,
) -> None:
    """Replace one's password after checking the current one; one's other sessions end. StaffError if wrong."""
    if not await passwords.verify(staff.password_hash, current):
        raise StaffError("the current password is not right")
    await set_password(session, staff=staff, password=new, passwords=passwords)
    await revoke_all_tokens(session, staff_id=staff.id, now=now, keep=keep_token)
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id,
        action="staff.password", object_type="staff", object_id=staff.id, now=now,
    )  # fmt: skip
