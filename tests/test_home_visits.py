"""A home-visit request becomes a case; the coordinator schedules it into a visit and the citizen is told."""

from __future__ import annotations

import sqlalchemy as sa

from frontdesk.clock import FixedClock
from storage.enums import Channel, StaffRole
from storage.models import Case, Center, OutboxMessage, VisitBooking
from tests.api_env import Api, api_app
from tests.conversation import Citizen

IOS = {"area": "ios", "starts_at": "2026-12-02T10:00:00+02:00", "ends_at": "2026-12-02T13:00:00+02:00"}


async def request_home_visit(api: Api) -> int:
    async with api.runtime.sessions.begin() as session:
        await session.execute(sa.update(Center).where(Center.slug == "thira").values(home_visits=True))
    citizen = Citizen(api.runtime, address="4242", channel=Channel.TELEGRAM)
    for text in ("Καλημέρα", "4", "ios", "2"):
        await citizen.send(text)
    assert "ομάδα της κινητής μονάδας" in await citizen.say("Η μητέρα μου δεν περπατά")
    (case,) = await citizen.cases()
    return case.id


async def test_a_home_visit_request_is_scheduled_into_a_visit_and_the_citizen_told(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await request_home_visit(api)
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        visit = (
            await api.http.post("/api/v1/visits", json={**IOS, "capacity": 3}, headers=coordinator)
        ).json()
        url = f"/api/v1/visits/{visit['id']}/bookings"
        both = await api.http.post(url, json={"phone": "6912345678", "case_id": case_id}, headers=coordinator)
        neither = await api.http.post(url, json={}, headers=coordinator)
        unknown = await api.http.post(url, json={"case_id": 999}, headers=coordinator)
        assert (both.status_code, neither.status_code, unknown.status_code) == (422, 422, 404)
        other_center = await api.http.post(url, json={"case_id": case_id}, headers=api.auth("palamas"))
        assert other_center.status_code == 404
        booked = await api.http.post(url, json={"case_id": case_id}, headers=coordinator)
        assert booked.status_code == 201, booked.text
        assert booked.json()["citizen"]["channel"] == "telegram"
        again = await api.http.post(url, json={"case_id": case_id}, headers=coordinator)
        assert again.status_code == 409
        async with api.runtime.sessions() as session:
            (place,) = (await session.scalars(sa.select(VisitBooking))).all()
            told = (
                await session.scalars(
                    sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.like("%:home:%"))
                )
            ).all()
            case = await session.get_one(Case, case_id)
        assert place.home_visit and case.citizen_id == place.citizen_id
        assert [row.to_address for row in told] == ["4242"]
        assert "Τετάρτη 2 Δεκεμβρίου, 10:00" in told[0].body and "Ίος" in told[0].body
