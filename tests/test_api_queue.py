"""A queue staff can live in: open cases by default, several statuses, search by words, reference, number."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI

from frontdesk.clock import FixedClock
from frontdesk.logs import PathWithoutQuery, uvicorn_log_config
from storage import migrate
from storage.db import create_sync_engine
from storage.enums import StaffRole
from storage.search import normalise_search, parse_search
from tests.api_env import Api, api_app
from tests.conversation import Citizen

NUMBER = "+306912345678"


async def request(api: Api, address: str, description: str) -> None:
    citizen = Citizen(api.runtime, address=address)
    for answer in ("Hello", "2", "2", "1", description, "5", "1", "1"):
        await citizen.send(answer)


async def listed(api: Api, **params: str | list[str]) -> list[dict[str, object]]:
    response = await api.http.get("/api/v1/cases", params=params, headers=api.auth())
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_search_text_folds_case_accents_and_final_sigma() -> None:
    assert normalise_search("Δεν έχουμε ΦΑΓΗΤΌ  για τα παιδιά") == "δεν εχουμε φαγητο για τα παιδια"
    assert normalise_search("Κανείς") == normalise_search("ΚΑΝΕΙΣ") == "κανεισ"
    assert normalise_search("Ελληνικά ΰ ΐ") == "ελληνικα υ ι"
    assert parse_search("kk-7f3q").reference == parse_search("KK 7F3Q").reference == "KK-7F3Q"
    assert parse_search("7F3Q").reference == "KK-7F3Q" and parse_search("HELP").reference is None
    for typed in ("6912345678", "691 234 5678", "+30 691 234 5678", "0030 6912345678", "(+30) 691-234-5678"):
        assert parse_search(typed).phone == NUMBER, typed
    assert parse_search("2026").phone is None and parse_search("room 6912345678").phone is None


async def test_open_cases_by_default_and_several_statuses(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        for n in range(4):
            await request(api, f"+30690000030{n}", f"request {n}")
        ids = [item["id"] for item in await listed(api)]
        for case_id, status in zip(ids, ("in_progress", "waiting", "closed"), strict=False):
            changed = await api.http.patch(
                f"/api/v1/cases/{case_id}", json={"status": status}, headers=api.auth()
            )
            assert changed.status_code == 200
        assert len(await listed(api)) == 3  # the closed one has left the queue
        assert len(await listed(api, status="open")) == 3
        assert [item["status"] for item in await listed(api, status=["new", "in_progress"])] == [
            "in_progress",
            "new",
        ]
        assert [item["status"] for item in await listed(api, status="closed")] == ["closed"]
        assert len(await listed(api, status=["open", "closed"])) == 4
        refused = await api.http.get("/api/v1/cases", params={"status": "opened"}, headers=api.auth())
        assert refused.status_code == 422


async def test_search_ignores_accents_and_case_and_finds_references_and_numbers(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await request(api, NUMBER, "Δεν έχουμε φαγητό για τα παιδιά")
        await request(api, "+306900000402", "Το ΣΠΊΤΙ μας πλημμύρισε")
        food, house = sorted(await listed(api), key=lambda item: str(item["summary"]))
        assert [item["id"] for item in await listed(api, q="φαγητο")] == [food["id"]]
        assert [item["id"] for item in await listed(api, q="ΦΑΓΗΤΟ")] == [food["id"]]
        assert [item["id"] for item in await listed(api, q="σπιτι")] == [house["id"]]
        for typed in ("6912345678", "691 234 5678", "0030 691 234 5678", "+30 6912345678"):
            assert [item["id"] for item in await listed(api, q=typed)] == [food["id"]], typed
        reference = str(house["reference"])
        assert [item["id"] for item in await listed(api, q=reference.lower())] == [house["id"]]
        # A reference or a number finds the case even when it is closed; words keep to open cases.
        await api.http.patch(f"/api/v1/cases/{house['id']}", json={"status": "closed"}, headers=api.auth())
        assert [item["id"] for item in await listed(api, q=reference)] == [house["id"]]
        assert await listed(api, q="σπιτι") == []
        assert [item["id"] for item in await listed(api, q="σπιτι", status="closed")] == [house["id"]]
        assert await listed(api, q="100%_\\") == []


async def test_the_search_column_is_filled_for_cases_of_earlier_versions(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url, "0007")
    engine = create_sync_engine(empty_database_url)
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    with engine.begin() as connection:
        center = connection.execute(
            sa.text(
                "INSERT INTO centers (slug, name, municipality, region, address, phones, hours, extended_hours,"
                " closed_dates, staffing, services, timezone, mobile_unit, home_visits, telegram_enabled,"
                " greek_caps, sms_segment_cap, sla_hours, active, created_at, updated_at) VALUES ('demo',"
                " '{}', '{}', '{}', '{}', '[]', '{}', '{}', '[]', '{}', '[]', 'Europe/Athens', false, false,"
                " false, false, 4, 48, true, :now, :now) RETURNING id"
            ),
            {"now": now},
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO cases (center_id, reference, channel, language, category, priority, priority_rank,"
                " status, source, summary, description, answers, consent_share, created_at, updated_at)"
                " VALUES (:center, 'KK-2345', 'sms', 'el', 'food_aid', 'normal', 2, 'new', 'request',"
                " 'Χωρίς ΦΑΓΗΤΌ', 'Τρία παιδιά', '{}', false, :now, :now)"
            ),
            {"center": center, "now": now},
        )
    await asyncio.to_thread(migrate.upgrade, empty_database_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT search_text FROM cases")).scalar_one() == (
            "χωρισ φαγητο τρια παιδια"
        )
    engine.dispose()


def test_access_log_lines_keep_the_path_and_drop_the_query() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', None, None
    )
    record.args = ("127.0.0.1:5", "GET", "/api/v1/cases?q=%2B306912345678", "1.1", 200)
    assert (
        PathWithoutQuery().filter(record)
        and record.getMessage() == '127.0.0.1:5 - "GET /api/v1/cases HTTP/1.1" 200'
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_real_server_logs_no_phone_number(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    app = FastAPI()

    @app.get("/api/v1/cases")
    async def cases(q: str = "") -> dict[str, int]:
        return {"length": len(q)}

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=uvicorn_log_config("INFO"), lifespan="off"
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient() as client:
            for typed in ("+30 691 234 5678", "6912345678"):
                answer = await client.get(f"http://127.0.0.1:{port}/api/v1/cases", params={"q": typed})
                assert answer.status_code == 200
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=10)
    logged = capfd.readouterr().err
    assert logged.count('"GET /api/v1/cases HTTP/1.1" 200') == 2
    # The number's digits, not "691" alone: the server's random port may contain those three digits.
    assert "2345678" not in logged and "q=" not in logged


async def test_search_terms_never_reach_the_audit_log(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await request(api, NUMBER, "no food")
        clock.advance(timedelta(minutes=1))
        assert len(await listed(api, q="691 234 5678")) == 1
        audit = await api.http.get(
            "/api/v1/audit", params={"object_type": "case"}, headers=api.auth(role=StaffRole.ADMIN)
        )
        assert audit.status_code == 200 and "691" not in audit.text


async def test_ids_over_64_bits_are_422_in_paths_and_bodies_and_cursors_400(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await request(api, NUMBER, "no food")
        case_id = (await listed(api))[0]["id"]
        too_big, biggest = 2**63, 2**63 - 1
        patch = f"/api/v1/cases/{case_id}"
        assert (
            await api.http.patch(patch, json={"assignee_id": too_big}, headers=api.auth())
        ).status_code == 422
        assert (
            await api.http.patch(patch, json={"assignee_id": biggest}, headers=api.auth())
        ).status_code == 422
        assert (await api.http.get(f"/api/v1/cases/{too_big}", headers=api.auth())).status_code == 422
        assert (await api.http.get(f"/api/v1/cases/{biggest}", headers=api.auth())).status_code == 404
        for raw in (
            f"2|2026-11-24T08:00:00+00:00|{too_big}",
            "9|2026-11-24T08:00:00+00:00|1",
            "2|2026-11-24|1",
        ):
            cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
            answer = await api.http.get("/api/v1/cases", params={"cursor": cursor}, headers=api.auth())
            assert answer.status_code == 400, raw
