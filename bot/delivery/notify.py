"""The one way a message reaches a citizen: a neutral message rendered for their channel, queued in the outbox.

Conversation replies, staff replies, apologies, reminders, booking changes and announcements all pass
here, in the caller's transaction, so reachability is checked once and every message has its segments known.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.rendered import Rendered
from bot.channels.sms.render import SmsOptions, render_sms
from bot.channels.telegram.render import render_telegram
from bot.outbound import Outbound, Text
from storage.audit import record_audit
from storage.citizens import get_identity
from storage.enums import AuditActor, CaseStatus, Channel
from storage.messages import enqueue_outbound, enqueue_outbound_once
from storage.models import Case, Center, ChannelIdentity, OutboxMessage, Staff
from storage.threads import mark_team_replied


class CannotReply(ValueError):
    """The citizen cannot be reached on their channel (erased, opted out, unreachable, channel off)."""


def render_for(message: Outbound, *, channel: Channel, locale: str, center: Center) -> list[Rendered]:
    """A neutral message as the pages the citizen's channel shows (SMS within the center's segment cap)."""
    if channel is Channel.TELEGRAM:
        return render_telegram(message, locale)
    return render_sms(message, locale, SmsOptions(center.greek_caps, center.sms_segment_cap))


def check_channel_on(center: Center, channel: Channel, *, sms_account: bool) -> None:
    """CannotReply when the center cannot send on this channel at all (no SMS set up, no Telegram bot)."""
    if channel is Channel.SMS and not (sms_account and center.sms_number):
        raise CannotReply("SMS is off at this center (no Twilio account or number configured)")
    if channel is Channel.TELEGRAM and not center.telegram_enabled:
        raise CannotReply("Telegram is off at this center (no bot configured)")


def check_reachable(identity: ChannelIdentity | None) -> ChannelIdentity:
    """The identity, or CannotReply saying why nothing can be sent to it."""
    if identity is None:
        raise CannotReply("the citizen's contact details were erased")
    if identity.opted_out_at is not None:
        raise CannotReply("the citizen wrote STOP and receives no messages")
    if identity.unreachable_at is not None:
        raise CannotReply(
            f"the citizen cannot be reached on {identity.channel.value} ({identity.unreachable_reason})"
        )
    return identity


async def queue_pages(
    session: AsyncSession,
    *,
    center_id: int,
    identity_id: int | None,
    channel: Channel,
    address: str,
    locale: str,
    pages: list[Rendered],
    now: datetime,
    **links: Any,
) -> list[OutboxMessage]:
    """Queue rendered pages for one citizen, in order (``links``: inbound_id, case_id, staff_id)."""
    rows = []
    for page in pages:
        payload = dict(page.payload)
        payload.setdefault("choices", [{"key": choice.key, "label": choice.label} for choice in page.choices])
        row = await enqueue_outbound(
            session, center_id=center_id, identity_id=identity_id, channel=channel, to_address=address,
            locale=locale, body=page.body, payload=payload, now=now, **links,
        )  # fmt: skip
        rows.append(row)
    return rows


async def notify(
    session: AsyncSession,
    *,
    center: Center,
    identity: ChannelIdentity,
    message: Outbound,
    locale: str,
    now: datetime,
    dedupe_key: str | None = None,
    **links: Any,
) -> int:
    """Render and queue a message for a reachable citizen; with a dedupe key, at most once ever.

    Returns how many outbox rows were queued (0 when the dedupe key was used before).
    """
    check_reachable(identity)
    pages = notice_pages(message, channel=identity.channel, locale=locale, center=center)
    if dedupe_key is None:
        rows = await queue_pages(
            session, center_id=center.id, identity_id=identity.id, channel=identity.channel,
            address=identity.address, locale=locale, pages=pages, now=now, **links,
        )  # fmt: skip
        return len(rows)
    queued = 0
    for number, page in enumerate(pages):
        payload = dict(page.payload)
        payload["choices"] = [{"key": choice.key, "label": choice.label} for choice in page.choices]
        row_id = await enqueue_outbound_once(
            session, dedupe_key=f"{dedupe_key}:{number}", center_id=center.id, identity_id=identity.id,
            channel=identity.channel, to_address=identity.address, locale=locale, body=page.body,
            payload=payload, now=now, **links,
        )  # fmt: skip
        queued += row_id is not None
    return queued


def notice_pages(message: Outbound, *, channel: Channel, locale: str, center: Center) -> list[Rendered]:
    """The pages ``notify`` queues for a message (a preview shows exactly these)."""
    return _with_choice_keys(render_for(message, channel=channel, locale=locale, center=center), message)


def _with_choice_keys(pages: list[Rendered], message: Outbound) -> list[Rendered]:
    """The neutral keys ride on the page that shows the choices: a "1" typed in reply can be read back."""
    keys = [choice.key for choice in message.choices]
    if not keys:
        return pages
    return [
        Rendered(page.body, page.choices, {**page.payload, "choice_keys": keys}) if page.choices else page
        for page in pages
    ]


def staff_reply(text: str, reference: str) -> Outbound:
    """Staff's words as sent: the reference closes them, so the citizen knows which request it is about."""
    return Outbound((Text.verbatim(text), Text.verbatim(f"({reference})")), essential=True)


def reply_pages(text: str, *, case: Case, channel: Channel, center: Center) -> list[Rendered]:
    """What a staff reply will look like on the citizen's channel (the console counts its SMS segments)."""
    return render_for(
        staff_reply(text, case.reference), channel=channel, locale=case.language.value, center=center
    )


async def reply_to_citizen(
    session: AsyncSession, *, case: Case, staff: Staff, text: str, now: datetime
) -> list[OutboxMessage]:
    """Send staff's words to the citizen on the channel of the case; the first reply starts the clock."""
    identity = check_reachable(
        await get_identity(session, identity_id=case.identity_id) if case.identity_id else None
    )
    center = await session.get_one(Center, case.center_id)
    locale = case.language.value
    pages = render_for(
        staff_reply(text, case.reference), channel=identity.channel, locale=locale, center=center
    )
    rows = await queue_pages(
        session, center_id=case.center_id, identity_id=identity.id, channel=identity.channel,
        address=identity.address, locale=locale, pages=pages, now=now, case_id=case.id, staff_id=staff.id,
    )  # fmt: skip
    mark_team_replied(case, now=now)
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


async def send_staff_reply(
    session: AsyncSession, *, case: Case, staff: Staff, text: str, now: datetime, sms_account: bool
) -> list[OutboxMessage]:
    """Staff's reply, after checking the center can send on the case's channel (else CannotReply)."""
    check_channel_on(await session.get_one(Center, case.center_id), case.channel, sms_account=sms_account)
    return await reply_to_citizen(session, case=case, staff=staff, text=text, now=now)
