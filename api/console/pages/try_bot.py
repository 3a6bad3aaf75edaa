"""Try the bot: staff chat as a made-up citizen, on SMS or Telegram rendering, on a database of the trial's own."""

from __future__ import annotations

from typing import Annotated

from babel import Locale
from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import console_router, see_other
from api.console.session import ConsoleStaff
from api.console.templating import language_of, render
from api.deps import RuntimeDep, SessionDep
from bot.trial import TRIALS, Trial
from storage.centers import get_center
from storage.enums import Channel, Language
from storage.models import Staff

router = console_router()
MAX_TEXT = 1600  # what one SMS conversation message may carry at most, as on the case page


def language_names(console_language: str) -> dict[str, str]:
    """Every language the bot speaks, named in the console's language and in itself."""
    named = Locale.parse(console_language).languages
    result = {}
    for language in Language:
        own = Locale.parse(language.value).get_display_name(language.value) or language.value
        here = named.get(language.value, language.value)
        result[language.value] = here if here.lower() == own.lower() else f"{here} ({own})"
    return result


def _trial(staff: Staff, trial_id: str) -> Trial | None:
    return TRIALS.get(trial_id, staff_id=staff.id)


@router.get("/try", response_class=HTMLResponse)
async def try_page(request: Request, staff: ConsoleStaff, ended: bool = False) -> HTMLResponse:
    """Choose the rendering and the language, then start."""
    context = {"channels": list(Channel), "languages": language_names(language_of(request)), "ended": ended}
    return render(request, "try.html", context)


@router.post("/try")
async def start(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    channel: Annotated[Channel, Form()], language: Annotated[Language, Form()],
) -> RedirectResponse:  # fmt: skip
    """A new trial at the staff member's center."""
    center = await get_center(session, center_id=staff.center_id)
    trial = await TRIALS.start(
        runtime, staff_id=staff.id, center=center.slug, channel=channel, language=language
    )
    return see_other(f"/console/try/{trial.id}")


@router.get("/try/{trial_id}", response_class=HTMLResponse, response_model=None)
async def chat(request: Request, staff: ConsoleStaff, trial_id: str) -> HTMLResponse | RedirectResponse:
    """The trial conversation."""
    trial = _trial(staff, trial_id)
    if trial is None:
        return see_other("/console/try?ended=true")
    names = language_names(language_of(request))
    return render(request, "try_chat.html", {"trial": trial, "language_name": names[trial.language.value]})


@router.post("/try/{trial_id}/send")
async def send(
    staff: ConsoleStaff, trial_id: str,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    button: Annotated[str | None, Form(max_length=64)] = None,
) -> RedirectResponse:  # fmt: skip
    """Write (or press a button) as the citizen; the bot answers on the trial's own database."""
    trial = _trial(staff, trial_id)
    if trial is None:
        return see_other("/console/try?ended=true")
    if button or text.strip():
        await TRIALS.send(trial, text.strip(), button=button or None)
    return see_other(f"/console/try/{trial.id}#latest")


@router.post("/try/{trial_id}/end")
async def end(staff: ConsoleStaff, trial_id: str) -> RedirectResponse:
    """End the trial: its database is deleted."""
    trial = _trial(staff, trial_id)
    if trial is not None:
        await TRIALS.end(trial)
    return see_other("/console/try")
