"""Job ``inbound``: answer messages that were stored but never answered (a crash, a restart, a failure)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.conversation.dispatcher import answer_stored
from bot.jobs.context import JobContext
from storage.messages import list_stranded_inbound

logger = logging.getLogger(__name__)
# A message stored this long ago and still unanswered lost its handler.
STRANDED_AFTER = timedelta(minutes=2)


async def inbound_job(context: JobContext) -> str:
    """Answer messages that were stored but never answered."""
    runtime = context.runtime
    async with runtime.sessions() as session:
        ids = await list_stranded_inbound(session, before=runtime.clock.now() - STRANDED_AFTER)
    answered = 0
    for inbound_id in ids:
        try:
            await answer_stored(runtime, inbound_id)
            answered += 1
        except Exception:
            logger.exception("stranded inbound %d could not be answered", inbound_id)
    return f"answered={answered} of {len(ids)}"
