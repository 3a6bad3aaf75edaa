"""The running service around the web app: provider clients, Telegram webhook or polling, the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import TelegramError

from bot.conversation.intake import Intake, NotDurable
from bot.conversation.telegram_updates import process_update
from bot.conversation.workers import AnswerWorkers
from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from bot.jobs import INTERVALS, JOBS, LOCAL_JOBS, JobContext
from bot.jobs.leader import Leadership
from frontdesk.runtime import Runtime

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
POLL_TIMEOUT = 25
# The leader looks for replies to send this often (answering processes write them), and soon after an
# answer was written in this process; the scheduler's outbox job every 2 s stays as the safety net.
SEND_POLL_SECONDS = 0.25
# After an answer, the sender waits this long for the next ones: one claim then takes several replies.
SEND_LINGER_SECONDS = 0.03


class Service:
    """Starts and stops everything that runs beside the HTTP routes."""

    def __init__(self, runtime: Runtime, clients: ChannelClients | None = None) -> None:
        self.runtime = runtime
        self.clients = clients or ChannelClients.build(runtime.settings, runtime.centers)
        self.context = JobContext(runtime, self.clients, Sender(runtime, self.clients))
        self.leadership = Leadership(runtime.engine)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        # Webhooks store through the intake; the workers answer, giving way to it.
        self.intake = Intake(runtime)
        self.workers = AnswerWorkers(
            runtime, runtime.settings.answer_workers, intake=self.intake, on_answered=self.send_soon
        )
        self._polling: list[asyncio.Task[None]] = []
        self._send_wanted = asyncio.Event()
        self._sending: asyncio.Task[None] | None = None

    async def start(self, *, scheduler: bool = True) -> None:
        """Connect the bots, register webhooks (or poll), start the scheduled jobs."""
        await self.clients.start()
        self.workers.start()
        await self._connect_telegram()
        if scheduler:
            for name, seconds in INTERVALS.items():
                self.scheduler.add_job(
                    self.run_job,
                    "interval",
                    seconds=seconds,
                    args=[name],
                    id=name,
                    max_instances=1,
                    coalesce=True,
                )
            self.scheduler.start()
            self._sending = asyncio.create_task(self._send_continually())
        # What start-up built lives as long as the process: the collector need not walk it every time it
        # looks for garbage (a full collection over it took 80 ms, and 250 ms once the models are loaded).
        gc.freeze()

    async def stop(self) -> None:
        """Stop polling and jobs, close connections."""
        gc.unfreeze()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._sending is not None:
            self._sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sending
        for task in self._polling:
            task.cancel()
        for task in self._polling:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.workers.stop()
        await self.leadership.release()
        await self.clients.close()

    def send_soon(self) -> None:
        """Replies were queued in this process: the sender looks for them now rather than at its next tick."""
        self._send_wanted.set()

    async def _send_continually(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._send_wanted.wait(), SEND_POLL_SECONDS)
                await asyncio.sleep(SEND_LINGER_SECONDS)
            self._send_wanted.clear()
            await self.run_job("outbox")

    async def run_job(self, name: str, *, only_if_leading: bool = True) -> str | None:
        """Run one job (if this replica leads, unless told otherwise); None when it did not run or failed."""
        if only_if_leading and name not in LOCAL_JOBS and not await self.leadership.try_acquire():
            return None
        try:
            summary = await JOBS[name](self.context)
        except Exception:
            logger.exception("job %s failed", name)
            return None
        logger.debug("job %s: %s", name, summary)
        return summary

    async def _connect_telegram(self) -> None:
        settings = self.runtime.settings
        for center in self.runtime.centers.centers:
            if center.slug not in self.clients.ready or center.telegram_secret is None:
                continue
            bot = self.clients.bots[center.slug]
            try:
                if settings.public_url_is_public:
                    await bot.set_webhook(
                        url=f"{settings.public_url}/webhooks/telegram/{center.slug}",
                        secret_token=center.telegram_secret.get_secret_value(),
                        allowed_updates=ALLOWED_UPDATES,
                    )
                    logger.info("telegram webhook set for center %s", center.slug)
                else:
                    await bot.delete_webhook()
                    self._polling.append(asyncio.create_task(self._poll(center.slug)))
                    logger.info(
                        "telegram polling for center %s (the public URL is not reachable from outside)",
                        center.slug,
                    )
            except TelegramError as error:
                logger.warning("telegram set-up of center %s failed: %s", center.slug, type(error).__name__)

    async def _poll(self, slug: str) -> None:
        bot = self.clients.bots[slug]
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES
                )
                failures = 0
            except TelegramError as error:
                failures += 1
                logger.warning("telegram polling of center %s: %s", slug, type(error).__name__)
                await asyncio.sleep(min(60, 2**failures))
                continue
            for update in updates:
                try:
                    await process_update(self.runtime, self.clients, slug, update.to_dict())
                except NotDurable:
                    # The offset stays: Telegram hands this update over again on the next call.
                    logger.error("telegram update of center %s not durable; retrying", slug)
                    await asyncio.sleep(2)
                    break
                offset = update.update_id + 1
