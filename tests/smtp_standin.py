"""A local SMTP stand-in: enough of RFC 5321 for aiosmtplib, every message kept for the test to read."""

from __future__ import annotations

import asyncio
import email
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class SmtpStandIn:
    """Listens on 127.0.0.1 at a free port; ``refuse`` answers every message with a permanent error."""

    host: str = "127.0.0.1"
    port: int = 0
    refuse: bool = False
    messages: list[Message] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    _server: asyncio.Server | None = None

    async def start(self) -> SmtpStandIn:
        """Start listening."""
        self._server = await asyncio.start_server(self._session, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        rcpt: list[str] = []

        async def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await say("220 standin ESMTP")
        while line := (await reader.readline()).decode().strip():
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                await say("250-standin\r\n250 8BITMIME")
            elif verb == "MAIL":
                rcpt = []
                await say("250 OK")
            elif verb == "RCPT":
                rcpt.append(line.split(":", 1)[1].strip().strip("<>"))
                await say("250 OK")
            elif verb == "DATA":
                await say("354 go ahead")
                data = await reader.readuntil(b"\r\n.\r\n")
                if self.refuse:
                    await say("554 refused")
                    continue
                self.messages.append(email.message_from_bytes(data[:-5]))
                self.recipients.append(rcpt)
                await say("250 OK")
            elif verb == "QUIT":
                await say("221 bye")
                break
            else:
                await say("250 OK")
        writer.close()
