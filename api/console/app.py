"""Wiring the console into the FastAPI app: its pages, its files (cached for a year) and the sign-in redirect."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from api.console.pages import PAGES
from api.console.pages.common import PageNotFound
from api.console.session import LoginRequired
from api.console.templating import STATIC_DIR, render


class CachedStatic(StaticFiles):
    """The console's files: their URLs carry a content hash, so browsers may keep them for a year."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


async def _sign_in_first(request: Request, _error: Exception) -> Response:
    """No session: full pages go to the sign-in page; htmx fragments make the whole page go there."""
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": "/console/login"})
    return RedirectResponse("/console/login", status_code=303)


async def _not_found(request: Request, _error: Exception) -> Response:
    """The console's own 404 page: nothing here for this center."""
    return render(request, "not_found.html", status_code=404)


def mount_console(app: FastAPI) -> None:
    """Add the console's pages and files to the app."""
    for router in PAGES:
        app.include_router(router)
    app.mount("/console/static", CachedStatic(directory=STATIC_DIR), name="console-static")
    app.add_exception_handler(LoginRequired, _sign_in_first)
    app.add_exception_handler(PageNotFound, _not_found)
