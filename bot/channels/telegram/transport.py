"""PTB's requests carried by aiohttp instead of httpx: the same Bot, the same errors, less CPU per message.

python-telegram-bot stays the transport (its Bot builds every request, reads every answer and raises
RetryAfter, Forbidden, BadRequest, TimedOut and NetworkError as before); only the HTTP client under it is
another. httpx with httpcore spent about 1.5 ms of CPU on each sendMessage, a third of the web process's CPU
under load (bench/endtoend.py, py-spy); aiohttp, already a dependency, does the same request for a fraction.
Long polling keeps PTB's own HTTPXRequest (a request every 25 s costs nothing).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# As HTTPXRequest: connections kept open to the API at most.
CONNECTION_POOL_SIZE = 256


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` over one aiohttp session (made in the event loop that first uses it)."""

    def __init__(
        self,
        *,
        read_timeout: float | None,
        write_timeout: float | None,
        connect_timeout: float | None,
        pool_timeout: float | None,
    ) -> None:
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout  # kept for PTB's sake; see do_request
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (in the running event loop)."""
        self._open()

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        session, self._session, self._loop = self._session, None, None
        if session is not None and not session.closed:
            await session.close()

    def _open(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # A session belongs to one event loop; another loop (a test's, a restarted service) gets its own.
            connector = aiohttp.TCPConnector(limit=CONNECTION_POOL_SIZE)
            self._session = aiohttp.ClientSession(connector=connector)
            self._loop = loop
        return self._session

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; its status code and body (PTB reads them and raises as it does for httpx)."""
        session = self._open()
        read = _chosen(read_timeout, self._read_timeout)
        del write_timeout  # see below
        connect = _chosen(connect_timeout, self._connect_timeout)
        pool = _chosen(pool_timeout, self._pool_timeout)
        # httpx's timeouts, as aiohttp has them: waiting for a connection and connecting, then each read of
        # the answer. aiohttp has no write timeout: a request of a few hundred bytes fits a socket's buffer.
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read,
        )
        data: Any = None
        if request_data is not None:
            files = request_data.multipart_data
            if files:
                form = aiohttp.FormData()
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, part in files.items():
                    filename, content, *mimetype = part
                    form.add_field(
                        name, content, filename=filename, content_type=mimetype[0] if mimetype else None
                    )
                data = form
            else:
                data = request_data.json_parameters
        try:
            async with session.request(
                method, url, data=data, timeout=timeout, headers={"User-Agent": self.USER_AGENT}
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name in the message, as PTB does for httpx's errors (their text may be empty).
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _chosen(given: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(given, DefaultValue) else given
