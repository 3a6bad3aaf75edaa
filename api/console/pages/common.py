"""What console pages share: the router settings, the 404 page and the redirect after a form."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse

from api.console.session import check_csrf


class PageNotFound(Exception):
    """Nothing of the staff member's center at this address (another center's case is as good as absent)."""


def console_router() -> APIRouter:
    """A router for console pages: out of the OpenAPI schema, every unsafe request CSRF-checked."""
    return APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(check_csrf)])


def see_other(path: str) -> RedirectResponse:
    """After a form, the page to show (Post/Redirect/Get, so a reload never sends the form twice)."""
    return RedirectResponse(path, status_code=303)
