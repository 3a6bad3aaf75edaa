"""Telegram rendering: inline keyboards, right-to-left text, messages under 4096 characters."""

from __future__ import annotations

from bot.channels.rendered import Rendered, RenderedChoice
from bot.channels.telegram.keys import CALLBACK_PREFIX
from bot.i18n import is_rtl, isolate_ltr, translate
from bot.outbound import Outbound

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def callback_data(key: str) -> str:
    """Button data for a choice key: short, and never personal data (keys are flow ids)."""
    data = f"{CALLBACK_PREFIX}{key}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"choice key {key!r} is too long for Telegram callback data")
    return data


def render_telegram(message: Outbound, language: str) -> list[Rendered]:
    """One message as Telegram messages: the text split below 4096 characters, buttons on the last."""
    rtl = is_rtl(language)
    paragraphs = [translate(language, part) for part in message.parts]
    if rtl:
        paragraphs = [isolate_ltr(paragraph) for paragraph in paragraphs]
    choices = tuple(
        RenderedChoice(callback_data(c.key), translate(language, c.label)) for c in message.choices
    )
    chunks = _split("\n\n".join(paragraphs))
    keyboard = [[{"text": choice.label, "callback_data": choice.key}] for choice in choices]
    rendered = [Rendered(chunk) for chunk in chunks[:-1]]
    payload = {"reply_markup": {"inline_keyboard": keyboard}} if keyboard else {}
    rendered.append(Rendered(chunks[-1], choices, payload))
    return rendered


def _split(text: str) -> list[str]:
    """Split at paragraph, then line, then space boundaries so no part exceeds the limit."""
    if len(text) <= MAX_TEXT:
        return [text]
    parts: list[str] = []
    remaining = text
    while len(remaining) > MAX_TEXT:
        window = remaining[:MAX_TEXT]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut <= 0:
            cut = MAX_TEXT
        parts.append(remaining[:cut].rstrip())
        remaining = remaining[cut:].lstrip()
    parts.append(remaining)
    return parts
