"""Staff replies: rendered for the citizen's channel and queued in the outbox, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.sms.render import SmsOptions, render_sms
from bot.channels.telegram.render import render_telegram
from bot.outbound import Outbound, Text
from storage.audit import record_audit
from storage.enums import AuditActor, CaseStatus, Channel
from storage.messages import enqueue_outbound
from storage.models import Case, Center, ChannelIdentity, OutboxMessage, Staff


class CannotReply(ValueError):
    """The citizen cannot be reached on their channel (erased, opted out, unreachable)."""


async def reply_to_citizen(
    session: AsyncSession, *, case: Case, staff: Staff, text: str, now: datetime
) -> list[OutboxMessage]:
    """Send staff's words to the citizen on the channel of the case; the first reply starts the clock."""
    identity = await session.get(ChannelIdentity, case.identity_id) if case.identity_id else None
    if identity is None:
        raise CannotReply("the citizen's contact details were erased")
    if identity.opted_out_at is not None:
        raise CannotReply("the citizen wrote STOP and receives no messages")
    if identity.unreachable_at is not None:
        raise CannotReply(
            f"the citizen cannot be reached on {identity.channel.value} ({identity.unreachable_reason})"
        )
    center = await session.get_one(Center, case.center_id)
    message = Outbound((Text.verbatim(text),), essential=True)
    if identity.channel is Channel.SMS:
        pages = render_sms(
            message, case.language.value, SmsOptions(center.greek_caps, center.sms_segment_cap)
        )
    else:
        pages = render_telegram(message, case.language.value)
    rows = [
        await enqueue_outbound(
            session,
            center_id=case.center_id,
            identity_id=identity.id,
            channel=identity.channel,
            to_address=identity.address,
            locale=case.language.value,
            body=page.body,
            payload=dict(page.payload),
            now=now,
            case_id=case.id,
            staff_id=staff.id,
        )
        for page in pages
    ]
    if case.first_response_at is None:
        case.first_response_at = now
    if case.status is CaseStatus.NEW:
        case.status = CaseStatus.IN_PROGRESS
    case.updated_at = now
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.reply",
        object_type="case", object_id=case.id, now=now, details={"outbox_ids": [row.id for row in rows]},
    )  # fmt: skip
    return rows
