"""Health and readiness endpoints of the application."""

from __future__ import annotations

from fastapi.testclient import TestClient

from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.db import create_engine


def test_healthz_and_readyz(settings: Settings, clock: FixedClock) -> None:
    from api.app import create_app

    runtime = Runtime.build(settings, environ={}, clock=clock)
    with TestClient(create_app(runtime)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["database"] == "up"


def test_readyz_answers_503_when_the_database_is_gone(settings: Settings, clock: FixedClock) -> None:
    from api.app import create_app

    runtime = Runtime.build(settings, environ={}, clock=clock)
    with TestClient(create_app(runtime)) as client:
        # Nothing listens on port 9 (discard): the database "went away" after start-up.
        assert client.portal is not None
        client.portal.call(runtime.engine.dispose)
        runtime.engine = create_engine(
            "postgresql+psycopg://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 2}
        )
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json() == {"status": "unavailable", "database": "down"}
        assert client.get("/healthz").status_code == 200
