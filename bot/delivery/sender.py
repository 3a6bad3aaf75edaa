"""The outbox sender: claims due rows, paces, sends through the provider clients, records the outcome."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.providers import SendResult, Verdict
from bot.channels.sms.client import send_sms
from bot.channels.sms.countries import country_refusal
from bot.channels.telegram.client import send_telegram
from bot.delivery.clients import ChannelClients
from bot.delivery.pacing import Pacer, backoff_delay
from frontdesk.runtime import Runtime
from storage import outbox
from storage.citizens import get_identities, get_identity
from storage.enums import Channel, OutboxStatus
from storage.models import Center, ChannelIdentity, OutboxMessage

logger = logging.getLogger(__name__)
# Claims are kept small: rows a crashed sender held wait for the claim lease to run out.
CLAIMS_PER_WORKER = 4
# Opt-outs and unreachability are read with the claim; a row that waited longer than this reads them again.
FRESH_FOR = timedelta(seconds=1)
CAP_DEFERRAL = timedelta(minutes=15)


@dataclass
class SendStats:
    """What one run of the sender did."""

    sent: int = 0
    retried: int = 0
    throttled: int = 0
    failed: int = 0
    cancelled: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def count(self, reason: str) -> None:
        """Tally a reason for the run's summary."""
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


@dataclass
class _Pacers:
    bots: dict[str, Pacer] = field(default_factory=dict)
    numbers: dict[str, Pacer] = field(default_factory=dict)


@dataclass
class _Identities:
    """The recipients of a claim, read with it (opt-out, unreachable)."""

    by_id: dict[int, ChannelIdentity]
    read_at: datetime


@dataclass
class _HourlyCounts:
    """SMS handed to Twilio in the last hour, per center and per number, as of this run."""

    centers: dict[int, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)


class Sender:
    """Drains the outbox; safe to run in several places, since claims are atomic."""

    def __init__(self, runtime: Runtime, clients: ChannelClients, worker: str | None = None) -> None:
        self.runtime = runtime
        self.clients = clients
        self.worker = worker or f"sender-{uuid.uuid4().hex[:8]}"
        self._pacers = _Pacers()
        self._hourly = _HourlyCounts()
        self._centers: dict[int, Center] = {}

    async def run(self, *, until_empty: bool = True) -> SendStats:
        """Send every due message; with ``until_empty`` keep claiming until nothing is due."""
        stats = SendStats()
        self._hourly = _HourlyCounts()
        semaphore = asyncio.Semaphore(self.runtime.settings.sender_concurrency)
        while True:
            async with self.runtime.sessions.begin() as session:
                rows = await outbox.claim_due(
                    session,
                    now=self.runtime.clock.now(),
                    limit=CLAIMS_PER_WORKER * self.runtime.settings.sender_concurrency,
                    worker=self.worker,
                )
                await self._load_centers(session, {row.center_id for row in rows})
                identities = _Identities(
                    await get_identities(
                        session, identity_ids={row.identity_id for row in rows if row.identity_id is not None}
                    ),
                    self.runtime.clock.now(),
                )
            if not rows:
                return stats

            # One citizen's messages go out in order; different citizens' in parallel.
            by_address: dict[tuple[str, str], list[OutboxMessage]] = {}
            for row in rows:
                by_address.setdefault((row.channel.value, row.to_address), []).append(row)

            async def send_in_order(group: list[OutboxMessage], identities: _Identities) -> None:
                async with semaphore:
                    for row in group:
                        await self._deliver(row, stats, identities)

            await asyncio.gather(*(send_in_order(group, identities) for group in by_address.values()))
            if not until_empty:
                return stats

    async def _load_centers(self, session: AsyncSession, ids: set[int]) -> None:
        for center_id in ids - set(self._centers):
            self._centers[center_id] = await session.get_one(Center, center_id)

    async def _deliver(self, row: OutboxMessage, stats: SendStats, identities: _Identities) -> None:
        center = self._centers[row.center_id]
        blocked = await self._blocked_reason(row, identities)
        if blocked is not None:
            await self._finish(row, OutboxStatus.CANCELLED, blocked, stats)
            return
        result = await self._send(row, center)
        await self._record(row, result, stats)

    async def _blocked_reason(self, row: OutboxMessage, identities: _Identities) -> str | None:
        """Why this row must not go out now (opted out, unreachable, not allowed), if it must not."""
        if row.identity_id is not None:
            identity = identities.by_id.get(row.identity_id)
            if self.runtime.clock.now() - identities.read_at > FRESH_FOR:
                async with self.runtime.sessions() as session:
                    identity = await get_identity(session, identity_id=row.identity_id)
            if (
                identity is not None
                and identity.opted_out_at is not None
                and not row.payload.get("despite_opt_out")
            ):
                return "opted out"
            if identity is not None and identity.unreachable_at is not None:
                return f"unreachable ({identity.unreachable_reason})"
        if row.channel is Channel.SMS:
            return await self._sms_refusal(row)
        return None

    async def _sms_refusal(self, row: OutboxMessage) -> str | None:
        return country_refusal(row.to_address, self.runtime.settings.sms_countries)

    async def _caps_exceeded(self, row: OutboxMessage) -> bool:
        """Whether this SMS would pass the hourly caps; counts are read once per run, then kept here."""
        settings = self.runtime.settings
        counts = self._hourly
        since = self.runtime.clock.now() - timedelta(hours=1)
        async with self.runtime.sessions() as session:
            if row.center_id not in counts.centers:
                counts.centers[row.center_id] = await outbox.count_sent_since(
                    session, since=since, center_id=row.center_id
                )
            if row.to_address not in counts.numbers:
                counts.numbers[row.to_address] = await outbox.count_sent_since(
                    session, since=since, center_id=row.center_id, to_address=row.to_address
                )
        if counts.numbers[row.to_address] >= settings.sms_per_number_per_hour:
            return True
        if counts.centers[row.center_id] >= settings.sms_per_center_per_hour:
            return True
        counts.numbers[row.to_address] += 1
        counts.centers[row.center_id] += 1
        return False

    async def _send(self, row: OutboxMessage, center: Center) -> SendResult:
        settings = self.runtime.settings
        if row.channel is Channel.TELEGRAM:
            bot = self.clients.bots.get(center.slug)
            if bot is None:
                return SendResult(Verdict.REJECTED, reason="telegram channel off")
            if not await self.clients.ensure_bot(center.slug, bot):
                return SendResult(Verdict.RETRY, reason="telegram not ready")
            pacer = self._pacers.bots.setdefault(
                center.slug,
                Pacer(settings.telegram_messages_per_second, settings.telegram_chat_interval_seconds),
            )
            await pacer.acquire(row.to_address)
            result = await send_telegram(bot, chat_id=row.to_address, text=row.body, payload=row.payload)
            pacer.sent(row.to_address)
            if result.verdict is Verdict.THROTTLED and result.retry_after:
                pacer.pause(result.retry_after)
            return result
        if self.clients.twilio is None or center.sms_number is None:
            return SendResult(Verdict.REJECTED, reason="sms channel off")
        if await self._caps_exceeded(row):
            return SendResult(
                Verdict.THROTTLED, retry_after=CAP_DEFERRAL.total_seconds(), reason="hourly sms cap"
            )
        number_limit = self._pacers.numbers.setdefault(
            center.sms_number, Pacer(settings.twilio_messages_per_second)
        )
        await number_limit.acquire()
        callback = f"{settings.public_url}/webhooks/twilio/status"
        result = await send_sms(
            self.clients.twilio,
            to=row.to_address,
            from_=center.sms_number,
            body=row.body,
            status_callback=callback,
        )
        if result.verdict is Verdict.THROTTLED:
            result = replace(result, retry_after=settings.twilio_throttle_seconds)
            number_limit.pause(settings.twilio_throttle_seconds)
        return result

    async def _record(self, row: OutboxMessage, result: SendResult, stats: SendStats) -> None:
        now = self.runtime.clock.now()
        settings = self.runtime.settings
        stats.count(result.reason or result.verdict.value)
        async with self.runtime.sessions.begin() as session:
            if result.verdict is Verdict.SENT:
                stats.sent += 1
                status = OutboxStatus.QUEUED if result.queued else OutboxStatus.SENT
                await outbox.record_sent(
                    session, outbox_id=row.id, provider_id=str(result.provider_id), status=status, now=now,
                    blank=bool(row.payload.get("erase_after_send")), receipts=row.channel is Channel.SMS,
                )  # fmt: skip
                return
            if result.verdict is Verdict.UNREACHABLE:
                stats.failed += 1
                await outbox.record_final(
                    session, outbox_id=row.id, status=OutboxStatus.FAILED, error=result.reason, now=now
                )
                await outbox.mark_identity_unreachable(
                    session, identity_id=row.identity_id, reason=result.reason, now=now
                )
                return
            gave_up = now - row.created_at > timedelta(hours=settings.give_up_after_hours)
            if result.verdict is Verdict.REJECTED or gave_up:
                stats.failed += 1
                reason = (
                    result.reason
                    if not gave_up
                    else f"gave up after {settings.give_up_after_hours:g} h: {result.reason}"
                )
                logger.warning("outbox %d failed for good: %s", row.id, reason)
                await outbox.record_final(
                    session, outbox_id=row.id, status=OutboxStatus.FAILED, error=reason, now=now
                )
                return
            if result.verdict is Verdict.THROTTLED:
                stats.throttled += 1
                delay = result.retry_after or settings.retry_base_seconds
            else:
                stats.retried += 1
                delay = backoff_delay(row.attempts, settings.retry_base_seconds, settings.retry_max_seconds)
            await outbox.record_retry(
                session,
                outbox_id=row.id,
                next_attempt_at=now + timedelta(seconds=delay),
                error=result.reason,
                now=now,
            )

    async def _finish(self, row: OutboxMessage, status: OutboxStatus, reason: str, stats: SendStats) -> None:
        stats.cancelled += 1
        stats.count(reason)
        async with self.runtime.sessions.begin() as session:
            await outbox.record_final(
                session, outbox_id=row.id, status=status, error=reason, now=self.runtime.clock.now()
            )
