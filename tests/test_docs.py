"""/docs works without internet, and every operation says in words what it does."""

from __future__ import annotations

import re

from frontdesk.clock import FixedClock
from tests.api_env import api_app


async def test_docs_pages_load_everything_from_the_app(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        for page in ("/docs", "/redoc"):
            html = await api.http.get(page)
            assert html.status_code == 200 and "/openapi.json" in html.text
            sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html.text)
            sources += re.findall(r"""url: ['"]([^'"]+)['"]""", html.text)
            assert sources and not [url for url in sources if "://" in url or url.startswith("//")], sources
            for url in sources:
                if url.startswith("/docs/assets/"):
                    asset = await api.http.get(url)
                    assert asset.status_code == 200 and len(asset.content) > 1000, url
        swagger = await api.http.get("/docs/assets/swagger-ui-bundle.js")
        assert swagger.headers["content-type"].startswith("text/javascript")
        assert b"OAS31" in swagger.content  # Swagger UI 5: it reads the OpenAPI 3.1 the app publishes
        assert (await api.http.get("/docs/assets/..%2Fcore.py")).status_code == 404
        assert (await api.http.get("/docs/oauth2-redirect")).status_code == 200


async def test_every_operation_has_a_title_and_a_description(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        schema = (await api.http.get("/openapi.json")).json()
        assert schema["openapi"].startswith("3.1")
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                assert operation.get("summary") and operation.get("description"), (method, path)
        summaries = {
            f"{method} {path}": operation["summary"]
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
        }
        assert summaries["get /api/v1/cases"] == "List the queue"
        assert (
            summaries["post /api/v1/cases/{case_id}/consent"] == "Record consent given by phone or in person"
        )
