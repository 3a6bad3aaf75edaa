"""Staff sign-in: password check slowed after failures, opaque bearer tokens stored as hashes, revocation."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Staff, StaffToken
from storage.passwords import Passwords
from storage.staff import UNUSABLE_PASSWORD, StaffError, get_staff_by_email
from storage.throttle import (
    ACCOUNT,
    ADDRESS,
    account_key,
    address_key,
    blocked_until,
    forget_failures,
    record_failure,
)


class SignInRefused(Exception):
    """Wrong e-mail or password, or the account is inactive; the message is safe to show."""


class SignInThrottled(SignInRefused):
    """Too many failed sign-ins for this account or from this address; try again after ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True)
class IssuedToken:
    """A new bearer token (shown once) and when it expires."""

    token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """The SHA-256 that is stored instead of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_in(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    passwords: Passwords,
    now: datetime,
    ttl: timedelta,
    address: str | None = None,
) -> IssuedToken:
    """Check the password and issue a token; failures slow the account and the address (storage.throttle).

    Known and unknown e-mails take the same time and get the same answers, "too many" included.
    """
    keys = {account_key(email): ACCOUNT} | ({address_key(address): ADDRESS} if address else {})
    until = await blocked_until(session, keys=list(keys), now=now)
    if until is not None:
        raise SignInThrottled(max(1, math.ceil((until - now).total_seconds())))
    try:
        staff = await get_staff_by_email(session, email=email)
    except StaffError:
        staff = None
    if staff is None or not staff.active or staff.password_hash == UNUSABLE_PASSWORD:
        await passwords.verify_nobody(password)
        staff = None
    elif not await passwords.verify(staff.password_hash, password):
        staff = None
    if staff is None:
        for key, policy in keys.items():
            await record_failure(session, key=key, policy=policy, now=now)
        raise SignInRefused("incorrect e-mail or password")
    await forget_failures(session, key=account_key(email))
    staff.last_login_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        StaffToken(staff_id=staff.id, token_hash=token_hash(token), created_at=now, expires_at=now + ttl)
    )
    await session.flush()
    return IssuedToken(token, now + ttl)


async def staff_for_token(session: AsyncSession, *, token: str, now: datetime) -> Staff | None:
    """The active staff member a valid, unexpired, unrevoked token belongs to."""
    row = await session.scalar(
        sa.select(StaffToken).where(
            StaffToken.token_hash == token_hash(token),
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
        .where(StaffToken.token_hash == token_hash(token), StaffToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all_tokens(
    session: AsyncSession, *, staff_id: int, now: datetime, keep: str | None = None
) -> None:
    """End every session of a staff member (but the one of ``keep``): their password changed."""
    statement = sa.update(StaffToken).where(StaffToken.staff_id == staff_id, StaffToken.revoked_at.is_(None))
    if keep is not None:
        statement = statement.where(StaffToken.token_hash != token_hash(keep))
    await session.execute(statement.values(revoked_at=now))
