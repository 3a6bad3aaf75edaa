"""Simulated seconds for the outbox pacers, so provider limits are checked without waiting for them.

The sender builds its own ``Pacer`` objects and a pacer waits with ``asyncio.sleep``; ``install`` swaps
both, in ``bot/delivery`` only, for ones that read and wait on this clock. Nothing else is faked: the
stand-ins, the database and the clients' timeouts keep real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import math
import time
from collections.abc import AsyncIterator, Callable, Sequence
from types import SimpleNamespace

import pytest

from bot.delivery import pacing, sender
from bot.delivery.pacing import Pacer

# A request that the pacer let go but that never reaches the stand-in stops the clock; say so, don't hang.
STALL_SECONDS = 30.0
# Instants are whole multiples of this: the pacers' sums and differences of them are then exact, so a
# limit is kept or broken, never both at once by rounding (x + 1.0 <= y and x <= y - 1.0 can disagree).
TICK = 2.0**-20


class PacingClock:
    """Monotonic seconds that pass only when a pacer waits for them.

    When ``arrived`` is given (how many paced requests the stand-in has seen), the clock also stands
    still while a request the pacers let go is on its way: the stand-in then sees each request at the
    very instant its pacer stamped it, as over a network without latency.
    """

    def __init__(self, arrived: Callable[[], int] | None = None) -> None:
        self.now = 0.0
        self.granted = 0
        self._arrived = arrived
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._waiting = asyncio.Event()

    def monotonic(self) -> float:
        """The simulated instant, in seconds."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Return once the clock has reached ``seconds`` from now."""
        wake = asyncio.get_running_loop().create_future()
        at = math.ceil((self.now + max(seconds, 0.0)) / TICK) * TICK
        heapq.heappush(self._sleepers, (at, next(self._order), wake))
        self._waiting.set()
        await wake

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make the sender's pacers run on this clock and count the requests they let go."""
        clock = self

        class ClockedPacer(Pacer):
            def __init__(self, limit: int, key_interval: float = 0.0, window: float = 1.0) -> None:
                super().__init__(limit, key_interval, window, monotonic=clock.monotonic)

            async def acquire(self, chat: str = "") -> None:
                await super().acquire(chat)
                clock.granted += 1

        monkeypatch.setattr(sender, "Pacer", ClockedPacer)
        monkeypatch.setattr(pacing, "asyncio", SimpleNamespace(Lock=asyncio.Lock, sleep=self.sleep))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[PacingClock]:
        """Move the clock on in the background for the duration of the block."""
        driver = asyncio.create_task(self._drive())
        try:
            yield self
        finally:
            driver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await driver

    async def _drive(self) -> None:
        progress = (-1, time.monotonic())
        while True:
            if not self._sleepers:
                self._waiting.clear()
                await self._waiting.wait()
            # Tasks woken last time, or ready now, take their turn first: they may send at this instant.
            await asyncio.sleep(0)
            arrived = self.granted if self._arrived is None else self._arrived()
            if arrived == self.granted:
                if self._sleepers:
                    self._wake_earliest()
                continue
            if arrived != progress[0]:
                progress = (arrived, time.monotonic())
            elif time.monotonic() - progress[1] > STALL_SECONDS:
                self._fail(f"a paced request did not reach the stand-in within {STALL_SECONDS:g} s")
                return
            await asyncio.sleep(0.0005)  # real time: a request is on its way to the stand-in

    def _wake_earliest(self) -> None:
        self.now = max(self.now, self._sleepers[0][0])
        while self._sleepers and self._sleepers[0][0] <= self.now:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_result(None)

    def _fail(self, reason: str) -> None:
        while self._sleepers:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_exception(AssertionError(reason))


def arrivals(requests: Sequence[tuple[str, object]], method: str) -> Callable[[], int]:
    """How many requests to ``method`` a stand-in has recorded so far, counted incrementally."""
    counted = {"seen": 0, "matching": 0}

    def count() -> int:
        end = len(requests)
        counted["matching"] += sum(1 for index in range(counted["seen"], end) if requests[index][0] == method)
        counted["seen"] = end
        return counted["matching"]

    return count
