"""Staff accounts and their bearer tokens."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import StaffRole


class Staff(Base):
    """A person who works at one center."""

    __tablename__ = "staff"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[StaffRole]
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # The secret of the staff member's calendar feed (/ical/<secret>.ics), kept only as its SHA-256 hash.
    calendar_feed_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True, unique=True)
    created_at: Mapped[datetime] = utcnow_column()


class StaffToken(Base):
    """An opaque bearer token, stored only as its SHA-256 hash."""

    __tablename__ = "staff_tokens"

    id: Mapped[int] = id_column()
    staff_id: Mapped[int] = fk_column("staff.id", ondelete="CASCADE")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = utcnow_column()
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class StaffInvite(Base):
    """A one-time link to set one's password (a new colleague, or a reset by an administrator)."""

    __tablename__ = "staff_invites"

    id: Mapped[int] = id_column()
    staff_id: Mapped[int] = fk_column("staff.id", ondelete="CASCADE")
    # SHA-256 of the token in the link; the token itself is shown once, to the administrator.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    created_at: Mapped[datetime] = utcnow_column()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class SignInFailures(Base):
    """Recent failed sign-ins of one account (by e-mail hash, known or not) or one address; slows the next."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = id_column()
    # "account:<sha256 of the e-mail>" or "address:<client IP>".
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = utcnow_column()
    blocked_until: Mapped[datetime | None]
