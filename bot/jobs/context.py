"""What every job may use."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from frontdesk.runtime import Runtime


@dataclass
class JobContext:
    """The runtime, the provider clients and the sender of this process."""

    runtime: Runtime
    clients: ChannelClients
    sender: Sender
    # Things already said in the log (a channel that is off), so a job running every 30 s says them once.
    noted: set[str] = field(default_factory=set)

    def note_once(self, key: str) -> bool:
        """True the first time a key is noted in this process, False afterwards."""
        if key in self.noted:
            return False
        self.noted.add(key)
        return True
