"""The console over plain HTTP on both engines: sessions, CSRF, headers, tenant checks, nothing personal in URLs."""

from __future__ import annotations

import re

import httpx

from api.console.session import SESSION_COOKIE
from frontdesk.clock import FixedClock
from tests.api_env import PASSWORD, Api, api_app
from tests.conversation import Citizen

ORIGIN = {"Origin": "https://testserver"}


async def console_login(api: Api, email: str) -> httpx.AsyncClient:
    """A browser-like client signed in through the console's form."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="https://testserver")
    form_page = await client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form_page.text)
    assert csrf is not None
    answer = await client.post(
        "/console/login", data={"email": email, "password": PASSWORD, "csrf": csrf[1]}, headers=ORIGIN
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/console/queue"
    return client


def csrf_of(page: httpx.Response) -> str:
    """The CSRF token a page carries for its forms."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found is not None
    return found[1]


async def test_session_cookie_flags_and_page_headers(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="https://testserver")
        page = await client.get("/console/login")
        form = {"email": "staff@thira.gr", "password": PASSWORD, "csrf": csrf_of(page)}
        answer = await client.post("/console/login", data=form, headers=ORIGIN)
        cookie = next(
            value for value in answer.headers.get_list("set-cookie") if value.startswith(SESSION_COOKIE)
        )
        assert (
            "HttpOnly" in cookie
            and "SameSite=lax" in cookie
            and "Secure" in cookie
            and "Path=/console" in cookie
        )
        queue = await client.get("/console/queue")
        policy = queue.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert queue.headers["cache-control"] == "no-store"
        await client.aclose()


async def test_forms_without_the_token_or_from_elsewhere_are_refused(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await Citizen(api.runtime, address="+306900000101").send("I want to kill myself")
        client = await console_login(api, "staff@thira.gr")
        queue = await client.get("/console/queue")
        case_id = re.search(r'href="/console/cases/(\d+)"', queue.text)
        assert case_id is not None
        path = f"/console/cases/{case_id[1]}/notes"
        token = csrf_of(queue)
        assert (await client.post(path, data={"body": "x"}, headers=ORIGIN)).status_code == 403
        evil = {"Origin": "https://evil.example"}
        assert (await client.post(path, data={"body": "x", "csrf": token}, headers=evil)).status_code == 403
        good = await client.post(path, data={"body": "called, no answer", "csrf": token}, headers=ORIGIN)
        assert good.status_code == 303
        assert "called, no answer" in (await client.get(f"/console/cases/{case_id[1]}")).text
        await client.aclose()


async def test_another_centers_case_is_not_found_and_signed_out_pages_redirect(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await Citizen(api.runtime, address="+306900000102").send("I want to kill myself")
        thira = await console_login(api, "staff@thira.gr")
        case_id = re.search(r'href="/console/cases/(\d+)"', (await thira.get("/console/queue")).text)
        assert case_id is not None
        palamas = await console_login(api, "staff@palamas.gr")
        for path in (f"/console/cases/{case_id[1]}", f"/console/cases/{case_id[1]}/thread"):
            answer = await palamas.get(path)
            assert answer.status_code == 404 and "kill" not in answer.text
        claim = await palamas.post(
            f"/console/cases/{case_id[1]}/claim", data={"csrf": csrf_of(await palamas.get("/console/queue"))},
            headers=ORIGIN,
        )  # fmt: skip
        assert claim.status_code == 404
        stranger = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=api.app), base_url="https://testserver"
        )
        answer = await stranger.get(f"/console/cases/{case_id[1]}")
        assert answer.status_code == 303 and answer.headers["location"] == "/console/login"
        fragment = await stranger.get("/console/queue/pulse", headers={"HX-Request": "true"})
        assert fragment.status_code == 401 and fragment.headers["HX-Redirect"] == "/console/login"
        for client in (thira, palamas, stranger):
            await client.aclose()


async def test_search_by_phone_is_a_post_and_finds_the_citizen(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await Citizen(api.runtime, address="+306900000103").send("I want to kill myself")
        await Citizen(api.runtime, address="+306900000104").send("I want to kill myself")
        client = await console_login(api, "staff@thira.gr")
        token = csrf_of(await client.get("/console/queue"))
        found = await client.post(
            "/console/queue/search", data={"q": "690 000 0104", "view": "open", "csrf": token}, headers=ORIGIN
        )
        assert found.status_code == 200 and len(re.findall(r'href="/console/cases/\d+"', found.text)) == 1
        assert (await client.get("/console/queue/search")).status_code == 405  # never in a URL
        await client.aclose()


async def test_sign_out_ends_the_session(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        client = await console_login(api, "staff@thira.gr")
        session = client.cookies[SESSION_COOKIE]
        token = csrf_of(await client.get("/console/queue"))
        out = await client.post("/console/logout", data={"csrf": token}, headers=ORIGIN)
        assert out.status_code == 303
        assert (await client.get("/console/queue")).status_code == 303
        client.cookies.set(SESSION_COOKIE, session, path="/console")  # the old cookie, kept by a thief
        assert (await client.get("/console/queue")).status_code == 303  # the token itself was revoked
        await client.aclose()
