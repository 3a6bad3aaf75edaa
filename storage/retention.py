"""Retention: what is past its period is deleted (messages, state, receipts, tokens) or anonymised (cases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import CaseStatus, OutboxStatus
from storage.models import (
    Case,
    CaseAttachment,
    Conversation,
    DeliveryReceipt,
    InboundMessage,
    OutboxMessage,
    StaffInvite,
    StaffToken,
)
from storage.privacy import ERASED_SUMMARY
from storage.throttle import purge_failures


@dataclass(frozen=True)
class RetentionPeriods:
    """How long each kind of record is kept."""

    messages: timedelta
    conversations: timedelta
    receipts: timedelta
    closed_cases: timedelta
    tokens: timedelta


async def purge(session: AsyncSession, *, now: datetime, periods: RetentionPeriods) -> dict[str, int]:
    """Delete or anonymise what is past its period; the number of rows per kind."""
    done: dict[str, int] = {}
    finished = (
        OutboxStatus.SENT,
        OutboxStatus.DELIVERED,
        OutboxStatus.UNDELIVERED,
        OutboxStatus.FAILED,
        OutboxStatus.CANCELLED,
    )
    done["outbox"] = await _delete(
        session,
        sa.delete(OutboxMessage).where(
            OutboxMessage.created_at < now - periods.messages, OutboxMessage.status.in_(finished)
        ),
    )
    old_inbound = sa.select(InboundMessage.id).where(InboundMessage.received_at < now - periods.messages)
    # Rows that outlive the message they answered (or the file they came with) just lose the link.
    await session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.inbound_id.in_(old_inbound)).values(inbound_id=None)
    )
    await session.execute(
        sa.update(CaseAttachment).where(CaseAttachment.inbound_id.in_(old_inbound)).values(inbound_id=None)
    )
    done["inbound_messages"] = await _delete(
        session, sa.delete(InboundMessage).where(InboundMessage.id.in_(old_inbound))
    )
    done["conversations"] = await _delete(
        session, sa.delete(Conversation).where(Conversation.updated_at < now - periods.conversations)
    )
    done["delivery_receipts"] = await _delete(
        session, sa.delete(DeliveryReceipt).where(DeliveryReceipt.received_at < now - periods.receipts)
    )
    done["staff_tokens"] = await _delete(
        session, sa.delete(StaffToken).where(StaffToken.expires_at < now - periods.tokens)
    )
    done["staff_invites"] = await _delete(
        session, sa.delete(StaffInvite).where(StaffInvite.expires_at < now - periods.tokens)
    )
    # Failed sign-ins are forgotten within the hour anyway; their rows go a day later.
    done["sign_in_failures"] = await purge_failures(session, before=now - timedelta(days=1))
    old_closed = sa.select(Case.id).where(
        Case.status == CaseStatus.CLOSED,
        Case.closed_at < now - periods.closed_cases,
        Case.anonymised_at.is_(None),
    )
    await session.execute(sa.delete(CaseAttachment).where(CaseAttachment.case_id.in_(old_closed)))
    result = await session.execute(
        sa.update(Case)
        .where(Case.id.in_(old_closed))
        .values(
            summary=ERASED_SUMMARY,
            description=None,
            search_text=None,
            answers={},
            contact_phone=None,
            anonymised_at=now,
        )
    )
    done["cases_anonymised"] = int(result.rowcount)  # type: ignore[attr-defined]
    return done


async def _delete(session: AsyncSession, statement: sa.Delete) -> int:
    result = await session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]
