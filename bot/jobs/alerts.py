"""Job ``alerts``: tell a person at once about an urgent case nobody has claimed, again until someone does.

The on-duty channel of the centers file (a staff Telegram chat, an on-call SMS number, an e-mail address)
gets the case's reference and category only: never the citizen's words, name or number. Telegram and SMS go
through the outbox with dedupe keys, e-mail through SMTP; the rounds are rows, so a second run sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.email import EmailFailed, send_email
from bot.flows.request import CATEGORIES
from bot.i18n import translate
from bot.jobs.context import JobContext
from bot.outbound import Text
from frontdesk.centers_file import CenterSpec
from frontdesk.urgency import AlertsSpec
from storage.alerts import DueAlert, claim_alert_email, due_alerts, record_alert, record_alert_email
from storage.centers import get_center, get_center_by_slug
from storage.enums import CaseSource, Channel
from storage.messages import enqueue_outbound_once
from storage.models import Center
from storage.sla import center_calendar

logger = logging.getLogger(__name__)
CATEGORY_LABELS = dict(CATEGORIES)


@dataclass
class AlertStats:
    """What one run did."""

    rounds: int = 0
    queued: int = 0
    emailed: int = 0
    email_failed: int = 0


@dataclass(frozen=True)
class Targets:
    """Where one round goes: Telegram chats, SMS numbers, e-mail addresses."""

    telegram: list[str] = field(default_factory=list)
    sms: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)


async def alerts_job(context: JobContext) -> str:
    """Queue the due rounds of alerts, send them at once, then e-mail what waits."""
    stats = AlertStats()
    async with context.runtime.sessions.begin() as session:
        for spec in context.runtime.centers.centers:
            if spec.alerts is None:
                continue
            center = await get_center_by_slug(session, slug=spec.slug)
            if center is not None:
                await _queue_center(context, session, spec, center, stats)
    if stats.queued:
        # Within the same tick, not the outbox job's next one.
        await context.sender.run()
    await _send_emails(context, stats)
    return f"rounds={stats.rounds} queued={stats.queued} emailed={stats.emailed} email_failed={stats.email_failed}"


async def _queue_center(
    context: JobContext, session: AsyncSession, spec: CenterSpec, center: Center, stats: AlertStats
) -> None:
    assert spec.alerts is not None
    now = context.runtime.clock.now()
    repeat = timedelta(minutes=spec.alerts.repeat_minutes)
    out_of_hours = not center_calendar(center, extended=True).is_open(now)
    for due in await due_alerts(session, center_id=center.id, now=now, repeat=repeat):
        targets = targets_of(context, spec, escalated=due.escalated)
        body = alert_body(
            due, center=center, out_of_hours=out_of_hours, repeat_minutes=spec.alerts.repeat_minutes
        )
        alert_id = await record_alert(
            session, due=due, body=body, out_of_hours=out_of_hours, email=bool(targets.email), now=now
        )
        if alert_id is None:
            continue
        stats.rounds += 1
        for channel, addresses in ((Channel.TELEGRAM, targets.telegram), (Channel.SMS, targets.sms)):
            for address in addresses:
                queued = await enqueue_outbound_once(
                    session, dedupe_key=f"alert:{due.case.id}:{due.round}:{channel.value}:{address}",
                    center_id=center.id, identity_id=None, channel=channel, to_address=address, locale="el",
                    body=body, payload={}, now=now, case_id=due.case.id,
                )  # fmt: skip
                stats.queued += queued is not None
        logger.info("alert round %d for case %d (%s)", due.round, due.case.id, spec.slug)


def targets_of(context: JobContext, spec: CenterSpec, *, escalated: bool) -> Targets:
    """The on-duty channel (and the coordinator's when escalated), less the channels that are off."""
    alerts: AlertsSpec | None = spec.alerts
    assert alerts is not None
    telegram = [alerts.telegram_chat_id] + ([alerts.coordinator_telegram_chat_id] if escalated else [])
    sms = [alerts.sms_number] + ([alerts.coordinator_sms_number] if escalated else [])
    email = [alerts.email] + ([alerts.coordinator_email] if escalated else [])
    telegram_on = spec.slug in context.clients.bots
    sms_on = context.clients.twilio is not None and spec.sms_number is not None
    email_on = context.runtime.settings.smtp_enabled
    for on, wanted, name in (
        (telegram_on, telegram, "Telegram"),
        (sms_on, sms, "SMS"),
        (email_on, email, "e-mail"),
    ):
        if not on and any(wanted) and context.note_once(f"alerts-off:{spec.slug}:{name}"):
            logger.warning("center %s: %s alerts are configured but the channel is off", spec.slug, name)
    return Targets(
        telegram=[chat for chat in telegram if chat] if telegram_on else [],
        sms=[number for number in sms if number] if sms_on else [],
        email=[address for address in email if address] if email_on else [],
    )


def alert_body(due: DueAlert, *, center: Center, out_of_hours: bool, repeat_minutes: int) -> str:
    """The alert in Greek and English: reference, category, whose center, what to do. Nothing about the citizen."""
    case = due.case
    label = Text(CATEGORY_LABELS.get(case.category.value, "Something else"))
    lines = [
        f"ΕΠΕΙΓΟΝ / URGENT {case.reference}: {translate('el', label)} / {translate('en', label)}",
        f"{center.name['el']}: δεν την έχει αναλάβει κανείς / nobody has claimed it.",
    ]
    if due.round:
        lines.append(f"Υπενθύμιση {due.round} / reminder {due.round}.")
    if due.escalated:
        lines.append("Ενημερώνεται και ο/η συντονιστής/τρια / the coordinator is told too.")
    if out_of_hours and case.source is CaseSource.CRISIS:
        lines.append(
            "Εκτός ωραρίου: ο/η πολίτης έχει ήδη λάβει τις γραμμές βοήθειας / "
            "out of hours: the citizen has had the helplines."
        )
    elif out_of_hours:
        lines.append("Εκτός ωραρίου / out of hours.")
    lines.append(
        f"Αναλάβετε την υπόθεση· αλλιώς νέα ειδοποίηση σε {repeat_minutes}′ / "
        f"claim the case, or you will be alerted again in {repeat_minutes} min."
    )
    return "\n".join(lines)


async def _send_emails(context: JobContext, stats: AlertStats) -> None:
    runtime = context.runtime
    if not runtime.settings.smtp_enabled:
        return
    while True:
        async with runtime.sessions.begin() as session:
            alert = await claim_alert_email(session, now=runtime.clock.now())
            center = await get_center(session, center_id=alert.center_id) if alert is not None else None
        if alert is None or center is None:
            return
        spec = runtime.centers.by_slug(center.slug)
        addresses = targets_of(context, spec, escalated=alert.escalated).email if spec and spec.alerts else []
        error: str | None = "no e-mail address configured any more"
        if addresses:
            subject = alert.body.splitlines()[0]
            try:
                await send_email(runtime.settings, to=addresses, subject=subject, body=alert.body)
                error = None
            except EmailFailed as failed:
                error = str(failed)
                logger.warning("alert e-mail %d not sent: %s", alert.id, error)
        stats.emailed += error is None
        stats.email_failed += error is not None
        async with runtime.sessions.begin() as session:
            await record_alert_email(session, alert_id=alert.id, error=error, now=runtime.clock.now())
