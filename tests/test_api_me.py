"""Who am I, changing one's password, set-password links, and sign-in that gives nothing away."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from storage.models import AuditEvent, StaffInvite
from storage.throttle import ACCOUNT, ADDRESS
from tests.api_env import PASSWORD, Api, api_app

NEW_PASSWORD = "a much longer passphrase"


async def test_me_and_changing_my_password(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        me = await api.http.get("/api/v1/me", headers=api.auth())
        assert me.json() | {"created_at": None} == {
            "id": api.staff_ids[("thira", StaffRole.STAFF)],
            "email": "staff@thira.gr",
            "full_name": None,
            "role": "staff",
            "active": True,
            "created_at": None,
            "center": "thira",
        }
        other_session = (await api.sign_in("staff@thira.gr")).json()["access_token"]
        url = "/api/v1/me/password"
        wrong = await api.http.post(url, json={"current": "guess", "new": NEW_PASSWORD}, headers=api.auth())
        assert wrong.status_code == 403
        short = await api.http.post(url, json={"current": PASSWORD, "new": "short"}, headers=api.auth())
        assert short.status_code == 422
        done = await api.http.post(url, json={"current": PASSWORD, "new": NEW_PASSWORD}, headers=api.auth())
        assert done.status_code == 204
        # This session goes on; the other one has ended; the old password no longer works.
        assert (await api.http.get("/api/v1/me", headers=api.auth())).status_code == 200
        other = {"Authorization": f"Bearer {other_session}"}
        assert (await api.http.get("/api/v1/me", headers=other)).status_code == 401
        assert (await api.sign_in("staff@thira.gr")).status_code == 401
        assert (await api.sign_in("staff@thira.gr", NEW_PASSWORD)).status_code == 200
        assert (await api.http.get("/api/v1/me")).status_code == 401


async def link_token(url: str) -> str:
    assert "/set-password#" in url
    return url.split("#", 1)[1]


async def test_a_new_colleague_sets_their_own_password_with_a_one_time_link(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        admin = api.auth(role=StaffRole.ADMIN)
        created = await api.http.post(
            "/api/v1/staff", json={"email": "maria@thira.gr", "role": "staff"}, headers=admin
        )
        assert created.status_code == 201
        url = created.json()["set_password_url"]
        assert url.startswith(api.runtime.settings.public_url)
        token = await link_token(url)
        # Until then nobody can sign in to the account, not even with an empty or guessed password.
        assert (await api.sign_in("maria@thira.gr", "!")).status_code == 401
        page = await api.http.get("/set-password")
        assert page.status_code == 200 and "/api/v1/auth/set-password" in page.text
        async with api.runtime.sessions() as session:
            stored = (await session.scalars(sa.select(StaffInvite.token_hash))).all()
            assert stored and token not in stored
        set_url = "/api/v1/auth/set-password"
        short = await api.http.post(set_url, json={"token": token, "password": "short"})
        assert short.status_code == 422
        assert (
            await api.http.post(set_url, json={"token": token, "password": NEW_PASSWORD})
        ).status_code == 204
        again = await api.http.post(set_url, json={"token": token, "password": "another passphrase"})
        assert again.status_code == 400
        assert (await api.sign_in("maria@thira.gr", NEW_PASSWORD)).status_code == 200
        # An account created with a password gets no link.
        chosen = await api.http.post(
            "/api/v1/staff",
            json={"email": "nikos@thira.gr", "role": "staff", "password": "0123456789"},
            headers=admin,
        )
        assert chosen.json()["set_password_url"] is None
        async with api.runtime.sessions() as session:
            actions = set((await session.scalars(sa.select(AuditEvent.action))).all())
            assert {"staff.invite", "staff.set_password"} <= actions


async def test_links_expire_after_three_days_and_a_new_one_replaces_the_old(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        admin = api.auth(role=StaffRole.ADMIN)
        created = await api.http.post(
            "/api/v1/staff", json={"email": "eleni@thira.gr", "role": "staff"}, headers=admin
        )
        first = await link_token(created.json()["set_password_url"])
        staff_id = created.json()["id"]
        second = await link_token(
            (await api.http.post(f"/api/v1/staff/{staff_id}/invite", headers=admin)).json()[
                "set_password_url"
            ]
        )
        set_url = "/api/v1/auth/set-password"
        assert (
            await api.http.post(set_url, json={"token": first, "password": NEW_PASSWORD})
        ).status_code == 400
        palamas_admin = api.auth("palamas", StaffRole.ADMIN)
        assert (
            await api.http.post(f"/api/v1/staff/{staff_id}/invite", headers=palamas_admin)
        ).status_code == 404
        assert (
            await api.http.post(f"/api/v1/staff/{staff_id}/invite", headers=api.auth())
        ).status_code == 403
        clock.advance(timedelta(hours=73))
        assert (
            await api.http.post(set_url, json={"token": second, "password": NEW_PASSWORD})
        ).status_code == 400


async def failures(
    api: Api, email: str, count: int, *, address: str = "198.51.100.7"
) -> list[tuple[int, str]]:
    answers = []
    async with api.client_at(address) as http:
        for _ in range(count):
            response = await api.sign_in(email, "wrong password", http=http)
            answers.append((response.status_code, response.json()["detail"]))
    return answers


async def test_known_and_unknown_emails_get_the_same_answers_all_the_way(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        known = await failures(api, "staff@thira.gr", ACCOUNT.free + 2, address="198.51.100.1")
        unknown = await failures(api, "nobody@thira.gr", ACCOUNT.free + 2, address="198.51.100.2")
        assert known == unknown
        assert [status for status, _detail in known] == [401] * ACCOUNT.free + [401, 429]
        assert "too many failed sign-ins" in known[-1][1]


async def test_a_stranger_cannot_lock_a_colleague_out_for_long(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        # Many guesses from many places: the account waits at most a minute after the last one.
        for n in range(30):
            clock.advance(timedelta(minutes=1, seconds=1))
            await failures(api, "staff@thira.gr", 1, address=f"203.0.113.{n}")
        async with api.client_at("192.0.2.10") as office:
            assert (await api.sign_in("staff@thira.gr", http=office)).status_code == 429
            clock.advance(ACCOUNT.longest)
            assert (await api.sign_in("staff@thira.gr", http=office)).status_code == 200


async def test_one_address_guessing_many_accounts_is_slowed_more(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        for n in range(ADDRESS.free + 8):
            clock.advance(timedelta(minutes=5))
            await failures(api, f"guess{n}@thira.gr", 1, address="198.51.100.66")
        async with api.client_at("198.51.100.66") as attacker, api.client_at("192.0.2.10") as office:
            refused = await api.sign_in("staff@thira.gr", http=attacker)
            assert (
                refused.status_code == 429 and int(refused.headers["Retry-After"]) > ACCOUNT.longest.seconds
            )
            assert (await api.sign_in("staff@thira.gr", http=office)).status_code == 200
        clock.advance(ADDRESS.longest)
        async with api.client_at("198.51.100.66") as attacker:
            assert (await api.sign_in("staff@thira.gr", http=attacker)).status_code == 200
