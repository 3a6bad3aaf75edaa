"""What every job may use."""

from __future__ import annotations

from dataclasses import dataclass

from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from frontdesk.runtime import Runtime


@dataclass
class JobContext:
    """The runtime, the provider clients and the sender of this process."""

    runtime: Runtime
    clients: ChannelClients
    sender: Sender
