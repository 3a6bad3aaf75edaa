"""Telegram updates → neutral inbound messages (private chats only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Bot, Message, Update

from bot.inbound import InboundEvent
from storage.enums import Channel, InboundKind


class MalformedUpdate(ValueError):
    """An update with the right secret but not the shape Telegram sends."""


@dataclass(frozen=True)
class ParsedUpdate:
    """The inbound message of an update (if it carries one) and the callback query to answer."""

    event: InboundEvent | None
    callback_query_id: str | None = None


def parse_update(data: dict[str, Any], *, bot: Bot, bot_id: str, center: str) -> ParsedUpdate:
    """Read an update as Telegram sent it; anything outside a private chat is ignored.

    Raises MalformedUpdate for an update Telegram would never send (a message that is a string, no chat).
    """
    try:
        return _parse(data, bot=bot, bot_id=bot_id, center=center)
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError, OSError) as error:
        # A date beyond the platform's time_t (OverflowError, OSError) is no Telegram update either.
        raise MalformedUpdate(type(error).__name__) from None


def _parse(data: dict[str, Any], *, bot: Bot, bot_id: str, center: str) -> ParsedUpdate:
    update = Update.de_json(data, bot)
    provider_id = f"{bot_id}:{update.update_id}"

    def event(chat_id: int, kind: InboundKind, text: str = "", **extra: Any) -> InboundEvent:
        return InboundEvent(center, Channel.TELEGRAM, str(chat_id), provider_id, kind, text, **extra)

    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        if chat is not None and chat.type != "private":
            return ParsedUpdate(None, query.id)
        chat_id = chat.id if chat is not None else query.from_user.id
        return ParsedUpdate(event(chat_id, InboundKind.BUTTON, button=_string(query.data or "")), query.id)
    if update.my_chat_member is not None:
        member = update.my_chat_member
        if member.chat.type != "private":
            return ParsedUpdate(None)
        blocked = member.new_chat_member.status == "kicked"
        return ParsedUpdate(event(member.chat.id, InboundKind.BLOCKED if blocked else InboundKind.UNBLOCKED))
    if update.edited_message is not None and update.edited_message.chat.type == "private":
        return ParsedUpdate(
            event(
                update.edited_message.chat.id, InboundKind.EDITED, _string(update.edited_message.text or "")
            )
        )
    message = update.message
    if message is None or message.chat.type != "private":
        return ParsedUpdate(None)
    kind, text, payload = _message_content(message)
    return ParsedUpdate(event(message.chat.id, kind, text, payload=payload))


def _message_content(message: Message) -> tuple[InboundKind, str, dict[str, Any]]:
    if message.text is not None:
        return InboundKind.TEXT, _string(message.text), {}
    caption = _string(message.caption or "")
    if message.contact is not None:
        return InboundKind.CONTACT, "", {"phone_number": message.contact.phone_number}
    if message.location is not None:
        return (
            InboundKind.LOCATION,
            "",
            {"latitude": message.location.latitude, "longitude": message.location.longitude},
        )
    if message.photo:
        largest = message.photo[-1]
        return (
            InboundKind.PHOTO,
            caption,
            {"file_id": largest.file_id, "file_size": largest.file_size, "mime_type": "image/jpeg"},
        )
    if message.document is not None:
        document = message.document
        return (
            InboundKind.DOCUMENT,
            caption,
            {
                "file_id": document.file_id,
                "file_name": document.file_name,
                "mime_type": document.mime_type,
                "file_size": document.file_size,
            },
        )
    if message.voice is not None or message.audio is not None or message.video_note is not None:
        return InboundKind.VOICE, "", {}
    if message.sticker is not None:
        return InboundKind.STICKER, "", {}
    return InboundKind.OTHER, caption, {}


def _string(value: object) -> str:
    # PTB keeps whatever JSON type arrived; a number where text belongs is not a Telegram update.
    if not isinstance(value, str):
        raise TypeError("text is not a string")
    return value
