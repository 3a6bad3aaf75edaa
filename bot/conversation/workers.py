"""Conversation workers: stored messages are answered off the request path, each citizen in order.

A webhook only makes the message durable and names its writer here; a worker then answers everything that
writer has waiting, oldest first (``answer_waiting``). If the process stops first, the messages are still
stored, and the ``inbound`` job answers them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import zlib
from collections.abc import Callable

from bot.conversation.dispatcher import answer_waiting
from bot.conversation.intake import Intake
from bot.understanding.crisis import crisis_classifier, detect_crisis
from bot.understanding.intents import category_classifier, intent_classifier
from bot.understanding.language import detect_language
from frontdesk.runtime import Runtime
from storage.enums import Channel
from storage.messages import list_waiting_writers

logger = logging.getLogger(__name__)
Writer = tuple[int, Channel, str]  # center id, channel, address
# How long a worker gives way to messages being accepted before it answers anyway: under a flood the
# answers slow down but never stop.
PATIENCE_SECONDS = 0.2


def warm_understanding() -> None:
    """Load what answers need (language model, crisis lexicon, classifiers trained from the lexicon).

    Seconds of work, once per process: the workers run it in a thread before their first answer, so the
    event loop keeps accepting messages meanwhile, and it is not paid at start-up (nor its memory).
    """
    detect_language("I need food for my family, please help")
    detect_crisis("καλημέρα")
    crisis_classifier()
    intent_classifier()
    category_classifier()


def _after_warm(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        # Each answer loads what it needs itself then (and fails as it would have).
        logger.error("understanding not loaded ahead: %s", type(task.exception()).__name__)
        return
    # The models stay for the life of the process: out of the collector's way (see Service.start).
    gc.freeze()


class AnswerWorkers:
    """A few tasks answering citizens whose messages wait; a citizen queued twice is answered once.

    With an ``intake`` (the web process), each worker waits before each message until no message is being
    accepted (at most ``PATIENCE_SECONDS``): acknowledgements, which providers time, come before answers,
    which wait anyway. There, and on SQLite with its one connection, one worker answers at a time, so a
    batch of acknowledgements waits for at most one answer.
    """

    def __init__(
        self,
        runtime: Runtime,
        concurrency: int = 8,
        *,
        intake: Intake | None = None,
        on_answered: Callable[[], None] | None = None,
    ) -> None:
        self._runtime = runtime
        self._on_answered = on_answered
        sqlite = runtime.engine.dialect.name == "sqlite"
        # In the web process, one answer at a time: answering is CPU work (understanding, rendering, the ORM),
        # and every answer in flight puts its steps in the event loop's queue ahead of each round trip of the
        # acceptance batch (pool checkout, begin, insert, commit). With 8 answers in flight on PostgreSQL a
        # webhook at a steady 200 req/s waited p50 35 ms, p99 80-260 ms; with one, p50 8 ms, p99 16-24 ms
        # (bench/webhooks.py), for about 15 % fewer answers a second in that process. Throughput on
        # PostgreSQL comes from the answering processes (FRONTDESK_ANSWER_PROCESSES), which have no intake
        # to give way to and run ``concurrency`` workers each.
        self._concurrency = 1 if sqlite or intake is not None else concurrency
        self._intake = intake
        self._queue: asyncio.Queue[Writer] = asyncio.Queue()
        self._queued: set[Writer] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._warm: asyncio.Task[None] | None = None

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

    async def _give_way(self) -> None:
        if self._intake is not None:
            await self._intake.wait_quiet(PATIENCE_SECONDS)

    async def _warmed(self) -> None:
        if self._warm is None:
            self._warm = asyncio.create_task(asyncio.to_thread(warm_understanding))
            self._warm.add_done_callback(_after_warm)
        if not self._warm.done():
            await asyncio.wait([self._warm])

    async def _work(self) -> None:
        while True:
            writer = await self._queue.get()
            await self._warmed()
            self._queued.discard(writer)
            try:
                replies = await answer_waiting(self._runtime, *writer, before_each=self._give_way)
                if replies and self._on_answered is not None:
                    self._on_answered()
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
