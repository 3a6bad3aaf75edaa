"""The citizen simulator behind ``frontdesk chat``: stdin lines in, what the citizen would receive out."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable
from typing import TextIO

from bot.conversation.dispatcher import handle_inbound
from bot.inbound import InboundEvent
from frontdesk.runtime import Runtime
from storage.enums import Channel, InboundKind
from storage.models import OutboxMessage
from storage.outbox import mark_delivered_by_simulator


def _event(center: str, channel: Channel, address: str, line: str, shown_keys: set[str]) -> InboundEvent:
    provider_id = f"sim-{uuid.uuid4().hex}"
    if channel is Channel.TELEGRAM and line in shown_keys:
        # A line equal to a shown button's data presses that button.
        return InboundEvent(center, channel, address, provider_id, InboundKind.BUTTON, "", button=line)
    return InboundEvent(center, channel, address, provider_id, InboundKind.TEXT, line)


def describe(row: OutboxMessage) -> dict[str, object]:
    """The JSON object of CONTRACT.md for one outbound message."""
    result: dict[str, object] = {
        "channel": row.channel.value,
        "to": row.to_address,
        "locale": row.locale,
        "text": row.body,
        "choices": row.payload.get("choices", []),
    }
    if row.channel is Channel.SMS:
        result["segments"] = row.payload.get("segments")
        result["encoding"] = row.payload.get("encoding")
    return result


def _print_text(row: OutboxMessage, out: TextIO) -> None:
    out.write(row.body + "\n")
    if row.channel is Channel.TELEGRAM:
        for choice in row.payload.get("choices", []):
            out.write(f"  [{choice['label']}] → {choice['key']}\n")
    else:
        out.write(f"  ({row.payload.get('segments')} SMS, {row.payload.get('encoding')})\n")


async def run_chat(
    runtime: Runtime,
    *,
    center: str,
    channel: Channel,
    address: str,
    lines: Iterable[str],
    as_json: bool,
    out: TextIO = sys.stdout,
) -> None:
    """Feed each line through the real inbound path and print what was queued for the citizen."""
    shown_keys: set[str] = set()
    for raw in lines:
        rows = await chat_turn(
            runtime, center=center, channel=channel, address=address, line=raw.rstrip("\r\n"),
            shown_keys=shown_keys,
        )  # fmt: skip
        if rows:
            shown_keys = {choice["key"] for row in rows for choice in row.payload.get("choices", [])}
        for row in rows:
            if as_json:
                out.write(json.dumps(describe(row), ensure_ascii=False) + "\n")
            else:
                _print_text(row, out)
        out.write('{"idle":true}\n' if as_json else "---\n")
        out.flush()


async def chat_turn(
    runtime: Runtime, *, center: str, channel: Channel, address: str, line: str, shown_keys: set[str]
) -> list[OutboxMessage]:
    """One citizen message through the real inbound path; what was queued for them, counted as delivered.

    A line equal to the data of a button shown last (Telegram) presses that button.
    """
    handled = await handle_inbound(runtime, _event(center, channel, address, line, shown_keys))
    if handled.outbox:
        await _deliver(runtime, [row.id for row in handled.outbox])
    return handled.outbox


async def _deliver(runtime: Runtime, ids: list[int]) -> None:
    """The simulator is the provider: its messages count as sent, so no sender job sends them again."""
    async with runtime.sessions.begin() as session:
        await mark_delivered_by_simulator(session, outbox_ids=ids, now=runtime.clock.now())
