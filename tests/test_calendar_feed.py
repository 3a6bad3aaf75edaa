"""Staff calendar feeds: a secret iCalendar address per staff member, renewed or revoked at will."""

from __future__ import annotations

import logging

from icalendar import Calendar

from frontdesk.clock import FixedClock
from frontdesk.logs import PathWithoutQuery
from storage.enums import StaffRole
from tests.api_env import Api, api_app

BOOKING = {"service": "psychologist", "starts_at": "2026-11-25T10:30:00+02:00", "phone": "6912345678"}


async def feed_path(api: Api, center: str = "thira") -> str:
    response = await api.http.post("/api/v1/me/calendar", headers=api.auth(center))
    assert response.status_code == 201, response.text
    url = str(response.json()["url"])
    assert url.startswith("http") and url.endswith(".ics")
    return url[url.index("/ical/") :]


async def test_a_feed_lists_the_centers_appointments_without_personal_data(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        # Palamas opens at 07:00: its psychologist's grid has 10:20, not 10:30.
        for center, start in (("thira", "10:30"), ("palamas", "10:20")):
            body = {**BOOKING, "starts_at": f"2026-11-25T{start}:00+02:00"}
            booked = await api.http.post("/api/v1/appointments", json=body, headers=api.auth(center))
            assert booked.status_code == 201, booked.text
        mine = (await api.http.get("/api/v1/appointments", headers=api.auth())).json()["items"]
        path = await feed_path(api)
        response = await api.http.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert [str(event["uid"]) for event in events] == [f"appointment-{mine[0]['id']}@thira.frontdesk"]
        assert events[0]["dtstart"].dt.isoformat() == "2026-11-25T08:30:00+00:00"
        assert "psychologist" in str(events[0]["summary"]) and "6912345678" not in response.text


async def test_renewing_or_revoking_a_feed_closes_the_old_address(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        first = await feed_path(api)
        second = await feed_path(api)
        assert (await api.http.get(first)).status_code == 404
        assert (await api.http.get(second)).status_code == 200
        assert (await api.http.delete("/api/v1/me/calendar", headers=api.auth())).status_code == 204
        assert (await api.http.get(second)).status_code == 404
        assert (await api.http.post("/api/v1/me/calendar")).status_code == 401
        coordinator = await api.http.post("/api/v1/me/calendar", headers=api.auth(role=StaffRole.COORDINATOR))
        assert coordinator.status_code == 201


def test_the_access_log_never_shows_a_feed_secret() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, "%s", ("1.2.3.4", "GET", "/ical/s3cr3t.ics", "1.1", 200), None
    )
    PathWithoutQuery().filter(record)
    assert isinstance(record.args, tuple) and record.args[2] == "/ical/….ics"
