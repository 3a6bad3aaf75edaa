"""Mobile-unit visits through the staff API: schedule, book by phone, move and cancel, told once each."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from bot.jobs import JOBS
from bot.jobs.service import Service
from bot.notices.visits import tell_visit_change
from frontdesk.clock import FixedClock
from storage.enums import AuditActor, Channel, Language, StaffRole
from storage.models import Center, ChannelIdentity, Citizen, MobileVisit, OutboxMessage
from storage.visits import book_visit
from tests.api_env import Api, api_app

IOS = {"area": "ios", "starts_at": "2026-12-02T10:00:00+02:00", "ends_at": "2026-12-02T13:00:00+02:00"}


async def schedule(api: Api, capacity: int = 2, **changes: str) -> dict[str, object]:
    response = await api.http.post(
        "/api/v1/visits",
        json={**IOS, "capacity": capacity, **changes},
        headers=api.auth(role=StaffRole.COORDINATOR),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def notices(api: Api, visit_id: object) -> list[OutboxMessage]:
    async with api.runtime.sessions() as session:
        rows = await session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.dedupe_key.like(f"visit:{visit_id}:%"))
            .order_by(OutboxMessage.id)
        )
        return list(rows.all())


async def test_schedule_book_move_and_cancel(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        assert (
            await api.http.post("/api/v1/visits", json={**IOS, "capacity": 2}, headers=api.auth())
        ).status_code == 403
        for area in ("fyllo", "atlantis"):  # another center's area, no area at all
            bad = await api.http.post(
                "/api/v1/visits", json={**IOS, "area": area, "capacity": 2}, headers=coordinator
            )
            assert bad.status_code == 422, area
        visit = await schedule(api, note="If the ferry sails")
        assert {key: visit[key] for key in ("area", "starts_at", "capacity", "booked", "status")} == {
            "area": "ios", "starts_at": "2026-12-02T10:00:00+02:00", "capacity": 2, "booked": 0, "status": "scheduled",
        }  # fmt: skip
        later = await schedule(
            api, starts_at="2026-12-09T10:00:00+02:00", ends_at="2026-12-09T13:00:00+02:00"
        )
        url = f"/api/v1/visits/{visit['id']}"
        for phone in ("6912345678", "6912345679"):
            assert (
                await api.http.post(f"{url}/bookings", json={"phone": phone}, headers=api.auth())
            ).status_code == 201
        full = await api.http.post(f"{url}/bookings", json={"phone": "6912345670"}, headers=api.auth())
        assert full.status_code == 409 and "full" in full.json()["detail"]
        again = await api.http.post(f"{url}/bookings", json={"phone": "+306912345678"}, headers=api.auth())
        assert again.status_code == 409
        detail = (await api.http.get(url, headers=api.auth())).json()
        assert detail["booked"] == 2 and [b["citizen"]["address"] for b in detail["bookings"]] == [
            "+306912345678",
            "+306912345679",
        ]
        listed = (await api.http.get("/api/v1/visits", params={"area": "ios"}, headers=api.auth())).json()
        assert [item["id"] for item in listed["items"]] == [visit["id"], later["id"]]
        receipts = len(await notices(api, visit["id"]))
        assert receipts == 2
        moved = {"starts_at": "2026-12-03T10:00:00+02:00", "ends_at": "2026-12-03T13:00:00+02:00"}
        assert (await api.http.patch(url, json=moved, headers=api.auth())).status_code == 403
        response = await api.http.patch(url, json=moved, headers=coordinator)
        assert response.status_code == 200 and response.json()["starts_at"] == moved["starts_at"]
        told = (await notices(api, visit["id"]))[receipts:]
        assert len(told) == 2 and all(row.payload["choices"][0]["key"] == "1" for row in told)
        assert "Πέμπτη 3 Δεκεμβρίου" in told[0].body
        # The same times again change nothing and tell nobody.
        await api.http.patch(url, json=moved, headers=coordinator)
        assert len(await notices(api, visit["id"])) == receipts + 2
        cancelled = await api.http.post(
            f"{url}/cancel", json={"reason": "Δεν έχει πλοίο"}, headers=coordinator
        )
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        assert {b["status"] for b in cancelled.json()["bookings"]} == {"cancelled"}
        told = (await notices(api, visit["id"]))[receipts + 2 :]
        assert len(told) == 2 and "Δεν έχει πλοίο" in told[0].body
        assert (
            await api.http.post(f"{url}/cancel", json={"reason": "x"}, headers=coordinator)
        ).status_code == 409
        assert (await api.http.patch(url, json=moved, headers=coordinator)).status_code == 409
        closed = await api.http.post(f"{url}/bookings", json={"phone": "6912345600"}, headers=api.auth())
        assert closed.status_code == 409
        assert (await api.http.get(url, headers=api.auth("palamas", StaffRole.ADMIN))).status_code == 404


async def test_attendance_and_giving_up_a_place(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        visit = await schedule(
            api, capacity=1, starts_at="2026-11-24T10:30:00+02:00", ends_at="2026-11-24T12:00:00+02:00"
        )
        url = f"/api/v1/visits/{visit['id']}/bookings"
        booking = (await api.http.post(url, json={"phone": "6912345678"}, headers=api.auth())).json()
        assert (await api.http.post(f"{url}/{booking['id']}/cancel", headers=api.auth())).json()[
            "status"
        ] == "cancelled"
        assert (await api.http.post(f"{url}/{booking['id']}/cancel", headers=api.auth())).status_code == 409
        second = (await api.http.post(url, json={"phone": "6912345679"}, headers=api.auth())).json()
        assert second["status"] == "booked"
        attend = f"{url}/{second['id']}/attendance"
        assert (await api.http.post(attend, json={"attended": True}, headers=api.auth())).status_code == 409
        clock.advance(timedelta(minutes=40))
        response = await api.http.post(attend, json={"attended": True}, headers=api.auth())
        assert response.status_code == 200 and response.json()["status"] == "attended"


async def test_a_cancelled_visit_with_300_booked_tells_each_citizen_once(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        visit = await schedule(api, capacity=300)
        await schedule(api, starts_at="2026-12-16T10:00:00+02:00", ends_at="2026-12-16T13:00:00+02:00")
        languages = list(Language)
        async with api.runtime.sessions.begin() as session:
            row = await session.get_one(MobileVisit, visit["id"])
            for n in range(300):
                citizen = Citizen(
                    center_id=row.center_id, locale=languages[n % len(languages)], locale_confirmed=True
                )
                session.add(citizen)
                await session.flush()
                channel = Channel.TELEGRAM if n % 2 else Channel.SMS
                address = str(700000 + n) if n % 2 else f"+3069{n:08d}"
                session.add(
                    ChannelIdentity(
                        center_id=row.center_id, citizen_id=citizen.id, channel=channel, address=address
                    )
                )
                await book_visit(
                    session, visit=row, citizen_id=citizen.id, now=clock.now(), actor=AuditActor.CITIZEN
                )
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        url = f"/api/v1/visits/{visit['id']}"
        response = await api.http.post(f"{url}/cancel", json={"reason": "Μποφόρ 9"}, headers=coordinator)
        assert response.status_code == 200
        # The handler ran; now the job runs twice, and the handler's notice pass once more by hand.
        context = Service(api.runtime).context
        assert (await JOBS["visit_changes"](context)).startswith("visits=0")
        async with api.runtime.sessions.begin() as session:
            row = await session.get_one(MobileVisit, visit["id"])
            row.change_pending_since = row.updated_at
            center = await session.get_one(Center, row.center_id)
            assert await tell_visit_change(session, center=center, visit=row, now=clock.now()) == 0
        await JOBS["visit_changes"](context)
        rows = await notices(api, visit["id"])
        per_booking = Counter(row.dedupe_key.rsplit(":", 1)[0] for row in rows if row.dedupe_key)
        assert len(per_booking) == 300 and len({row.identity_id for row in rows}) == 300
        assert {row.locale for row in rows} == {language.value for language in languages}
        assert {row.channel for row in rows} == {Channel.SMS, Channel.TELEGRAM}
        telegram = next(row for row in rows if row.channel is Channel.TELEGRAM)
        assert telegram.payload["choices"][0]["key"].startswith("c:rebook:")
