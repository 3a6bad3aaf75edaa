"""python-telegram-bot as the transport: one Bot per center, pointed at ``FRONTDESK_TELEGRAM_API_URL``."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.providers import SendResult, Verdict
from bot.channels.telegram.transport import AiohttpRequest

# httpcore (under PTB's HTTPXRequest) runs ``import sniffio`` inside every request; when sniffio is not
# installed each of those searched sys.path again (3 % of the service's CPU per reply, bench/endtoend.py).
# A None entry makes the import fail at once, and httpcore assumes asyncio as it did after the search.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]


def make_bot(token: str, api_url: str, timeout: float) -> Bot:
    """A Bot whose requests go to ``api_url`` (methods at ``…/bot<token>/<method>``)."""
    request = AiohttpRequest(
        connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout, pool_timeout=timeout
    )
    polling = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout + 30, write_timeout=timeout)
    return Bot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=request,
        get_updates_request=polling,
    )


def bot_id(token: str) -> str:
    """The numeric id at the start of a bot token; names the bot in provider ids."""
    return token.split(":", 1)[0]


async def send_telegram(bot: Bot, *, chat_id: str, text: str, payload: dict[str, Any]) -> SendResult:
    """Send one message (with its inline keyboard) and classify the answer."""
    markup = payload.get("reply_markup")
    try:
        message = await bot.send_message(
            chat_id=chat_id,
            text=text,
            reply_markup=InlineKeyboardMarkup.de_json(markup, bot) if markup else None,
        )
    except RetryAfter as error:
        seconds = (
            error.retry_after.total_seconds()
            if hasattr(error.retry_after, "total_seconds")
            else float(error.retry_after)
        )
        return SendResult(Verdict.THROTTLED, retry_after=seconds, reason="telegram 429")
    except Forbidden:
        return SendResult(Verdict.UNREACHABLE, reason="telegram 403 blocked")
    except BadRequest as error:
        unreachable = (
            "chat not found" in error.message.lower() or "user is deactivated" in error.message.lower()
        )
        return SendResult(Verdict.UNREACHABLE if unreachable else Verdict.REJECTED, reason="telegram 400")
    except (TimedOut, NetworkError) as error:
        return SendResult(Verdict.RETRY, reason=f"telegram {type(error).__name__}")
    except TelegramError as error:
        return SendResult(Verdict.RETRY, reason=f"telegram {type(error).__name__}")
    return SendResult(Verdict.SENT, provider_id=f"{bot.id}:{chat_id}:{message.message_id}")
