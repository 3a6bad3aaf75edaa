"""Appointments through the staff API: free times, booking by phone, cancelling, attendance, leave."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from storage.models import AuditEvent, OutboxMessage
from tests.api_env import Api, api_app

WEDNESDAY = {"from": "2026-11-25T00:00:00+02:00", "to": "2026-11-26T00:00:00+02:00"}
SOCIAL_WORKER_DAY = ["08:00", "08:45", "09:30", "10:15", "11:00", "11:45", "12:30", "13:15", "14:00", "14:45"]


async def free_times(api: Api, service: str = "social_worker", **params: str) -> dict[str, int]:
    response = await api.http.get(
        "/api/v1/slots", params={"service": service, **WEDNESDAY, **params}, headers=api.auth()
    )
    assert response.status_code == 200, response.text
    return {item["starts_at"][11:16]: item["free"] for item in response.json()["items"]}


async def book(
    api: Api, phone: str, at: str = "08:45", service: str = "social_worker", day: str = "2026-11-25"
) -> dict[str, object]:
    body = {"service": service, "starts_at": f"{day}T{at}:00+02:00", "phone": phone}
    response = await api.http.post("/api/v1/appointments", json=body, headers=api.auth())
    return {"http": response.status_code, **response.json()}


async def outbox_bodies(api: Api) -> list[str]:
    async with api.runtime.sessions() as session:
        return list((await session.scalars(sa.select(OutboxMessage.body).order_by(OutboxMessage.id))).all())


async def test_free_times_book_by_phone_full_and_double_booking(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert await free_times(api) == dict.fromkeys(SOCIAL_WORKER_DAY, 2)
        assert list(await free_times(api, "psychologist")) == [
            "08:00",
            "08:50",
            "09:40",
            "10:30",
            "11:20",
            "12:10",
            "13:00",
            "13:50",
            "14:40",
        ]
        first = await book(api, "691 234 5678")
        assert first["http"] == 201, first
        assert (
            first["starts_at"] == "2026-11-25T08:45:00+02:00"
            and first["ends_at"] == "2026-11-25T09:30:00+02:00"
        )
        assert first["status"] == "booked" and first["citizen"] == {
            "id": first["citizen"]["id"],  # type: ignore[index]
            "channel": "sms",
            "address": "+306912345678",
        }
        again = await book(api, "+30 6912345678")
        assert again["http"] == 409 and "already has" in str(again["detail"])
        assert (await book(api, "00306912345679"))["http"] == 201
        full = await book(api, "6912345670")
        assert full["http"] == 409 and "full" in str(full["detail"])
        assert "08:45" not in await free_times(api)
        listed = (await api.http.get("/api/v1/appointments", params=WEDNESDAY, headers=api.auth())).json()
        assert [item["citizen"]["address"] for item in listed["items"]] == ["+306912345678", "+306912345679"]
        bodies = await outbox_bodies(api)
        assert len(bodies) == 2 and bodies[0].startswith("Ραντεβού με κοινωνικό λειτουργό: Τετάρτη 25")
        cancelled = await api.http.post(
            f"/api/v1/appointments/{first['id']}/cancel",
            json={"reason": "Η κοινωνική λειτουργός είναι άρρωστη"},
            headers=api.auth(),
        )
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["cancelled_by"] == "staff"
        assert "άρρωστη" in (await outbox_bodies(api))[-1]
        assert (await free_times(api))["08:45"] == 1
        twice = await api.http.post(
            f"/api/v1/appointments/{first['id']}/cancel", json={"reason": "x"}, headers=api.auth()
        )
        assert twice.status_code == 409 and len(await outbox_bodies(api)) == 3
        # The same citizen may book the freed time again.
        assert (await book(api, "6912345678"))["http"] == 201


async def test_refusals_are_4xx_with_reasons(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert (await book(api, "6912345678", at="08:50"))["http"] == 409  # not on the grid
        saturday = {
            "service": "social_worker",
            "starts_at": "2026-11-28T08:45:00+02:00",
            "phone": "6912345678",
        }
        response = await api.http.post("/api/v1/appointments", json=saturday, headers=api.auth())
        assert response.status_code == 409 and "not offered" in response.json()["detail"]
        past = {"service": "social_worker", "starts_at": "2026-11-23T08:45:00+02:00", "phone": "6912345678"}
        assert (await api.http.post("/api/v1/appointments", json=past, headers=api.auth())).status_code == 409
        assert (await book(api, "6912345678", service="driver"))["http"] == 422
        assert (await book(api, "12"))["http"] == 422
        missing_hour = {"service": "social_worker", "starts_at": "2027-03-28T03:30:00", "phone": "6912345678"}
        response = await api.http.post("/api/v1/appointments", json=missing_hour, headers=api.auth())
        assert response.status_code == 422 and "does not exist" in response.text
        for params in (
            {"from": "yesterday"},
            {"from": "2026-11-25T00:00:00+02:00", "to": "2026-11-24T00:00:00+02:00"},
            {"to": "2027-06-01T00:00:00+02:00"},
            {"service": "juggler"},
        ):
            response = await api.http.get("/api/v1/slots", params=params, headers=api.auth())
            assert response.status_code == 422, params
        # A "+" sent unencoded in a query string arrives as a space, and is understood.
        response = await api.http.get(
            "/api/v1/slots?service=psychologist&from=2026-11-25T00:00:00+02:00&to=2026-11-26T00:00:00+02:00",
            headers=api.auth(),
        )
        assert response.status_code == 200 and len(response.json()["items"]) == 9
        assert (await api.http.get("/api/v1/appointments/99", headers=api.auth())).status_code == 404


async def test_attendance_after_the_start(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        # Staff may book a time that starts soon (the clock says 10:00 in Athens).
        booked = await book(api, "6912345678", at="10:15", day="2026-11-24")
        url = f"/api/v1/appointments/{booked['id']}/attendance"
        assert (await api.http.post(url, json={"attended": True}, headers=api.auth())).status_code == 409
        clock.advance(timedelta(minutes=20))
        response = await api.http.post(url, json={"attended": False}, headers=api.auth())
        assert response.status_code == 200 and response.json()["status"] == "no_show"
        response = await api.http.post(url, json={"attended": True}, headers=api.auth())
        assert response.json()["status"] == "attended"
        async with api.runtime.sessions() as session:
            actions = (
                await session.scalars(
                    sa.select(AuditEvent.action).where(AuditEvent.object_type == "appointment")
                )
            ).all()
        assert actions == ["appointment.book", "appointment.attendance", "appointment.attendance"]


async def test_leave_takes_professionals_off_the_free_times(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert (await book(api, "6912345678", at="09:30"))["http"] == 201
        leave = {
            "service": "social_worker",
            "starts_at": "2026-11-25T08:00:00",
            "ends_at": "2026-11-25T12:00:00+02:00",
        }
        assert (await api.http.post("/api/v1/leave", json=leave, headers=api.auth())).status_code == 403
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        created = await api.http.post("/api/v1/leave", json=leave, headers=coordinator)
        assert created.status_code == 201 and created.json()["count"] == 1
        times = await free_times(api)
        assert times["08:00"] == 1 and "09:30" not in times and times["12:30"] == 2
        # The one professional left at 09:30 is booked already: nobody else gets that time.
        assert (await book(api, "6912345679", at="09:30"))["http"] == 409
        listed = await api.http.get("/api/v1/leave", params=WEDNESDAY, headers=api.auth())
        assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
        bad = {**leave, "ends_at": "2026-11-25T07:00:00+02:00"}
        assert (await api.http.post("/api/v1/leave", json=bad, headers=coordinator)).status_code == 422
        url = f"/api/v1/leave/{created.json()['id']}"
        assert (await api.http.delete(url, headers=api.auth("palamas", StaffRole.ADMIN))).status_code == 404
        assert (await api.http.delete(url, headers=coordinator)).status_code == 204
        assert (await free_times(api))["08:00"] == 2


async def test_the_staff_member_who_sees_the_citizen(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        me = api.staff_ids[("thira", StaffRole.STAFF)]
        colleague = api.staff_ids[("thira", StaffRole.COORDINATOR)]
        body = {"service": "social_worker", "starts_at": "2026-11-25T08:45:00+02:00", "phone": "6912345678"}
        other = {**body, "staff_id": api.staff_ids[("palamas", StaffRole.STAFF)]}
        response = await api.http.post("/api/v1/appointments", json=other, headers=api.auth())
        assert response.status_code == 422 and "no such active staff" in response.text
        created = await api.http.post(
            "/api/v1/appointments", json={**body, "staff_id": me}, headers=api.auth()
        )
        assert created.status_code == 201 and created.json()["staff_id"] == me
        url = f"/api/v1/appointments/{created.json()['id']}"
        unnamed = await book(api, "6912345679")  # without staff_id: nobody in particular, as before
        assert unnamed["http"] == 201 and unnamed["staff_id"] is None
        changed = await api.http.patch(url, json={"staff_id": colleague}, headers=api.auth())
        assert changed.status_code == 200 and changed.json()["staff_id"] == colleague
        assert (await api.http.get(url, headers=api.auth())).json()["staff_id"] == colleague
        for bad in ({"staff_id": 0}, {}, {"staff_id": colleague, "status": "x"}):
            assert (await api.http.patch(url, json=bad, headers=api.auth())).status_code == 422, bad
        palamas = api.auth("palamas", StaffRole.ADMIN)
        assert (await api.http.patch(url, json={"staff_id": None}, headers=palamas)).status_code == 404
        cleared = await api.http.patch(url, json={"staff_id": None}, headers=api.auth())
        assert cleared.status_code == 200 and cleared.json()["staff_id"] is None
        listed = (await api.http.get("/api/v1/appointments", params=WEDNESDAY, headers=api.auth())).json()
        assert [item["staff_id"] for item in listed["items"]] == [None, None]
        async with api.runtime.sessions() as session:
            assigned = (
                await session.scalars(
                    sa.select(AuditEvent.details).where(AuditEvent.action == "appointment.assign")
                )
            ).all()
        assert assigned == [{"staff_id": colleague}, {"staff_id": None}]
