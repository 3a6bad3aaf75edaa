"""Local stand-ins for the Telegram Bot API and Twilio's REST API: record requests, inject faults, check limits.

The real python-telegram-bot and twilio clients talk to these through FRONTDESK_TELEGRAM_API_URL and
FRONTDESK_TWILIO_API_URL; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from aiohttp import web


@dataclass
class Faults:
    """Share of requests answered with 5xx, left hanging (a timeout), or 429."""

    server_error: float = 0.0
    timeout: float = 0.0
    throttle: float = 0.0
    hang_seconds: float = 5.0
    retry_after: int = 1
    seed: int = 7

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def draw(self) -> str | None:
        """Which fault (if any) this request gets."""
        roll = self._random.random()
        if roll < self.server_error:
            return "5xx"
        if roll < self.server_error + self.timeout:
            return "timeout"
        if roll < self.server_error + self.timeout + self.throttle:
            return "429"
        return None


@dataclass
class Delivery:
    """One message the stand-in accepted."""

    to: str
    text: str
    at: float
    extra: dict[str, Any] = field(default_factory=dict)


class StandIn:
    """An aiohttp server on 127.0.0.1 with a random port."""

    def __init__(self) -> None:
        self.app = web.Application()
        self.runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.url = ""
        self.faults = Faults()
        self.accepted: list[Delivery] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.fault_counts: dict[str, int] = defaultdict(int)
        # The clock arrivals are stamped with; a test of pacing gives the pacers' simulated one.
        self.monotonic: Callable[[], float] = time.monotonic

    async def start(self) -> StandIn:
        """Listen on a free port, in a thread of its own so its clock is not the client's event loop."""
        ready = threading.Event()

        loop = self._loop = asyncio.new_event_loop()

        def serve() -> None:
            loop.run_until_complete(self._listen())
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        await asyncio.to_thread(ready.wait, 10)
        return self

    async def _listen(self) -> None:
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        """Stop listening and end the thread."""
        if self.runner is None or self._loop is None:
            return
        future = asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self._loop)
        await asyncio.wrap_future(future)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, 10)
        self._loop.close()

    async def _fault(self) -> web.Response | None:
        fault = self.faults.draw()
        if fault is None:
            return None
        self.fault_counts[fault] += 1
        if fault == "timeout":
            # The request hangs and is never processed: the client times out.
            await asyncio.sleep(self.faults.hang_seconds)
            return web.Response(status=504)
        if fault == "5xx":
            return web.Response(status=502, text="Bad Gateway")
        return self.throttled()

    def throttled(self) -> web.Response:
        """A 429 in the provider's own format."""
        raise NotImplementedError

    @staticmethod
    async def params(request: web.Request) -> dict[str, Any]:
        """Form or JSON body, plus the query string."""
        values: dict[str, Any] = dict(request.query)
        body = await request.text()
        if body:
            if request.content_type == "application/json":
                values.update(json.loads(body))
            else:
                values.update(parse_qsl(body, keep_blank_values=True))
        return values


class TelegramStandIn(StandIn):
    """The Bot API: getMe, sendMessage, answerCallbackQuery, webhooks and getUpdates."""

    def __init__(self) -> None:
        super().__init__()
        self.app.router.add_route("*", "/bot{token}/{method}", self.handle)
        self.app.router.add_get("/file/bot{token}/{path:.*}", self.download)
        # Files citizens "sent": file_id → bytes, served by getFile and the file download URL.
        self.files: dict[str, bytes] = {}
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.blocked_chats: set[str] = set()
        self._global: deque[float] = deque()
        self._last_by_chat: dict[str, float] = {}
        self.max_per_second = 0
        self.min_chat_gap = float("inf")

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for the next getUpdates (long polling)."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self.updates.put_nowait, update)

    def throttled(self) -> web.Response:
        retry = self.faults.retry_after
        return web.json_response(
            {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry}",
                "parameters": {"retry_after": retry},
            },
            status=429,
        )

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self.params(request)
        # Stamped before it is counted: a simulated clock may move on as soon as the request is seen.
        at = self.monotonic()
        self.requests.append((method, params))
        if method == "getMe":
            return _ok(
                {"id": 424242, "is_bot": True, "first_name": "Κέντρο Κοινότητας", "username": "kk_test_bot"}
            )
        if method in ("setWebhook", "deleteWebhook", "answerCallbackQuery"):
            return _ok(True)
        if method == "getUpdates":
            return await self._get_updates(params)
        if method == "getFile":
            return self._get_file(str(params.get("file_id", "")))
        if method != "sendMessage":
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        fault = await self._fault()
        if fault is not None:
            return fault
        chat = str(params["chat_id"])
        if chat in self.blocked_chats:
            return web.json_response(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
                status=403,
            )
        self._check_limits(chat, at)
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        self.accepted.append(Delivery(chat, str(params["text"]), at, {"reply_markup": markup}))
        return _ok(
            {
                "message_id": len(self.accepted),
                "date": int(time.time()),
                "chat": {"id": int(chat), "type": "private"},
                "text": params["text"],
            }
        )

    def _get_file(self, file_id: str) -> web.Response:
        if file_id not in self.files:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}, status=400
            )
        size = len(self.files[file_id])
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": size,
                "file_path": f"documents/{file_id}",
            }
        )

    async def download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].removeprefix("documents/")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    def _check_limits(self, chat: str, now: float) -> None:
        self._global.append(now)
        while self._global and self._global[0] <= now - 1.0:
            self._global.popleft()
        self.max_per_second = max(self.max_per_second, len(self._global))
        if chat in self._last_by_chat:
            self.min_chat_gap = min(self.min_chat_gap, now - self._last_by_chat[chat])
        self._last_by_chat[chat] = now

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        timeout = float(params.get("timeout", 0) or 0)
        updates = []
        with contextlib.suppress(TimeoutError):
            updates.append(await asyncio.wait_for(self.updates.get(), timeout=min(timeout, 1.0) or 0.01))
        while not self.updates.empty():
            updates.append(self.updates.get_nowait())
        return _ok(updates)


class TwilioStandIn(StandIn):
    """The Messages API: create a message, with Twilio's error codes for numbers that cannot receive."""

    # Destinations that answer with a permanent Twilio error.
    ERRORS: ClassVar[dict[str, tuple[int, int, str]]] = {
        "+306900021610": (400, 21610, "Attempt to send to unsubscribed recipient"),
        "+306900021211": (400, 21211, "Invalid 'To' Phone Number"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.create)

    def throttled(self) -> web.Response:
        return web.json_response({"code": 20429, "message": "Too Many Requests", "status": 429}, status=429)

    async def create(self, request: web.Request) -> web.Response:
        params = await self.params(request)
        at = self.monotonic()
        self.requests.append(("Messages.json", params))
        fault = await self._fault()
        if fault is not None:
            return fault
        to = params.get("To", "")
        if to in self.ERRORS:
            status, code, message = self.ERRORS[to]
            return web.json_response({"code": code, "message": message, "status": status}, status=status)
        sid = "SM" + uuid.uuid4().hex
        self.accepted.append(
            Delivery(
                to,
                params.get("Body", ""),
                at,
                {"from": params.get("From"), "sid": sid, "callback": params.get("StatusCallback")},
            )
        )
        return web.json_response(
            {
                "sid": sid,
                "status": "queued",
                "to": to,
                "from": params.get("From"),
                "body": params.get("Body"),
                "account_sid": request.match_info["sid"],
                "num_segments": "1",
            },
            status=201,
        )


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


class WebhookReceiver(StandIn):
    """A center's own system receiving case announcements; the first ``fail_first`` answers are 503."""

    def __init__(self, fail_first: int = 0) -> None:
        super().__init__()
        self.fail_first = fail_first
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.app.router.add_post("/hook", self.hook)

    async def hook(self, request: web.Request) -> web.Response:
        if self.fail_first > 0:
            self.fail_first -= 1
            return web.Response(status=503)
        self.received.append((dict(request.headers), await request.read()))
        return web.Response(status=204)
