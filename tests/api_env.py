"""A running app with staff of two centers signed in, for staff-API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from fastapi import FastAPI

from api.app import create_app
from bot.jobs.service import Service
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.centers import get_center_by_slug
from storage.enums import StaffRole
from storage.staff import create_staff

PASSWORD = "correct horse battery"
CENTERS = ("thira", "palamas")
SMS_NUMBERS = {"FRONTDESK_THIRA_SMS_NUMBER": "+302286099999", "FRONTDESK_PALAMAS_SMS_NUMBER": "+302444099999"}


@dataclass
class Api:
    """The app, an HTTP client, and a bearer token per (center, role)."""

    runtime: Runtime
    http: httpx.AsyncClient
    clock: FixedClock
    tokens: dict[tuple[str, StaffRole], str] = field(default_factory=dict)
    staff_ids: dict[tuple[str, StaffRole], int] = field(default_factory=dict)
    app: FastAPI | None = None

    def auth(self, center: str = "thira", role: StaffRole = StaffRole.STAFF) -> dict[str, str]:
        """The Authorization header of that staff member."""
        return {"Authorization": f"Bearer {self.tokens[(center, role)]}"}

    async def sign_in(
        self, email: str, password: str = PASSWORD, *, http: httpx.AsyncClient | None = None
    ) -> httpx.Response:
        """POST the OAuth2 password form (through ``http``, e.g. a client at another address)."""
        form = {"username": email, "password": password}
        return await (http or self.http).post("/api/v1/auth/token", data=form)

    def client_at(self, address: str) -> httpx.AsyncClient:
        """An HTTP client whose requests come from another IP address."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 50000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@asynccontextmanager
async def api_app(database_url: str, clock: FixedClock) -> AsyncIterator[Api]:
    """App started without channels or scheduler; a staff, coordinator and admin at two centers."""
    # SMS is on (a Twilio account that is never called: the scheduler does not run), Telegram off.
    settings = Settings(
        env="test", database_url=database_url, secret_key="a" * 40, twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="api-test-token",
    )  # fmt: skip
    runtime = Runtime.build(settings, environ=SMS_NUMBERS, clock=clock)
    app = create_app(runtime, Service(runtime), scheduler=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            env = Api(runtime, http, clock, app=app)
            async with runtime.sessions.begin() as session:
                for slug in CENTERS:
                    center = await get_center_by_slug(session, slug=slug)
                    assert center is not None
                    for role in StaffRole:
                        member = await create_staff(
                            session,
                            center_id=center.id,
                            role=role,
                            email=f"{role.value}@{slug}.gr",
                            password=PASSWORD,
                            passwords=runtime.passwords,
                            now=clock.now(),
                        )
                        env.staff_ids[(slug, role)] = member.id
            for slug in CENTERS:
                for role in StaffRole:
                    response = await env.sign_in(f"{role.value}@{slug}.gr")
                    env.tokens[(slug, role)] = response.json()["access_token"]
            yield env
