"""Cases (structured requests), their notes, attachments and referrals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import (
    CaseCategory,
    CasePriority,
    CaseSource,
    CaseStatus,
    Channel,
    ConsentHow,
    ContactPreference,
    ForWhom,
    Language,
    ReferralStatus,
)


def staff_ref() -> Mapped[int | None]:
    """A staff id kept for the record."""
    # No foreign key: accounts are switched off, never deleted, and adding one would make SQLite copy the table.
    return mapped_column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"))


class Case(Base):
    """A citizen's request as staff see it in the queue."""

    __tablename__ = "cases"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id", index=False)
    # Short reference the citizen quotes, e.g. KK-7F3Q.
    reference: Mapped[str] = mapped_column(sa.String(16), unique=True)
    citizen_id: Mapped[int | None] = fk_column("citizens.id", nullable=True)
    identity_id: Mapped[int | None] = fk_column("channel_identities.id", nullable=True, index=False)
    channel: Mapped[Channel]
    language: Mapped[Language]
    category: Mapped[CaseCategory]
    # Stored as 0..3 beside the name so the queue sorts with one index.
    priority: Mapped[CasePriority]
    priority_rank: Mapped[int] = mapped_column(sa.SmallInteger)
    status: Mapped[CaseStatus] = mapped_column(default=CaseStatus.NEW)
    source: Mapped[CaseSource] = mapped_column(default=CaseSource.REQUEST)
    summary: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # Summary and description case folded and without accents, for the queue's search (storage.search).
    search_text: Mapped[str | None] = mapped_column(sa.Text)
    # The structured answers of the request flow (for whom, ΕΕΕ, homeless, disability, …).
    answers: Mapped[dict[str, Any]]
    for_whom: Mapped[ForWhom | None]
    contact_preference: Mapped[ContactPreference | None]
    contact_phone: Mapped[str | None] = mapped_column(sa.String(20))
    consent_share: Mapped[bool] = mapped_column(default=False)
    consent_at: Mapped[datetime | None]
    # Consent asked in the chat, or recorded by staff after a phone call or a visit (who, and a note).
    consent_how: Mapped[ConsentHow | None]
    consent_by_id: Mapped[int | None] = staff_ref()
    consent_note: Mapped[str | None] = mapped_column(sa.String(500))
    assignee_id: Mapped[int | None] = fk_column("staff.id", nullable=True)
    due_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Why a case closed other than by staff's hand ("erased": the citizen's data was erased), and by whom.
    closed_reason: Mapped[str | None] = mapped_column(sa.String(32))
    closed_by_id: Mapped[int | None] = staff_ref()
    anonymised_at: Mapped[datetime | None]
    # The case as a thread: while open, the citizen's free text goes to it instead of the menu.
    thread_open_until: Mapped[datetime | None]
    # The citizen wrote after the team's last reply (the queue shows it as waiting for us).
    citizen_replied_at: Mapped[datetime | None]
    # Citizen messages the assignee has not read yet.
    unread: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the citizen last got the automatic "your message reached the team" (at most hourly).
    acknowledged_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


# The queue: one center, open statuses, most urgent then oldest, id as the tie-breaker for cursors.
sa.Index("ix_cases_queue", Case.center_id, Case.status, Case.priority_rank, Case.created_at, Case.id)
sa.Index("ix_cases_center_created", Case.center_id, Case.created_at)
# The whole queue (no status filter), and priority filters, which filter on the rank for this index.
sa.Index("ix_cases_center_rank", Case.center_id, Case.priority_rank, Case.created_at, Case.id)


class WebhookDelivery(Base):
    """A new case announced to the center's own system, retried until it is accepted."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    case_id: Mapped[int | None] = fk_column("cases.id", nullable=True, ondelete="SET NULL")
    event: Mapped[str] = mapped_column(sa.String(40))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = utcnow_column()
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = utcnow_column()
    delivered_at: Mapped[datetime | None]


sa.Index("ix_webhook_deliveries_due", WebhookDelivery.status, WebhookDelivery.next_attempt_at)


class CaseNote(Base):
    """A private note of staff on a case."""

    __tablename__ = "case_notes"

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = fk_column("cases.id", ondelete="CASCADE")
    author_id: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = utcnow_column()


class CaseAttachment(Base):
    """A photo or document the citizen sent while a request was open."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = fk_column("cases.id", ondelete="CASCADE")
    inbound_id: Mapped[int | None] = fk_column("inbound_messages.id", nullable=True, index=False)
    kind: Mapped[str] = mapped_column(sa.String(20))
    provider_file_id: Mapped[str] = mapped_column(sa.String(200))
    file_name: Mapped[str | None] = mapped_column(sa.String(200))
    mime_type: Mapped[str | None] = mapped_column(sa.String(100))
    size_bytes: Mapped[int | None]
    created_at: Mapped[datetime] = utcnow_column()


class Referral(Base):
    """A referral of a case to another agency, with the consent given at the time."""

    __tablename__ = "referrals"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    case_id: Mapped[int] = fk_column("cases.id", ondelete="CASCADE")
    agency: Mapped[str] = mapped_column(sa.String(60))
    agency_detail: Mapped[str | None] = mapped_column(sa.String(200))
    reason: Mapped[str] = mapped_column(sa.Text)
    consent_snapshot: Mapped[dict[str, Any]]
    status: Mapped[ReferralStatus] = mapped_column(default=ReferralStatus.SENT)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    outcome_reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


class CaseAlert(Base):
    """One round of alerts about an unclaimed urgent case (0 first, then a repeat every few minutes).

    The unique (case, round) makes the alerts job safe to run twice; the body holds no personal data.
    """

    __tablename__ = "case_alerts"
    __table_args__ = (sa.UniqueConstraint("case_id", "round"),)

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    case_id: Mapped[int] = fk_column("cases.id", ondelete="CASCADE", index=False)
    round: Mapped[int] = mapped_column(sa.SmallInteger)
    escalated: Mapped[bool] = mapped_column(default=False)
    out_of_hours: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    # E-mail goes straight to SMTP, not through the outbox: none, pending, sent or failed.
    email_state: Mapped[str] = mapped_column(sa.String(16), default="none")
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_claimed_at: Mapped[datetime | None]
    email_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = utcnow_column()


sa.Index("ix_case_alerts_email", CaseAlert.email_state, CaseAlert.created_at)
