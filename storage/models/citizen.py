"""Citizens and the channel addresses they write from."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import Channel, Language


class Citizen(Base):
    """A person served by one center; identifiers live in ``channel_identities``."""

    __tablename__ = "citizens"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    locale: Mapped[Language] = mapped_column(default=Language.EL)
    locale_confirmed: Mapped[bool] = mapped_column(default=False)
    display_name: Mapped[str | None] = mapped_column(sa.String(200))
    # A phone number the citizen gave for call-backs (E.164), distinct from the SMS address.
    callback_phone: Mapped[str | None] = mapped_column(sa.String(20))
    privacy_notice_at: Mapped[datetime | None]
    erasure_requested_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()
    last_seen_at: Mapped[datetime | None]


class ChannelIdentity(Base):
    """One address (Telegram chat id or E.164 phone) of a citizen on one channel of one center."""

    __tablename__ = "channel_identities"
    __table_args__ = (sa.UniqueConstraint("center_id", "channel", "address"),)

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    citizen_id: Mapped[int] = fk_column("citizens.id")
    channel: Mapped[Channel]
    address: Mapped[str] = mapped_column(sa.String(64))
    # STOP on this channel; nothing is sent while set, even rows already queued.
    opted_out_at: Mapped[datetime | None]
    # Blocked bot, Twilio 21610, invalid number: sending is pointless until the citizen writes again.
    unreachable_at: Mapped[datetime | None]
    unreachable_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = utcnow_column()
