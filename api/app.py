"""The FastAPI application: one per process, built from a Runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.console.app import mount_console
from api.routes import (
    announcements,
    appointments,
    attachments,
    audit,
    auth,
    calendar,
    cases,
    citizens,
    digest,
    docs,
    health,
    leave,
    me,
    referrals,
    reports,
    slots,
    staff,
    visit_bookings,
    visits,
    webhooks,
)
from bot.flows.check import check_flows
from bot.jobs.service import Service
from frontdesk import __version__
from frontdesk.runtime import Runtime

MAX_BODY_BYTES = 1024 * 1024  # staff requests are small JSON; a Telegram update is a few kB


def create_app(runtime: Runtime, service: Service | None = None, *, scheduler: bool = True) -> FastAPI:
    """Build the application; its lifespan checks the flows, migrates, syncs centers, starts channels and jobs."""
    running = service or Service(runtime)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        check_flows()
        await runtime.prepare()
        await running.start(scheduler=scheduler)
        try:
            yield
        finally:
            await running.stop()
            await runtime.close()

    # Bodies over the limit get 413 while they stream, before anything reads them whole (webhooks: less).
    # /docs and /redoc are served by api.routes.docs from the app itself, not from a CDN.
    app = FastAPI(
        title="Front Desk", version=__version__, lifespan=lifespan, max_body_size=MAX_BODY_BYTES,
        docs_url=None, redoc_url=None,
    )  # fmt: skip
    app.state.runtime = runtime
    app.state.clients = running.clients
    app.state.service = running
    for module in (health, webhooks, auth, cases, referrals, citizens, staff, audit, reports, digest):
        app.include_router(module.router)
    for booking in (slots, leave, appointments, visits, visit_bookings, announcements):
        app.include_router(booking.router)
    app.include_router(staff.canned_router)
    app.include_router(me.router)
    app.include_router(calendar.me_router)
    app.include_router(calendar.feed_router)
    app.include_router(auth.page_router)
    app.include_router(docs.router)
    app.include_router(attachments.router)
    mount_console(app)
    return app
