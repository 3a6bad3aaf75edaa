"""Schemathesis over the OpenAPI schema: no 5xx and every answer as documented, for a signed-in admin."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from bot.jobs.service import Service
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.centers import get_center_by_slug
from storage.enums import StaffRole
from storage.staff import create_staff
from storage.tokens import sign_in
from tests.conversation import Citizen

# Slow (hundreds of generated requests): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow


async def _prepare(runtime: Runtime) -> str:
    await runtime.prepare()
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug="thira")
        assert center is not None
        await create_staff(
            session,
            center_id=center.id,
            role=StaffRole.ADMIN,
            email="admin@thira.gr",
            password="0123456789",
            passwords=runtime.passwords,
            now=runtime.clock.now(),
        )
    citizen = Citizen(runtime)
    for answer in ("Hello", "2", "7", "1", "roof", "1", "1", "1"):
        await citizen.send(answer)
    async with runtime.sessions.begin() as session:
        from datetime import timedelta

        issued = await sign_in(
            session,
            email="admin@thira.gr",
            password="0123456789",
            passwords=runtime.passwords,
            now=runtime.clock.now(),
            ttl=timedelta(days=3650),
        )
    # The app's requests run in another event loop: start them with a fresh connection pool.
    await runtime.engine.dispose()
    return issued.token


def test_api_answers_as_documented(tmp_path: Path) -> None:
    runtime = Runtime.build(
        Settings(env="test", database_url=f"sqlite:///{tmp_path / 'api.db'}", secret_key="s" * 40),
        environ={},
        clock=FixedClock(),
    )
    token = asyncio.run(_prepare(runtime))
    app = create_app(runtime, Service(runtime), scheduler=False)
    # The pytest plugin of schemathesis does not run under pytest 9, so the operations are driven here.
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/v1/auth/logout")
    headers = {"Authorization": f"Bearer {token}"}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            # A cursor that the API did not hand out is schema-valid but refused with a documented 400.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        call()
        checked.append(operation.label)
    print(
        f"\nschemathesis: {len(checked)} operations, up to 25 examples each, no 5xx and no schema violation"
    )
    assert len(checked) >= 15
