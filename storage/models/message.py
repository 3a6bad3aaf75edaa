"""Inbound messages (stored before processing) and the outbox (sent by the sender job)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import Channel, InboundKind, InboundStatus, OutboxStatus

_WAITING = sa.text("status = 'received'")


class InboundMessage(Base):
    """A message exactly as a provider delivered it; the unique provider id drops redeliveries."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        sa.UniqueConstraint("channel", "provider_id"),
        # A citizen's messages still waiting for an answer, oldest first, however many others wait.
        sa.Index(
            "ix_inbound_waiting",
            "center_id",
            "channel",
            "address",
            "id",
            sqlite_where=_WAITING,
            postgresql_where=_WAITING,
        ),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    identity_id: Mapped[int | None] = fk_column("channel_identities.id", nullable=True)
    channel: Mapped[Channel]
    # Twilio MessageSid, or "<bot id>:<update_id>" for Telegram.
    provider_id: Mapped[str] = mapped_column(sa.String(80))
    # Who wrote (chat id or E.164), kept so a message stored before a crash can be answered later.
    address: Mapped[str | None] = mapped_column(sa.String(64))
    kind: Mapped[InboundKind]
    text: Mapped[str | None] = mapped_column(sa.Text)
    payload: Mapped[dict[str, Any]]
    status: Mapped[InboundStatus] = mapped_column(default=InboundStatus.RECEIVED, index=True)
    error: Mapped[str | None] = mapped_column(sa.String(200))
    # Failed attempts to answer it; past a limit the message is parked instead of retried forever.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    received_at: Mapped[datetime] = utcnow_column(index=True)
    processed_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A rendered outbound message, written in the transaction that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    identity_id: Mapped[int | None] = fk_column("channel_identities.id", nullable=True)
    channel: Mapped[Channel]
    to_address: Mapped[str] = mapped_column(sa.String(64))
    locale: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)
    # Provider-specific extras: inline keyboard, parse mode, SMS segment count and encoding.
    payload: Mapped[dict[str, Any]]
    status: Mapped[OutboxStatus] = mapped_column(default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = utcnow_column()
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    provider_id: Mapped[str | None] = mapped_column(sa.String(80), unique=True)
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    # Makes reminders and announcements idempotent: a job that runs twice queues nothing twice.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    inbound_id: Mapped[int | None] = fk_column("inbound_messages.id", nullable=True)
    case_id: Mapped[int | None] = fk_column("cases.id", nullable=True)
    staff_id: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    # Progress of an announcement is counted from its rows.
    announcement_id: Mapped[int | None] = fk_column("announcements.id", nullable=True)
    created_at: Mapped[datetime] = utcnow_column()
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = utcnow_column()


# The sender's claim query: due rows in order, and "nothing earlier still waiting for this address".
sa.Index("ix_outbox_due", OutboxMessage.status, OutboxMessage.next_attempt_at)
sa.Index("ix_outbox_address", OutboxMessage.channel, OutboxMessage.to_address, OutboxMessage.status)


class DeliveryReceipt(Base):
    """A provider's status callback, kept so a receipt that beats our own record of the send is not lost."""

    __tablename__ = "delivery_receipts"
    __table_args__ = (sa.UniqueConstraint("provider_id", "status"),)

    id: Mapped[int] = id_column()
    provider_id: Mapped[str] = mapped_column(sa.String(80), index=True)
    status: Mapped[OutboxStatus]
    error_code: Mapped[str | None] = mapped_column(sa.String(16))
    received_at: Mapped[datetime] = utcnow_column()
