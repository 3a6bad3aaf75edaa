"""Job ``spool``: move messages spooled while the database was down into it, in arrival order, and answer them.

Runs on every replica (each has its own spool), not only on the one that leads the other jobs.
"""

from __future__ import annotations

import asyncio
import logging

from bot.conversation.dispatcher import answer_waiting
from bot.conversation.intake import STORAGE_ERRORS, UnknownCenter, spool_of, store_event
from bot.inbound import InboundEvent
from bot.jobs.context import JobContext

logger = logging.getLogger(__name__)


async def spool_job(context: JobContext) -> str:
    """Store spooled messages oldest first (a redelivery is dropped by its provider id), then answer them."""
    runtime = context.runtime
    spool = spool_of(runtime)
    stored = duplicates = rejected = 0
    waiting: dict[tuple[int, str, str], InboundEvent] = {}
    for path in await asyncio.to_thread(spool.pending):
        try:
            event = InboundEvent.from_record(await asyncio.to_thread(spool.read, path))
            handled = await store_event(runtime, event)
        except STORAGE_ERRORS as error:
            # Still down: keep this one and everything after it, in order, for the next run.
            logger.warning("spool drain paused: %s", type(error).__name__)
            break
        except (UnknownCenter, ValueError, KeyError, TypeError) as error:
            logger.error("spooled message set aside: %s", type(error).__name__)
            await asyncio.to_thread(spool.reject, path)
            rejected += 1
            continue
        await asyncio.to_thread(spool.remove, path)
        if handled.duplicate or handled.center_id is None:
            duplicates += 1
            continue
        stored += 1
        waiting[(handled.center_id, event.channel.value, event.address)] = event
    for (center_id, _channel, address), event in waiting.items():
        try:
            await answer_waiting(runtime, center_id, event.channel, address)
        except Exception:
            logger.exception("spooled messages of one citizen could not be answered now")
    return f"stored={stored} duplicates={duplicates} rejected={rejected}"
