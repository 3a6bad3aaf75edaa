"""Request bodies refused over a size limit while they stream, before anything reads them whole."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB = 1024
# Twilio's forms are a few kB; a Telegram update is at most a few tens; staff requests are small JSON.
DEFAULT_LIMITS: tuple[tuple[str, int], ...] = (
    ("/webhooks/twilio/", 64 * KIB),
    ("/webhooks/telegram/", 1024 * KIB),
    ("/", 1024 * KIB),
)


class BodyLimit:
    """ASGI middleware: 413 for a body longer than its path's limit, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limits: Sequence[tuple[str, int]] = DEFAULT_LIMITS) -> None:
        self.app = app
        self.limits = tuple(limits)

    def limit_for(self, path: str) -> int | None:
        """The first limit whose prefix the path starts with."""
        return next((limit for prefix, limit in self.limits if path.startswith(prefix)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await PlainTextResponse("request body too large", status_code=413)(scope, receive, send)
            return
        await self.app(scope, _counting(receive, limit), send)


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                # Raised inside the route's body read; FastAPI turns it into the 413 answer.
                raise HTTPException(status_code=413, detail="request body too large")
        return message

    return counted
