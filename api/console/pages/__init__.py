"""The console's pages, one module each; ``PAGES`` is every router, in the order the app includes them."""

from __future__ import annotations

from fastapi import APIRouter

from api.console.pages import auth, case, queue

PAGES: tuple[APIRouter, ...] = (auth.router, queue.router, case.router)
from api.console.pages import visits  # noqa: E402

PAGES += (visits.router,)
from api.console.pages import calendar, case_actions  # noqa: E402

PAGES += (case_actions.router, calendar.router)

from api.console.pages import reports  # noqa: E402

PAGES += (reports.router,)

from api.console.pages import announcements  # noqa: E402

PAGES += (announcements.router,)

from api.console.pages import try_bot  # noqa: E402

PAGES += (try_bot.router,)

from api.console.pages import admin  # noqa: E402

PAGES += (admin.router,)
