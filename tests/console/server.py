"""A real Front Desk server for browser tests: uvicorn on a free port, scheduler on, channels at stand-ins."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import uvicorn
from twilio.request_validator import RequestValidator

from api.app import create_app
from bot.jobs.service import Service
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.centers import get_center_by_slug
from storage.enums import StaffRole
from storage.staff import create_staff
from tests.channel_env import ACCOUNT_SID, AUTH_TOKEN, CENTER_ENV, THIRA_NUMBER
from tests.standins import TelegramStandIn, TwilioStandIn

PASSWORD = "correct horse battery"
T = TypeVar("T")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ConsoleServer:
    """The running server, its runtime (for seeding), its stand-ins and the staff it was given."""

    url: str
    runtime: Runtime
    loop: asyncio.AbstractEventLoop
    twilio: TwilioStandIn
    telegram: TelegramStandIn
    staff_ids: dict[str, int] = field(default_factory=dict)

    def call(self, make: Callable[[], Awaitable[T]], timeout: float = 30) -> T:
        """Run a coroutine on the server's own event loop (its engine and sessions live there)."""

        async def wrapped() -> T:
            return await make()

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop).result(timeout)

    def post_sms(self, sender: str, body: str, sid: str) -> int:
        """A citizen's SMS, signed the way Twilio signs it; the webhook's status code."""
        form = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": sender, "To": THIRA_NUMBER, "Body": body,
                "NumMedia": "0"}  # fmt: skip
        url = f"{self.url}/webhooks/twilio/sms"
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
        return httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30).status_code

    def wait_for(self, check: Callable[[], Any], timeout: float = 20) -> Any:
        """Poll until ``check`` returns something truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = check()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError("timed out waiting")


async def _seed(runtime: Runtime) -> dict[str, int]:
    """Staff of every role at Thira, and one staff member at Palamas (another center)."""
    ids: dict[str, int] = {}
    async with runtime.sessions.begin() as session:
        for slug, roles in (("thira", list(StaffRole)), ("palamas", [StaffRole.STAFF])):
            center = await get_center_by_slug(session, slug=slug)
            assert center is not None
            for role in roles:
                member = await create_staff(
                    session, center_id=center.id, role=role, email=f"{role.value}@{slug}.gr", password=PASSWORD,
                    passwords=runtime.passwords, now=runtime.clock.now(),
                    full_name=f"{role.value.title()} {slug.title()}",
                )  # fmt: skip
                ids[f"{role.value}@{slug}"] = member.id
    return ids


async def _serve(database_url: str, spool: str, started: dict[str, Any], ready: threading.Event) -> None:
    """Stand-ins, the app and uvicorn on this thread's loop, until told to exit."""
    twilio, telegram = TwilioStandIn(), TelegramStandIn()
    await twilio.start()
    await telegram.start()
    port = free_port()
    settings = Settings(
        env="test", database_url=database_url, secret_key="c" * 40, public_url=f"http://127.0.0.1:{port}",
        twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_url=twilio.url,
        telegram_api_url=telegram.url, spool_dir=spool, log_level="WARNING",
    )  # fmt: skip
    runtime = Runtime.build(settings, environ=CENTER_ENV | {"FRONTDESK_PALAMAS_SMS_NUMBER": "+302444099999"})
    app = create_app(runtime, Service(runtime))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
    )
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if serving.done():
                serving.result()
            await asyncio.sleep(0.05)
        started.update(
            server=server, runtime=runtime, twilio=twilio, telegram=telegram, url=f"http://127.0.0.1:{port}",
            staff_ids=await _seed(runtime),
        )  # fmt: skip
        ready.set()
        await serving
    finally:
        ready.set()
        await twilio.stop()
        await telegram.stop()


def start_server(database_url: str, spool: str) -> tuple[ConsoleServer, Callable[[], None]]:
    """Start the server in a thread of its own; returns it and how to stop it."""
    loop = asyncio.new_event_loop()
    started: dict[str, Any] = {}
    ready = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            loop.run_until_complete(_serve(database_url, spool, started, ready))
        except BaseException as error:
            failure.append(error)
        finally:
            loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if not ready.wait(60) or failure or "url" not in started:
        raise AssertionError(f"the console server did not start: {failure}")
    running = ConsoleServer(
        started["url"], started["runtime"], loop, started["twilio"], started["telegram"], started["staff_ids"]
    )

    def stop() -> None:
        started["server"].should_exit = True
        thread.join(30)

    return running, stop
