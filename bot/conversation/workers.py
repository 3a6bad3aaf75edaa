"""Conversation workers: stored messages are answered off the request path, each citizen in order.

A webhook only makes the message durable and names its writer here; a worker then answers everything that
writer has waiting, oldest first (``answer_waiting``). If the process stops first, the messages are still
stored, and the ``inbound`` job answers them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.conversation.dispatcher import answer_waiting
from frontdesk.runtime import Runtime
from storage.enums import Channel

logger = logging.getLogger(__name__)
Writer = tuple[int, Channel, str]  # center id, channel, address


class AnswerWorkers:
    """A few tasks answering citizens whose messages wait; a citizen queued twice is answered once."""

    def __init__(self, runtime: Runtime, concurrency: int = 8) -> None:
        self._runtime = runtime
        self._concurrency = concurrency
        self._queue: asyncio.Queue[Writer] = asyncio.Queue()
        self._queued: set[Writer] = set()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start the workers (on the running event loop)."""
        self._tasks = [asyncio.create_task(self._work()) for _ in range(self._concurrency)]

    def submit(self, center_id: int, channel: Channel, address: str) -> None:
        """Ask for this writer's waiting messages to be answered."""
        writer = (center_id, channel, address)
        if writer in self._queued:
            return  # the queued turn will answer the new message too
        self._queued.add(writer)
        self._queue.put_nowait(writer)

    async def drain(self) -> None:
        """Wait until everything submitted so far has been answered (tests, shutdown)."""
        await self._queue.join()

    async def stop(self) -> None:
        """Stop the workers; what they did not answer stays stored for the inbound job."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _work(self) -> None:
        while True:
            writer = await self._queue.get()
            self._queued.discard(writer)
            try:
                await answer_waiting(self._runtime, *writer)
            except Exception:
                logger.exception("messages of center %d could not be answered now", writer[0])
            finally:
                self._queue.task_done()
