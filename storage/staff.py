"""Staff accounts: creation, changes by an administrator (audited) and password hashing (argon2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, StaffRole
from storage.models import Staff
from storage.passwords import Passwords

MIN_PASSWORD_LENGTH = 10
# The hash of an account waiting for its set-password link: not argon2, so no password ever matches it.
UNUSABLE_PASSWORD = "!"  # noqa: S105


class StaffError(ValueError):
    """A staff account cannot be created or changed as asked."""


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
    password: str | None,
    passwords: Passwords,
    now: datetime,
    full_name: str | None = None,
    admin: Staff | None = None,
) -> Staff:
    """Create a staff account (audited when an administrator creates it); refuses a weak password or a used e-mail.

    Without a password the account cannot sign in until its owner sets one through a link (storage.invites).
    """
    email = normalise_email(email)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if await get_staff_by_email(session, email=email) is not None:
        raise StaffError(f"a staff account with e-mail {email} already exists")
    staff = Staff(
        center_id=center_id,
        role=role,
        email=email,
        full_name=full_name,
        password_hash=UNUSABLE_PASSWORD if password is None else await passwords.hash(password),
        created_at=now,
    )
    session.add(staff)
    await session.flush()
    if admin is not None:
        await record_audit(
            session, center_id=admin.center_id, actor=AuditActor.STAFF, staff_id=admin.id, action="staff.create",
            object_type="staff", object_id=staff.id, now=now,
        )  # fmt: skip
    return staff


async def list_staff(session: AsyncSession, *, center_id: int) -> list[Staff]:
    """Every account of a center, oldest first."""
    rows = await session.scalars(sa.select(Staff).where(Staff.center_id == center_id).order_by(Staff.id))
    return list(rows.all())


async def get_colleague(session: AsyncSession, *, center_id: int, staff_id: int) -> Staff | None:
    """An account of this center, or None (another center's account is as good as absent)."""
    return await session.scalar(sa.select(Staff).where(Staff.id == staff_id, Staff.center_id == center_id))


async def update_staff(
    session: AsyncSession,
    *,
    admin: Staff,
    staff_id: int,
    now: datetime,
    role: StaffRole | None = None,
    active: bool | None = None,
) -> Staff | None:
    """Change a colleague's role or switch the account off; None when the account is not at the admin's center."""
    target = await get_colleague(session, center_id=admin.center_id, staff_id=staff_id)
    if target is None:
        return None
    changes: dict[str, Any] = {}
    if role is not None:
        target.role = role
        changes["role"] = role
    if active is not None:
        target.active = active
        changes["active"] = active
    await record_audit(
        session, center_id=admin.center_id, actor=AuditActor.STAFF, staff_id=admin.id, action="staff.update",
        object_type="staff", object_id=target.id, now=now, details=changes,
    )  # fmt: skip
    return target


async def get_staff_by_email(session: AsyncSession, *, email: str) -> Staff | None:
    """The account with this e-mail, if any."""
    return await session.scalar(sa.select(Staff).where(Staff.email == normalise_email(email)))


async def set_password(session: AsyncSession, *, staff: Staff, password: str, passwords: Passwords) -> None:
    """Replace a password and lift any lock-out."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    staff.password_hash = await passwords.hash(password)
    staff.failed_logins = 0
    staff.locked_until = None
    await session.flush()
