"""One Telegram update, however it arrived (webhook or polling): parse, answer the button, handle."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError

from bot.channels.telegram.client import bot_id
from bot.channels.telegram.parse import parse_update
from bot.conversation.dispatcher import handle_inbound
from bot.delivery.clients import ChannelClients
from frontdesk.runtime import Runtime

logger = logging.getLogger(__name__)


async def process_update(
    runtime: Runtime, clients: ChannelClients, center: str, data: dict[str, Any]
) -> None:
    """Answer the callback query (the spinner stops), then store and handle the message."""
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
        return
    try:
        await handle_inbound(runtime, parsed.event)
    except Exception:
        logger.exception("telegram update of center %s could not be answered now", center)
