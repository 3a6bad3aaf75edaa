"""Pacing outbound messages to the providers' limits (python-telegram-bot does not pace private chats)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most ``limit`` acquisitions in any ``window`` seconds; a pause holds everyone back."""

    def __init__(
        self, limit: int, window: float = 1.0, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit = limit
        self._window = window
        self._stamps: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self._monotonic = monotonic

    def pause(self, seconds: float) -> None:
        """Hold every sender back (the provider answered 429 with ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    async def acquire(self) -> None:
        """Wait for a free place in the window."""
        async with self._lock:
            while True:
                now = self._monotonic()
                while self._stamps and self._stamps[0] <= now - self._window:
                    self._stamps.popleft()
                wait = max(self._paused_until - now, 0.0)
                if not wait and len(self._stamps) < self._limit:
                    self._stamps.append(now)
                    return
                if not wait:
                    wait = self._stamps[0] + self._window - now
                await asyncio.sleep(wait)


class PerKeyInterval:
    """At least ``interval`` seconds between two acquisitions of the same key (one private chat)."""

    def __init__(self, interval: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._monotonic = monotonic

    async def acquire(self, key: str) -> None:
        """Wait until this key may be used again, and reserve the slot."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            wait = self._next.get(key, 0.0) - self._monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next[key] = self._monotonic() + self._interval
        if len(self._next) > 10_000:
            self._forget_old()

    def _forget_old(self) -> None:
        now = self._monotonic()
        for key in [key for key, at in self._next.items() if at < now and not self._locks[key].locked()]:
            del self._next[key]
            del self._locks[key]
