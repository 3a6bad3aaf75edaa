"""Twilio's own async client, pointed at ``FRONTDESK_TWILIO_API_URL`` (twilio has no base-URL setting)."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from aiohttp import ClientSession, ClientTimeout
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.channels.providers import SendResult, Verdict

TWILIO_HOST = "api.twilio.com"
# Error codes after which sending to that number is pointless: opted out at Twilio, not a valid or mobile number.
UNREACHABLE_CODES = frozenset({21610, 21211, 21614, 21612, 21408})
THROTTLED_CODES = frozenset({20429, 14107})


class RedirectingHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """The official async HTTP client with the host rewritten (tests and regional edges) and a real timeout."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self._base = urlsplit(base_url)
        self._timeout = timeout
        self._own_session: ClientSession | None = None

    def _rewrite(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.netloc != TWILIO_HOST:
            return url
        path = self._base.path.rstrip("/") + parts.path
        return urlunsplit((self._base.scheme, self._base.netloc, path, parts.query, parts.fragment))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109  (the signature is twilio's)
        allow_redirects: bool = False,
    ) -> Response:
        """Send one request through a shared aiohttp session."""
        if self._own_session is None or self._own_session.closed:
            self._own_session = ClientSession()
        all_headers = dict(headers or {})
        if auth:
            all_headers["Authorization"] = _basic_auth(*auth)
        async with self._own_session.request(
            method.upper(),
            self._rewrite(url),
            params=params,  # type: ignore[arg-type]
            data=data,
            headers=all_headers,
            timeout=ClientTimeout(total=timeout or self._timeout),
            allow_redirects=allow_redirects,
        ) as response:
            return Response(response.status, await response.text(), response.headers)

    async def close(self) -> None:
        """Close the shared session."""
        if self._own_session is not None:
            await self._own_session.close()


def _basic_auth(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def make_twilio_client(account_sid: str, auth_token: str, api_url: str, timeout: float) -> Client:
    """A Twilio REST client that talks to ``api_url``."""
    return Client(account_sid, auth_token, http_client=RedirectingHttpClient(api_url, timeout))


async def send_sms(
    client: Client, *, to: str, from_: str, body: str, status_callback: str | None
) -> SendResult:
    """Send one SMS through the Messages API and classify the answer."""
    kwargs: dict[str, Any] = {"to": to, "from_": from_, "body": body}
    if status_callback:
        kwargs["status_callback"] = status_callback
    try:
        message = await client.messages.create_async(**kwargs)
    except TwilioRestException as error:
        return classify_twilio_error(error)
    except (TimeoutError, aiohttp.ClientError) as error:
        return SendResult(
            Verdict.RETRY, reason="timeout" if isinstance(error, TimeoutError) else type(error).__name__
        )
    return SendResult(Verdict.SENT, provider_id=message.sid, queued=message.status in ("queued", "accepted"))


def classify_twilio_error(error: TwilioRestException) -> SendResult:
    """Map Twilio's HTTP status and error code to what the sender should do."""
    code = int(error.code) if error.code else None
    reason = f"twilio {error.status} code {code}"
    if error.status == 429 or code in THROTTLED_CODES:
        return SendResult(Verdict.THROTTLED, retry_after=1.0, reason=reason)
    if code in UNREACHABLE_CODES:
        return SendResult(Verdict.UNREACHABLE, reason=reason)
    if error.status >= 500:
        return SendResult(Verdict.RETRY, reason=reason)
    return SendResult(Verdict.REJECTED, reason=reason)
