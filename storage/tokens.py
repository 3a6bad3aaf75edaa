"""Staff sign-in: password check with lock-out, opaque bearer tokens stored as hashes, revocation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Staff, StaffToken
from storage.passwords import Passwords
from storage.staff import StaffError, get_staff_by_email

MAX_FAILED_LOGINS = 6
LOCKOUT = timedelta(minutes=15)


class SignInRefused(Exception):
    """Wrong e-mail or password, or the account is locked or inactive; the message is safe to show."""


@dataclass(frozen=True)
class IssuedToken:
    """A new bearer token (shown once) and when it expires."""

    token: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_in(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    passwords: Passwords,
    now: datetime,
    ttl: timedelta,
) -> IssuedToken:
    """Check the password (locking the account after repeated failures) and issue a token."""
    try:
        staff = await get_staff_by_email(session, email=email)
    except StaffError:
        staff = None
    if staff is None or not staff.active:
        await passwords.verify_nobody(password)
        raise SignInRefused("incorrect e-mail or password")
    if staff.locked_until is not None and staff.locked_until > now:
        raise SignInRefused("too many wrong passwords; try again later")
    if not await passwords.verify(staff.password_hash, password):
        staff.failed_logins += 1
        if staff.failed_logins >= MAX_FAILED_LOGINS:
            staff.locked_until = now + LOCKOUT
            staff.failed_logins = 0
        raise SignInRefused("incorrect e-mail or password")
    staff.failed_logins = 0
    staff.locked_until = None
    staff.last_login_at = now
    token = secrets.token_urlsafe(32)
    session.add(StaffToken(staff_id=staff.id, token_hash=_hash(token), created_at=now, expires_at=now + ttl))
    await session.flush()
    return IssuedToken(token, now + ttl)


async def staff_for_token(session: AsyncSession, *, token: str, now: datetime) -> Staff | None:
    """The active staff member a valid, unexpired, unrevoked token belongs to."""
    row = await session.scalar(
        sa.select(StaffToken).where(
            StaffToken.token_hash == _hash(token),
            StaffToken.revoked_at.is_(None),
            StaffToken.expires_at > now,
        )
    )
    if row is None:
        return None
    staff = await session.get(Staff, row.staff_id)
    if staff is None or not staff.active:
        return None
    row.last_used_at = now
    return staff


async def revoke_token(session: AsyncSession, *, token: str, now: datetime) -> None:
    """Revoke one token (logout)."""
    await session.execute(
        sa.update(StaffToken)
        .where(StaffToken.token_hash == _hash(token), StaffToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
