"""One Telegram update, however it arrived (webhook or polling): parse, answer the button, handle."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import TelegramError

from bot.channels.telegram.client import bot_id
from bot.channels.telegram.parse import MalformedUpdate, parse_update
from bot.conversation.dispatcher import answer_waiting
from bot.conversation.intake import Handled, accept_inbound
from bot.delivery.clients import ChannelClients
from bot.inbound import InboundEvent
from frontdesk.runtime import Runtime

logger = logging.getLogger(__name__)


async def accept_update(
    runtime: Runtime,
    clients: ChannelClients,
    center: str,
    data: dict[str, Any],
    accept: Callable[[InboundEvent], Awaitable[Handled]] | None = None,
) -> tuple[InboundEvent | None, Handled | None]:
    """Answer the callback query (the spinner stops), then make the message durable (with ``accept``).

    Raises MalformedUpdate for a shape Telegram never sends and NotDurable when nothing could keep it.
    """
    spec = runtime.centers.by_slug(center)
    assert spec is not None and spec.telegram_token is not None
    bot = clients.bots[center]
    parsed = parse_update(data, bot=bot, bot_id=bot_id(spec.telegram_token.get_secret_value()), center=center)
    if parsed.callback_query_id is not None:
        try:
            if await clients.ensure_bot(center, bot):
                await bot.answer_callback_query(parsed.callback_query_id)
        except TelegramError as error:
            logger.info("callback query not answered: %s", type(error).__name__)
    if parsed.event is None:
        return None, None
    if accept is None:
        return parsed.event, await accept_inbound(runtime, parsed.event)
    return parsed.event, await accept(parsed.event)


async def answer_accepted(runtime: Runtime, event: InboundEvent, handled: Handled) -> None:
    """Answer a stored message and what its writer sent before it; a failure waits for the inbound job."""
    if handled.inbound_id is None or handled.center_id is None:
        return
    try:
        await answer_waiting(runtime, handled.center_id, event.channel, event.address)
    except Exception:
        logger.exception("inbound %d could not be answered now", handled.inbound_id)


async def process_update(
    runtime: Runtime, clients: ChannelClients, center: str, data: dict[str, Any]
) -> None:
    """Accept an update and answer it at once (polling); raises NotDurable when nothing could keep it."""
    try:
        event, handled = await accept_update(runtime, clients, center, data)
    except MalformedUpdate:
        logger.warning("malformed telegram update of center %s skipped", center)
        return
    if event is not None and handled is not None:
        await answer_accepted(runtime, event, handled)
