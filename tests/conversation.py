"""Test helpers: send a citizen's message through the real inbound path and read the replies."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sqlalchemy as sa

from bot.conversation.dispatcher import Handled, handle_inbound
from bot.inbound import InboundEvent
from frontdesk.runtime import Runtime
from storage.enums import Channel, InboundKind
from storage.models import Case, ChannelIdentity

_ids = itertools.count(1)


@dataclass
class Citizen:
    """A simulated citizen writing to one center on one channel."""

    runtime: Runtime
    address: str = "+306900000001"
    channel: Channel = Channel.SMS
    center: str = "thira"

    async def send(self, text: str = "", *, kind: InboundKind = InboundKind.TEXT, button: str | None = None,
                   provider_id: str | None = None, payload: dict[str, object] | None = None) -> Handled:  # fmt: skip
        """Deliver one message; returns what the dispatcher did."""
        event = InboundEvent(
            self.center,
            self.channel,
            self.address,
            provider_id or f"test-{next(_ids)}",
            kind,
            text,
            button,
            payload or {},
        )
        return await handle_inbound(self.runtime, event)

    async def say(self, text: str = "", **kwargs: object) -> str:
        """Deliver one message and return the replies' text joined by blank lines."""
        handled = await self.send(text, **kwargs)  # type: ignore[arg-type]
        return "\n\n".join(row.body for row in handled.outbox)

    async def cases(self) -> list[Case]:
        """This citizen's cases, oldest first."""
        async with self.runtime.sessions() as session:
            identity = await session.scalar(
                sa.select(ChannelIdentity).where(ChannelIdentity.address == self.address)
            )
            if identity is None:
                return []
            rows = await session.scalars(
                sa.select(Case).where(Case.citizen_id == identity.citizen_id).order_by(Case.id)
            )
            return list(rows.all())
