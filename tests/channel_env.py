"""A running Front Desk wired to the Telegram and Twilio stand-ins, for channel tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator

from api.app import create_app
from bot.jobs.service import Service
from frontdesk.clock import Clock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from tests.pacing_clock import PacingClock
from tests.standins import TelegramStandIn, TwilioStandIn

PUBLIC_URL = "https://kk.example.gov.gr"
ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-test-token"
THIRA_NUMBER = "+302286099999"
TELEGRAM_TOKEN = "424242:TEST-TOKEN"
TELEGRAM_SECRET = "s3cret-Token_1"
CENTER_ENV = {
    "FRONTDESK_THIRA_SMS_NUMBER": THIRA_NUMBER,
    "FRONTDESK_THIRA_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
    "FRONTDESK_THIRA_TELEGRAM_SECRET": TELEGRAM_SECRET,
}


@dataclass
class Deployment:
    """The app, its service and an HTTP client to call the webhooks with."""

    runtime: Runtime
    service: Service
    http: httpx.AsyncClient
    telegram: TelegramStandIn
    twilio: TwilioStandIn

    async def send_outbox(self) -> None:
        """Run the sender until nothing is due."""
        await self.service.context.sender.run()

    async def post_sms(
        self,
        params: dict[str, str],
        *,
        path: str = "/webhooks/twilio/sms",
        signature: str | None = None,
        drain: bool = True,
    ) -> httpx.Response:
        """POST a form the way Twilio does, signed unless a signature is given."""
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + path, params)
        response = await self.http.post(path, data=params, headers={"X-Twilio-Signature": signature})
        if drain:
            await self.service.workers.drain()  # the reply is written after the acknowledgement
        return response

    async def post_update(
        self, update: dict[str, Any], *, secret: str | None = TELEGRAM_SECRET
    ) -> httpx.Response:
        """POST a Telegram update with the secret-token header."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        response = await self.http.post("/webhooks/telegram/thira", json=update, headers=headers)
        await self.service.workers.drain()
        return response


def channel_settings(
    database_url: str, telegram: TelegramStandIn, twilio: TwilioStandIn, **overrides: Any
) -> Settings:
    """Settings pointing both providers at the stand-ins, with test-sized timeouts and retries."""
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "secret_key": "c" * 40,
        "public_url": PUBLIC_URL,
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_api_url": twilio.url,
        "telegram_api_url": telegram.url,
        "provider_timeout_seconds": 0.5,
        "retry_base_seconds": 0.01,
        "retry_max_seconds": 0.05,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def deployment(
    database_url: str, *, clock: Clock | None = None, **overrides: Any
) -> AsyncIterator[Deployment]:
    """Stand-ins up, app started (webhook mode, no scheduler), torn down afterwards.

    The sender's pacers wait in simulated seconds: a reply and its follow-up to one chat or number need
    not be a real second apart here (test_delivery.py checks the pacing itself).
    """
    telegram, twilio = await TelegramStandIn().start(), await TwilioStandIn().start()
    runtime = Runtime.build(
        channel_settings(database_url, telegram, twilio, **overrides), environ=CENTER_ENV, clock=clock
    )
    service = Service(runtime)
    app = create_app(runtime, service, scheduler=False)
    pacing = PacingClock()
    try:
        with pytest.MonkeyPatch.context() as patch:
            pacing.install(patch)
            async with pacing.running(), app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL) as http:
                    yield Deployment(runtime, service, http, telegram, twilio)
    finally:
        await telegram.stop()
        await twilio.stop()
