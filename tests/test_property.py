"""Property: whatever a citizen sends, the dispatcher never raises, always answers, and keeps valid state."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.dispatcher import handle_inbound
from bot.flows import FLOWS
from bot.inbound import InboundEvent
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.enums import Channel, InboundKind, InboundStatus
from storage.models import Case, ChannelIdentity, Conversation, InboundMessage

NASTY = st.sampled_from(
    [
        "",
        " ",
        "x" * 10_000,
        "\u202e\u2066٣\u2069\u200f",
        "\x00\x07\x1b[31m",
        "😀🙏🏽👨‍👩‍👧",
        "'; DROP TABLE cases; --",
        "Robert'); DELETE FROM citizens WHERE ('1'='1",
        "καλημέρα hello مرحبا Привет",
        "0",
        "99",
        "-1",
        "1.5",
        "STOP",
        "START",
        "BACK",
        "MORE",
        "ΔΙΑΓΡΑΦΗ",
        "help",
        "/start deep-link",
        "thelw na pethanw",
        "6912345678",
    ]
)
INPUT = st.one_of(NASTY, st.text(max_size=300), st.integers(min_value=0, max_value=12).map(str))
BUTTON = st.sampled_from(["c:info", "c:el", "c:en", "c:yes", "c:1", "c:" + "z" * 62, "garbage"])
MESSAGE = st.one_of(INPUT.map(lambda text: (text, None)), BUTTON.map(lambda button: ("", button)))


@pytest.fixture(scope="module")
def loop_and_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.Runner, Runtime]]:
    path: Path = tmp_path_factory.mktemp("property") / "property.db"
    runtime = Runtime.build(
        Settings(env="test", database_url=f"sqlite:///{path}", secret_key="p" * 40),
        environ={},
        clock=FixedClock(),
    )
    with asyncio.Runner() as runner:
        runner.run(runtime.prepare())
        yield runner, runtime
        runner.run(runtime.close())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(MESSAGE, min_size=1, max_size=8),
    channel=st.sampled_from([Channel.SMS, Channel.TELEGRAM]),
)
def test_any_input_gets_an_answer_and_leaves_valid_state(
    loop_and_runtime: tuple[asyncio.Runner, Runtime], messages: list[tuple[str, str | None]], channel: Channel
) -> None:
    runner, runtime = loop_and_runtime
    address = (
        f"+3069{uuid.uuid4().int % 10**8:08d}" if channel is Channel.SMS else str(uuid.uuid4().int % 10**12)
    )
    for text, button in messages:
        kind = InboundKind.BUTTON if button else InboundKind.TEXT
        event = InboundEvent("thira", channel, address, f"prop-{uuid.uuid4().hex}", kind, text, button)
        handled = runner.run(handle_inbound(runtime, event))
        runner.run(_check(runtime, address, handled.inbound_id, bool(handled.outbox)))


async def _check(runtime: Runtime, address: str, inbound_id: int | None, answered: bool) -> None:
    async with runtime.sessions() as session:
        identity = await session.scalar(sa.select(ChannelIdentity).where(ChannelIdentity.address == address))
        inbound = await session.get(InboundMessage, inbound_id)
        if identity is None:  # the citizen erased their data: nothing of them may remain
            assert inbound is None and answered
            return
        assert inbound is not None and inbound.status is InboundStatus.PROCESSED
        # Silence is right only after STOP, or for words that joined a case thread acknowledged this hour.
        in_thread = await session.scalar(
            sa.select(Case.id).where(
                Case.citizen_id == identity.citizen_id,
                Case.unread > 0,
                Case.acknowledged_at > runtime.clock.now() - timedelta(hours=1),
            )
        )
        assert answered or identity.opted_out_at is not None or in_thread is not None
        conversation = await session.scalar(
            sa.select(Conversation).where(Conversation.identity_id == identity.id)
        )
        assert conversation is not None
        if conversation.flow is None:
            assert conversation.node is None
        else:
            assert conversation.node in FLOWS[conversation.flow].nodes
