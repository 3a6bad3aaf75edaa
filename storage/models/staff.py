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
