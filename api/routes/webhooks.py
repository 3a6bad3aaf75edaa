"""Provider webhooks: Telegram updates, Twilio inbound SMS and status callbacks. Verify, store, answer."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Header, HTTPException, Request, Response
from twilio.request_validator import RequestValidator

from bot.channels.sms.client import UNREACHABLE_CODES
from bot.channels.sms.countries import country_refusal
from bot.channels.telegram.parse import MalformedUpdate
from bot.conversation.intake import Handled, NotDurable
from bot.conversation.telegram_updates import accept_update
from bot.delivery.clients import ChannelClients
from bot.inbound import InboundEvent
from bot.jobs.service import Service
from frontdesk.runtime import Runtime
from storage import outbox
from storage.enums import Channel, InboundKind, InboundStatus, OutboxStatus
from storage.messages import mark_inbound

router = APIRouter(prefix="/webhooks", tags=["webhooks"], include_in_schema=False)
logger = logging.getLogger(__name__)
# Twilio's forms are a few kB: anything bigger is refused (413) before it is read, let alone verified.
TWILIO_MAX_BODY_BYTES = 64 * 1024
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
TWILIO_STATUSES = {
    "accepted": OutboxStatus.QUEUED,
    "queued": OutboxStatus.QUEUED,
    "sending": OutboxStatus.QUEUED,
    "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED,
    "read": OutboxStatus.DELIVERED,
    "undelivered": OutboxStatus.UNDELIVERED,
    "failed": OutboxStatus.FAILED,
}
# Delivery errors after which the number cannot receive SMS from us at all.
UNREACHABLE_RECEIPT_CODES = UNREACHABLE_CODES | {30005, 30006}


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _clients(request: Request) -> ChannelClients:
    clients: ChannelClients = request.app.state.clients
    return clients


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


@router.post("/telegram/{center}")
async def telegram_update(
    center: str,
    request: Request,
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> dict[str, bool]:
    """A Telegram update for one center's bot; 200 only once the message is stored or spooled."""
    spec = _runtime(request).centers.by_slug(center)
    if spec is None or spec.telegram_secret is None or spec.telegram_token is None:
        raise HTTPException(status_code=404, detail="no Telegram bot for this center")
    expected = spec.telegram_secret.get_secret_value().encode()
    if secret is None or not hmac.compare_digest(secret.encode(), expected):
        raise HTTPException(status_code=403, detail="wrong secret token")
    try:
        data = await request.json()
    except ValueError:
        raise HTTPException(status_code=400, detail="body is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise HTTPException(status_code=400, detail="not a Telegram update")
    try:
        event, handled = await accept_update(
            _runtime(request), _clients(request), center, data, _service(request).intake.accept
        )
    except MalformedUpdate:
        raise HTTPException(status_code=400, detail="not a Telegram update") from None
    except NotDurable:
        raise HTTPException(status_code=503, detail="cannot store messages now; send it again") from None
    if event is not None and handled is not None:
        _answer_soon(request, event, handled)
    return {"ok": True}


def _answer_soon(request: Request, event: InboundEvent, handled: Handled) -> None:
    """Hand a stored message to the conversation workers: the provider is not kept waiting for the answer."""
    if handled.inbound_id is not None and handled.center_id is not None:
        if _runtime(request).settings.answer_processes:
            return  # answering processes find it in the database
        _service(request).workers.submit(handled.center_id, event.channel, event.address)


async def _accept(request: Request, event: InboundEvent) -> Handled:
    """Store or spool a verified message; 503 (the provider sends it again) when neither can keep it."""
    try:
        return await _service(request).intake.accept(event)
    except NotDurable:
        raise HTTPException(status_code=503, detail="cannot store messages now; send it again") from None


async def _verified_twilio_form(request: Request) -> dict[str, str]:
    runtime = _runtime(request)
    token = runtime.settings.twilio_auth_token
    if not runtime.settings.sms_enabled or token is None:
        raise HTTPException(status_code=404, detail="SMS is not configured")
    body = (await request.body()).decode("utf-8", errors="replace")
    # Blank values count in Twilio's signature, so they must be kept.
    form = dict(parse_qsl(body, keep_blank_values=True))
    url = runtime.settings.public_url + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(token.get_secret_value()).validate(url, form, signature):
        raise HTTPException(status_code=403, detail="wrong Twilio signature")
    return form


@router.post("/twilio/sms", max_body_size=TWILIO_MAX_BODY_BYTES)
async def twilio_sms(request: Request) -> Response:
    """An inbound SMS; the ``To`` number picks the center. Replies go out through the outbox."""
    form = await _verified_twilio_form(request)
    runtime = _runtime(request)
    center = next(
        (c for c in runtime.centers.centers if c.sms_number and c.sms_number == form.get("To")), None
    )
    if center is None:
        raise HTTPException(status_code=404, detail="no center has this number")
    sender = form.get("From", "")
    media = form.get("NumMedia", "0") or "0"
    kind = (
        InboundKind.PHOTO
        if media.isascii() and media.isdigit() and int(media) > 0 and not form.get("Body")
        else InboundKind.TEXT
    )
    payload = {"file_id": form["MediaUrl0"]} if form.get("MediaUrl0") else {}
    event = InboundEvent(
        center.slug,
        Channel.SMS,
        sender,
        form.get("MessageSid", ""),
        kind,
        form.get("Body", ""),
        payload=payload,
    )
    if not event.provider_id or not sender:
        raise HTTPException(status_code=400, detail="MessageSid and From are required")
    refusal = country_refusal(sender, runtime.settings.sms_countries)
    if refusal is not None:
        # SMS pumping guard: kept (acknowledged means stored) but never answered, so it costs nothing.
        logger.warning("inbound SMS from a country not allowed: center=%s", center.slug)
        handled = await _accept(request, event)
        if handled.inbound_id is not None:
            async with runtime.sessions.begin() as session:
                await mark_inbound(
                    session, inbound_id=handled.inbound_id, status=InboundStatus.PROCESSED,
                    now=runtime.clock.now(), error=refusal,
                )  # fmt: skip
        return Response(EMPTY_TWIML, media_type="application/xml")
    handled = await _accept(request, event)
    _answer_soon(request, event, handled)
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post("/twilio/status", max_body_size=TWILIO_MAX_BODY_BYTES)
async def twilio_status(request: Request) -> Response:
    """A delivery receipt: the message's status only ever moves forward."""
    form = await _verified_twilio_form(request)
    status = TWILIO_STATUSES.get(form.get("MessageStatus", ""))
    message_sid = form.get("MessageSid")
    if status is None or not message_sid:
        return Response(status_code=204)
    runtime = _runtime(request)
    error_code = form.get("ErrorCode") or None
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        row = await outbox.apply_receipt(
            session, provider_id=message_sid, status=status, error_code=error_code, now=now
        )
        if (
            row is not None
            and error_code
            and error_code.isascii()
            and error_code.isdigit()
            and int(error_code) in UNREACHABLE_RECEIPT_CODES
        ):
            await outbox.mark_identity_unreachable(
                session, identity_id=row.identity_id, reason=f"twilio {error_code}", now=now
            )
    return Response(status_code=204)
