"""Everything stored about one citizen, as plain JSON-ready data; every export is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.base import Base
from storage.enums import AuditActor
from storage.models import (
    Appointment,
    Case,
    CaseAttachment,
    CaseNote,
    ChannelIdentity,
    Citizen,
    Conversation,
    InboundMessage,
    OutboxMessage,
    Referral,
    Staff,
    Subscription,
    VisitBooking,
)


def _row(obj: Base) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        values[column.key] = (
            value.isoformat() if isinstance(value, datetime) else getattr(value, "value", value)
        )
    return values


async def export_citizen(
    session: AsyncSession, *, citizen: Citizen, staff: Staff, now: datetime
) -> dict[str, Any]:
    """The citizen, their channels, conversation, messages, cases (with notes, referrals, files) and bookings."""
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="citizen.export",
        object_type="citizen", object_id=citizen.id, now=now,
    )  # fmt: skip
    identities = (
        await session.scalars(sa.select(ChannelIdentity).where(ChannelIdentity.citizen_id == citizen.id))
    ).all()
    identity_ids = [identity.id for identity in identities]
    cases = (
        await session.scalars(sa.select(Case).where(Case.citizen_id == citizen.id).order_by(Case.id))
    ).all()
    case_ids = [case.id for case in cases]

    async def rows(model: type[Base], condition: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
        found = await session.scalars(sa.select(model).where(condition))
        return [_row(item) for item in found.all()]

    return {
        "citizen": _row(citizen),
        "channel_identities": [_row(identity) for identity in identities],
        "conversations": await rows(Conversation, Conversation.identity_id.in_(identity_ids)),
        "inbound_messages": await rows(InboundMessage, InboundMessage.identity_id.in_(identity_ids)),
        "outbound_messages": await rows(OutboxMessage, OutboxMessage.identity_id.in_(identity_ids)),
        "cases": [_row(case) for case in cases],
        "case_notes": await rows(CaseNote, CaseNote.case_id.in_(case_ids)),
        "referrals": await rows(Referral, Referral.case_id.in_(case_ids)),
        "attachments": await rows(CaseAttachment, CaseAttachment.case_id.in_(case_ids)),
        "subscriptions": await rows(Subscription, Subscription.identity_id.in_(identity_ids)),
        "appointments": await rows(Appointment, Appointment.citizen_id == citizen.id),
        "visit_bookings": await rows(VisitBooking, VisitBooking.citizen_id == citizen.id),
    }
