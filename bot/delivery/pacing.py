"""Pacing outbound messages to the providers' limits (python-telegram-bot does not pace private chats)."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable


class Pacer:
    """At most ``limit`` messages in any ``window``, evenly spaced, and ``key_interval`` between two to one key.

    Both limits are checked and stamped together at the moment of sending, so waiting for one can
    never break the other.
    """

    def __init__(
        self,
        limit: int,
        key_interval: float = 0.0,
        window: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window
        self._key_interval = key_interval
        self._stamps: deque[float] = deque()
        self._next_for_chat: dict[str, float] = {}
        self._last_send = float("-inf")
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self._monotonic = monotonic

    def sent(self, chat: str = "") -> None:
        """Count the key's interval from the provider's answer too: the request may have left late."""
        if self._key_interval:
            self._next_for_chat[chat] = max(
                self._next_for_chat.get(chat, 0.0), self._monotonic() + self._key_interval
            )

    def pause(self, seconds: float) -> None:
        """Hold every chat back (the provider answered 429 with ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    async def acquire(self, chat: str = "") -> None:
        """Wait until a message to ``chat`` (a private chat; any for SMS) may go now, and record it."""
        while True:
            async with self._lock:
                now = self._monotonic()
                while self._stamps and self._stamps[0] <= now - self._window:
                    self._stamps.popleft()
                waits = [
                    self._paused_until - now,
                    self._next_for_chat.get(chat, 0.0) - now,
                    # Even spacing: a burst would reach the provider bunched by network and CPU jitter.
                    self._last_send + self._window / self._limit - now,
                ]
                if len(self._stamps) >= self._limit:
                    waits.append(self._stamps[0] + self._window - now)
                wait = max(waits)
                if wait <= 0:
                    self._last_send = now
                    self._stamps.append(now)
                    self._next_for_chat[chat] = now + self._key_interval
                    if len(self._next_for_chat) > 10_000:
                        self._next_for_chat = {key: at for key, at in self._next_for_chat.items() if at > now}
                    return
            await asyncio.sleep(wait)


def backoff_delay(attempts: int, base: float, ceiling: float) -> float:
    """Exponential backoff with full jitter: retries of many rows spread out instead of arriving together."""
    exponential = min(ceiling, base * 2 ** max(attempts - 1, 0))
    return random.uniform(exponential / 2, exponential)  # noqa: S311  (jitter, not security)
