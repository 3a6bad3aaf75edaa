"""Recognising an answer to a message a job sent (reminder, visit change, waiting-list or staff offer).

On Telegram the citizen presses its button; on SMS they type "1" or "2", which means the choices of the newest
message we sent them when that message came from a job: the reply answers what the citizen last read.
"""

from __future__ import annotations

from datetime import timedelta

from bot.channels.telegram.keys import strip_callback
from bot.conversation.turn import Turn
from bot.inbound import InboundEvent
from bot.understanding.text import best_match, parse_number
from storage.outbox import latest_choices

JOB_KEYS = ("reminder:", "rebook:", "waitlist:", "offer:")
# A number typed later than this after the message is not taken as its answer (buttons always are).
ANSWER_WINDOW = timedelta(days=2)


def is_job_key(key: str) -> bool:
    """Tell whether a choice key belongs to a message sent by a job rather than by the conversation."""
    return key.startswith(JOB_KEYS)


async def job_choice(turn: Turn, event: InboundEvent) -> str | None:
    """The job choice key this message answers, if it answers one."""
    if event.button is not None:
        key = strip_callback(event.button)
        return key if is_job_key(key) else None
    if not event.text.strip():
        return None
    keys, labels = await latest_choices(
        turn.session, identity_id=turn.identity.id, since=turn.now - ANSWER_WINDOW
    )
    if not keys or not all(is_job_key(key) for key in keys):
        return None
    number = parse_number(event.text)
    if number is not None:
        return keys[number - 1] if 1 <= number <= len(keys) else None
    return best_match(event.text, zip(keys, labels, strict=False))
