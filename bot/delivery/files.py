"""Files citizens sent, fetched from the provider that keeps them (we store only their ids)."""

from __future__ import annotations

from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.error import TelegramError

from bot.delivery.clients import ChannelClients
from frontdesk.settings import Settings
from storage.cases import read_attachment
from storage.centers import get_center
from storage.enums import Channel
from storage.models import Case, CaseAttachment

# Files bigger than this are not fetched through the API (Telegram's own download limit is 20 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024


class FileUnavailable(LookupError):
    """The provider no longer has the file, or it cannot be reached now."""


async def fetch_file(
    clients: ChannelClients, settings: Settings, *, center: str, channel: Channel, file_id: str
) -> bytes:
    """The file's bytes: by file id from the center's Telegram bot, or Twilio media by its URL."""
    if channel is Channel.TELEGRAM:
        bot = clients.bots.get(center)
        if bot is None or not await clients.ensure_bot(center, bot):
            raise FileUnavailable("the center's Telegram bot is not connected")
        try:
            telegram_file = await bot.get_file(file_id)
            return bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            raise FileUnavailable(type(error).__name__) from None
    return await _twilio_media(settings, file_id)


async def open_attachment(
    session: AsyncSession, clients: ChannelClients, settings: Settings, *, case: Case, number: int,
    staff_id: int, now: datetime,
) -> tuple[CaseAttachment, bytes] | None:  # fmt: skip
    """The case's ``number``-th file and its bytes (the download audited first); None when there is none.

    FileUnavailable when the provider cannot give it: answer it rather than raise past the request, or the
    audit of the attempt is rolled back with it.
    """
    attachment = await read_attachment(session, case=case, number=number, staff_id=staff_id, now=now)
    if attachment is None:
        return None
    center = await get_center(session, center_id=case.center_id)
    content = await fetch_file(
        clients, settings, center=center.slug, channel=case.channel, file_id=attachment.provider_file_id
    )
    return attachment, content


async def _twilio_media(settings: Settings, url: str) -> bytes:
    # Only Twilio's own host, with our account's credentials: a stored URL must not send them anywhere else.
    if not url.startswith(settings.twilio_api_url + "/") or settings.twilio_auth_token is None:
        raise FileUnavailable("not a Twilio media address")
    auth = (settings.twilio_account_sid or "", settings.twilio_auth_token.get_secret_value())
    async with httpx.AsyncClient(timeout=settings.provider_timeout_seconds, follow_redirects=True) as client:
        try:
            response = await client.get(url, auth=auth)
        except httpx.HTTPError as error:
            raise FileUnavailable(type(error).__name__) from None
    if not response.is_success or len(response.content) > MAX_FILE_BYTES:
        raise FileUnavailable(f"HTTP {response.status_code}")
    return response.content
