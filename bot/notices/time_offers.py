"""Staff offer a citizen up to three free times from their case; the citizen's number or button books one.

Choice keys ``offer:<case_id>:<service>:<start>`` are answered by the conversation (``bot/actions/replies.py``)
like the other job choices; the offer's outbox rows carry the dedupe key ``offer:<case_id>:<made>:<starts>`` so a reply
after a time was taken can be given the offer's remaining times.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.notify import CannotReply, check_channel_on, check_reachable, notify
from bot.notices.words import service_name, short_when
from bot.outbound import N_, Choice, Outbound, Text
from storage.audit import record_audit
from storage.citizens import get_identity
from storage.enums import AuditActor
from storage.models import Case, Center, ChannelIdentity, Staff
from storage.threads import mark_team_replied
from storage.time_offers import offer_dedupe_prefix

MAX_OFFERED = 3  # one SMS: three numbered times keep a Greek offer within two segments (README, "Console")
HEADING = N_("We can offer you an appointment with the {service}. Choose a time:")


def offer_key(case_id: int, service: str, starts_at: datetime) -> str:
    """The choice key of one offered time."""
    return f"offer:{case_id}:{service}:{int(starts_at.timestamp())}"


def parse_offer_key(key: str) -> tuple[int, str, datetime] | None:
    """The case, service and time an offer's choice key names, or None."""
    parts = key.split(":")
    if len(parts) != 4 or parts[0] != "offer" or not parts[1].isdigit() or not parts[3].isdigit():
        return None
    return int(parts[1]), parts[2], datetime.fromtimestamp(int(parts[3]), UTC)


def offer_message(
    center: Center, case_id: int, service: str, times: list[datetime], locale: str, *, taken: bool = False
) -> Outbound:
    """The offer as the citizen reads it: one line, then the times as numbered choices or buttons."""
    parts = [Text(N_("Sorry, that time was just taken."))] if taken else []
    parts.append(Text(HEADING, {"service": service_name(service)}))
    choices = tuple(
        Choice(offer_key(case_id, service, at), short_when(locale, at, center)) for at in sorted(times)
    )
    return Outbound(tuple(parts), choices)


async def send_offer(
    session: AsyncSession, *, center: Center, case_id: int, identity: ChannelIdentity, locale: str,
    service: str, times: list[datetime], now: datetime, taken: bool = False, staff_id: int | None = None,
) -> int:  # fmt: skip
    """Queue an offer (or what is left of one) to a reachable citizen; how many outbox rows."""
    # The same times offered twice at once (a double click) go once; what is left after a reply is new.
    stamps = ".".join(str(int(at.timestamp())) for at in sorted(times))
    return await notify(
        session, center=center, identity=identity, locale=locale, now=now,
        message=offer_message(center, case_id, service, times, locale, taken=taken),
        dedupe_key=f"{offer_dedupe_prefix(case_id)}{int(now.timestamp() * 1e6)}:{stamps}", case_id=case_id,
        staff_id=staff_id,
    )  # fmt: skip


async def offer_times_to_case(
    session: AsyncSession, *, center: Center, case: Case, staff: Staff, service: str, times: list[datetime],
    now: datetime, sms_account: bool,
) -> int:  # fmt: skip
    """Staff's offer of 1–3 times on the case's channel, in the citizen's language (else CannotReply); audited."""
    if not 1 <= len(times) <= MAX_OFFERED:
        raise ValueError("an offer has one to three times")
    check_channel_on(center, case.channel, sms_account=sms_account)
    identity = check_reachable(
        await get_identity(session, identity_id=case.identity_id) if case.identity_id else None
    )
    queued = await send_offer(
        session, center=center, case_id=case.id, identity=identity, locale=case.language.value,
        service=service, times=times, now=now, staff_id=staff.id,
    )  # fmt: skip
    if not queued:
        raise CannotReply("the offer was not queued")
    # An offer answers the citizen, as a reply does.
    mark_team_replied(case, now=now)
    if case.first_response_at is None:
        case.first_response_at = now
    case.updated_at = now
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.offer_times",
        object_type="case", object_id=case.id, now=now,
        details={"service": service, "times": [at.isoformat() for at in sorted(times)]},
    )  # fmt: skip
    return queued
