"""Centers (tenants) and the places their mobile unit serves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column


class Center(Base):
    """A Community Center: the tenant every other row belongs to."""

    __tablename__ = "centers"

    id: Mapped[int] = id_column()
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    # Localized texts are {"el": …, "en": …}; Greek is always present.
    name: Mapped[dict[str, Any]]
    municipality: Mapped[dict[str, Any]]
    region: Mapped[dict[str, Any]]
    address: Mapped[dict[str, Any]]
    phones: Mapped[list[str]]
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(254))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Athens")
    # {"mon": [["08:00", "15:30"]], …}; extended hours count as open for contact with a person.
    hours: Mapped[dict[str, Any]]
    extended_hours: Mapped[dict[str, Any]]
    closed_dates: Mapped[list[str]]
    staffing: Mapped[dict[str, Any]]
    # Booking rules of the centers file: {"psychologist": 50}, [{"id", "languages", "hours"}], [24, 2].
    slot_minutes: Mapped[dict[str, Any]] = mapped_column(server_default=sa.text("'{}'"))
    interpreters: Mapped[list[Any]] = mapped_column(server_default=sa.text("'[]'"))
    reminder_hours: Mapped[list[Any]] = mapped_column(server_default=sa.text("'[24, 2]'"))
    services: Mapped[list[str]]
    mobile_unit: Mapped[bool] = mapped_column(default=False)
    home_visits: Mapped[bool] = mapped_column(default=False)
    # Only the number lives here (it routes inbound SMS); tokens and secrets stay in process memory.
    sms_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    telegram_enabled: Mapped[bool] = mapped_column(default=False)
    greek_caps: Mapped[bool] = mapped_column(default=False)
    sms_segment_cap: Mapped[int] = mapped_column(default=4)
    sla_hours: Mapped[int] = mapped_column(default=48)
    # Answer targets in minutes per priority: {"urgent": 15, "high": 240, "normal": 2880, "low": 10080}.
    sla_minutes: Mapped[dict[str, Any]] = mapped_column(server_default=sa.text("'{}'"))
    # New cases are POSTed here as signed JSON (the signing secret stays in process memory).
    case_webhook_url: Mapped[str | None] = mapped_column(sa.String(500))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


class Area(Base):
    """A village or island the center's mobile unit visits."""

    __tablename__ = "areas"
    __table_args__ = (sa.UniqueConstraint("center_id", "slug"),)

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    slug: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[dict[str, Any]]
    # Other spellings citizens use (Greeklish, without accents); fuzzy matching starts from these.
    aliases: Mapped[list[str]]
    kind: Mapped[str] = mapped_column(sa.String(20), default="village")
    active: Mapped[bool] = mapped_column(default=True)
