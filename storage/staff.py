"""Staff accounts: creation and password hashing (argon2)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import StaffRole
from storage.models import Staff

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


class StaffError(ValueError):
    """A staff account cannot be created or changed as asked."""


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether a password matches its hash, without raising on a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or " " in email:
        raise StaffError(f"{email!r} is not an e-mail address")
    return email


async def create_staff(
    session: AsyncSession,
    *,
    center_id: int,
    role: StaffRole,
    email: str,
    password: str,
    now: datetime,
    full_name: str | None = None,
) -> Staff:
    """Create a staff account; refuses a short password or an e-mail already in use."""
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if await get_staff_by_email(session, email=email) is not None:
        raise StaffError(f"a staff account with e-mail {email} already exists")
    staff = Staff(
        center_id=center_id,
        role=role,
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        created_at=now,
    )
    session.add(staff)
    await session.flush()
    return staff


async def get_staff_by_email(session: AsyncSession, *, email: str) -> Staff | None:
    """The account with this e-mail, if any."""
    return await session.scalar(sa.select(Staff).where(Staff.email == normalise_email(email)))


async def set_password(session: AsyncSession, *, staff: Staff, password: str) -> None:
    """Replace a password and lift any lock-out."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    staff.password_hash = hash_password(password)
    staff.failed_logins = 0
    staff.locked_until = None
    await session.flush()
