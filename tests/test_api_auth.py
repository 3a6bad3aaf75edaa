"""Signing in: tokens, expiry, logout, lock-out, roles."""

from __future__ import annotations

from datetime import timedelta

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from tests.api_env import api_app


async def test_sign_in_gives_a_bearer_token_that_works_until_logout(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        response = await api.sign_in("STAFF@thira.gr")
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer" and len(body["access_token"]) >= 32
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert (await api.http.get("/api/v1/cases", headers=headers)).status_code == 200
        assert (await api.http.post("/api/v1/auth/logout", headers=headers)).status_code == 204
        assert (await api.http.get("/api/v1/cases", headers=headers)).status_code == 401


async def test_no_token_or_a_forged_one_is_401(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert (await api.http.get("/api/v1/cases")).status_code == 401
        assert (
            await api.http.get("/api/v1/cases", headers={"Authorization": "Bearer nope"})
        ).status_code == 401


async def test_tokens_expire(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        clock.advance(timedelta(hours=9))
        assert (await api.http.get("/api/v1/cases", headers=api.auth())).status_code == 401


async def test_wrong_passwords_slow_the_account_down_for_a_while_only(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        for _ in range(6):
            assert (await api.sign_in("staff@thira.gr", "wrong password")).status_code == 401
        slowed = await api.sign_in("staff@thira.gr")
        assert slowed.status_code == 429 and "try again in 1 seconds" in slowed.json()["detail"]
        assert slowed.headers["Retry-After"] == "1"
        clock.advance(timedelta(seconds=2))
        assert (await api.sign_in("staff@thira.gr")).status_code == 200


async def test_unknown_email_and_wrong_password_look_the_same(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        unknown = await api.sign_in("nobody@thira.gr")
        wrong = await api.sign_in("staff@thira.gr", "wrong password")
        assert unknown.status_code == wrong.status_code == 401 and unknown.json() == wrong.json()


async def test_roles_guard_admin_and_coordinator_endpoints(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert (
            await api.http.get("/api/v1/audit", headers=api.auth(role=StaffRole.COORDINATOR))
        ).status_code == 403
        assert (
            await api.http.get("/api/v1/audit", headers=api.auth(role=StaffRole.ADMIN))
        ).status_code == 200
        new = {"email": "new@thira.gr", "role": "staff", "password": "0123456789"}
        assert (await api.http.post("/api/v1/staff", json=new, headers=api.auth())).status_code == 403
        created = await api.http.post("/api/v1/staff", json=new, headers=api.auth(role=StaffRole.ADMIN))
        assert created.status_code == 201 and created.json()["role"] == "staff"
        # The center comes from the administrator: a body cannot set it.
        sneaky = {**new, "email": "x@thira.gr", "center_id": 4}
        assert (
            await api.http.post("/api/v1/staff", json=sneaky, headers=api.auth(role=StaffRole.ADMIN))
        ).status_code == 422


async def test_canned_replies_come_in_the_citizens_language(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        greek = (
            await api.http.get("/api/v1/canned-replies", params={"language": "el"}, headers=api.auth())
        ).json()
        arabic = (
            await api.http.get("/api/v1/canned-replies", params={"language": "ar"}, headers=api.auth())
        ).json()
        assert [reply["key"] for reply in greek] == [reply["key"] for reply in arabic]
        assert len(greek) == 6 and greek[0]["text"] != arabic[0]["text"] and "ΑΜΚΑ" in greek[2]["text"]
        assert (
            await api.http.get("/api/v1/canned-replies", params={"language": "xx"}, headers=api.auth())
        ).status_code == 422
