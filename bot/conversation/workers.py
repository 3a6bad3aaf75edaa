"""Conversation workers: stored messages are answered off the request path, each citizen in order.

A webhook only makes the message durable and names its writer here; a worker then answers everything that
writer has waiting, oldest first (``answer_waiting``). If the process stops first, the messages are still
stored, and the ``inbound`` job answers them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib

from bot.conversation.dispatcher import answer_waiting
from frontdesk.runtime import Runtime
from storage.enums import Channel
from storage.messages import list_waiting_writers

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


async def poll_and_answer(runtime: Runtime, *, index: int = 0, of: int = 1, idle: float = 0.05) -> None:
    """An answering process: find writers with waiting messages in the database and answer them, forever.

    Process ``index`` of ``of`` takes the writers whose address hashes to it, so processes do not race
    for the same citizen (they would be correct, only wasteful).
    """
    workers = AnswerWorkers(runtime, runtime.settings.answer_workers)
    workers.start()
    try:
        while True:
            async with runtime.sessions() as session:
                writers = await list_waiting_writers(session)
            mine = [writer for writer in writers if zlib.crc32(writer[2].encode()) % of == index]
            for writer in mine:
                workers.submit(*writer)
            await workers.drain()
            if not mine:
                await asyncio.sleep(idle)
    finally:
        await workers.stop()
