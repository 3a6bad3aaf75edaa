"""The provider clients of one process: a Telegram Bot per center and the Twilio account."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from telegram import Bot
from telegram.error import TelegramError
from twilio.rest import Client

from bot.channels.sms.client import RedirectingHttpClient, make_twilio_client
from bot.channels.telegram.client import make_bot
from frontdesk.centers_file import CentersConfig
from frontdesk.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class ChannelClients:
    """Clients by center slug; a center without credentials has none."""

    bots: dict[str, Bot] = field(default_factory=dict)
    twilio: Client | None = None
    ready: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, settings: Settings, centers: CentersConfig) -> ChannelClients:
        """Create (not yet connect) the clients the configuration asks for."""
        bots = {
            center.slug: make_bot(
                center.telegram_token.get_secret_value(),
                settings.telegram_api_url,
                settings.provider_timeout_seconds,
            )
            for center in centers.centers
            if center.telegram_token is not None
        }
        twilio = None
        if settings.sms_enabled:
            assert settings.twilio_account_sid is not None and settings.twilio_auth_token is not None
            twilio = make_twilio_client(
                settings.twilio_account_sid,
                settings.twilio_auth_token.get_secret_value(),
                settings.twilio_api_url,
                settings.provider_timeout_seconds,
            )
        return cls(bots, twilio)

    async def start(self) -> None:
        """Connect the bots (getMe); a bot that fails now is retried by the sender later."""
        for slug, bot in self.bots.items():
            await self.ensure_bot(slug, bot)

    async def ensure_bot(self, slug: str, bot: Bot) -> bool:
        """Initialise a bot once; False when Telegram cannot be reached yet."""
        if slug in self.ready:
            return True
        try:
            await bot.initialize()
        except TelegramError as error:
            logger.warning("telegram bot of center %s not ready: %s", slug, type(error).__name__)
            return False
        self.ready.add(slug)
        return True

    async def close(self) -> None:
        """Close every connection."""
        for slug in list(self.ready):
            await self.bots[slug].shutdown()
        self.ready.clear()
        if self.twilio is not None and isinstance(self.twilio.http_client, RedirectingHttpClient):
            await self.twilio.http_client.close()
