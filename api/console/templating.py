"""Rendering console pages: Jinja2 with the console's catalog, dates in the center's zone, cache-busted files."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from api.console.i18n import LANGUAGE_NAMES, console_translations, pick_language
from api.console.labels import LABELS
from api.console.session import CSRF_FIELD, CSRF_HEADER

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
LANG_COOKIE = "fd_lang"
ZONE = ZoneInfo("Europe/Athens")  # every center is in Greece; the center's own zone is used where known

templates = Jinja2Templates(directory=TEMPLATES_DIR)
# No inline script or style anywhere: htmx is configured by a meta tag, behaviour lives in console.js.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages carry personal data: never kept by a browser or proxy
    "X-Frame-Options": "DENY",
}


@cache
def _fingerprint(name: str) -> str:
    """A short hash of a static file, so its URL changes whenever it does (long cache headers are safe)."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """The URL of a file under static/, versioned by its content."""
    return f"/console/static/{name}?v={_fingerprint(name)}"


def language_of(request: Request) -> str:
    """The console language of this request."""
    return pick_language(request.cookies.get(LANG_COOKIE))


def when(value: datetime | None, language: str, fmt: str = "short", zone: str | None = None) -> str:
    """A moment in the center's zone, in the console's language ('' for none)."""
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=ZoneInfo(zone) if zone else ZONE, locale=language)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """A page or fragment in the staff member's language, with the CSRF token for htmx and forms."""
    language = language_of(request)
    catalog = console_translations(language)
    csrf = (context or {}).get("csrf") or getattr(request.state, "csrf", "")
    base: dict[str, Any] = {
        "_": catalog.gettext,
        "ngettext": catalog.ngettext,
        "lang": language,
        "languages": LANGUAGE_NAMES,
        "staff": getattr(request.state, "staff", None),
        "csrf": csrf,
        "csrf_field": Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf),
        "csrf_header": CSRF_HEADER,
        "static_url": static_url,
        "when": lambda value, fmt="short": when(value, language, fmt),
        "path": request.url.path,
        "label": lambda kind, value: catalog.gettext(LABELS[kind].get(value, str(value))) if value else "",
    }
    response = templates.TemplateResponse(request, name, base | (context or {}), status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response
