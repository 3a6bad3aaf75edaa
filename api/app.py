"""The FastAPI application: one per process, built from a Runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.routes import health
from frontdesk import __version__
from frontdesk.runtime import Runtime


def create_app(runtime: Runtime) -> FastAPI:
    """Build the application; the lifespan migrates, syncs the centers and closes the database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.prepare()
        try:
            yield
        finally:
            await runtime.close()

    app = FastAPI(title="Front Desk", version=__version__, lifespan=lifespan)
    app.state.runtime = runtime
    app.include_router(health.router)
    return app
