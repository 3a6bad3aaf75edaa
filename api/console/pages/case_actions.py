"""What staff do for a case beyond the thread: attachments, consent, referral and slip, booking or offering times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fastapi import Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.i18n import console_translations
from api.console.labels import N_
from api.console.pages.case import own_case
from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.session import ConsoleStaff
from api.console.templating import render, templates
from api.deps import Id, RuntimeDep, SessionDep
from bot.actions.times import interpreter_for
from bot.canned import REFERRAL_NEXT_STEPS, REFERRAL_SENT
from bot.conversation.center_info import hours_lines
from bot.delivery.clients import ChannelClients
from bot.delivery.files import FileUnavailable, open_attachment
from bot.delivery.notify import CannotReply, send_staff_reply
from bot.i18n import translate
from bot.notices.time_offers import MAX_OFFERED, offer_times_to_case
from bot.notices.words import localized
from bot.outbound import Text
from bot.referrals import DOCUMENTS, Agency, agency_name, referral_text
from bot.staff_booking import book_for_citizen
from frontdesk.availability import Slot
from storage.appointments import BookingRefused
from storage.bookings import list_bookings_of
from storage.case_changes import (
    CaseChangeError,
    get_referral,
    get_referral_case,
    read_referral_slip,
    record_consent,
    refer,
)
from storage.cases import list_attachments
from storage.centers import get_center
from storage.enums import ConsentHow
from storage.models import Case, Center, Staff
from storage.slots import find_free_slots, services_of

router = console_router()
# The case page (the foundation's) includes this module's forms; they list the agencies from here.
templates.env.globals["referral_agencies"] = tuple(Agency)
OFFER_DAYS = 14  # how far ahead the case's booking page looks, as the API's free times do by default
NextStep = Literal["they_contact_you", "go_to_them"]
RTL = frozenset({"ar", "fa", "ur", "ps"})
# Printed in Greek on every slip, whatever the console's language (the template asks ``greek()`` for them).
SLIP_GREEK = (
    N_("Referral slip"),
    N_("Reason for the referral"),
    N_("Stamp and signature of the Community Center"),
)
# Images a browser shows by itself, told apart by their first bytes (never by what the sender claimed).
IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def _image_type(content: bytes) -> str | None:
    """The type of a plain image the browser may show inline (WebP too), else None."""
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in IMAGES if content.startswith(magic)), None)


def _back(case_id: int, anchor: str = "", error: str | None = None) -> RedirectResponse:
    query = f"?error={error}" if error else ""
    return see_other(f"/console/cases/{case_id}{query}{anchor}")


@router.get("/cases/{case_id}/attachments/{attachment_id}", response_class=Response)
async def attachment(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    attachment_id: Annotated[int, Path(ge=1, le=2**62)],
) -> Response:  # fmt: skip
    """A file the citizen sent, fetched from their channel's provider (audited, as the API's download)."""
    case = await own_case(session, staff, case_id)
    ids = sorted(row.id for row in await list_attachments(session, case_id=case.id))
    if attachment_id not in ids:
        raise PageNotFound
    clients: ChannelClients = request.app.state.clients
    try:
        found = await open_attachment(
            session, clients, runtime.settings, case=case, number=ids.index(attachment_id) + 1,
            staff_id=staff.id, now=runtime.clock.now(),
        )  # fmt: skip
    except FileUnavailable:
        # A page, not an exception: the attempt stays in the audit log.
        return render(request, "attachment_unavailable.html", {"case": case}, status_code=502)
    if found is None:
        raise PageNotFound
    row, content = found
    image = _image_type(content)
    name = quote(row.file_name or f"attachment-{attachment_id}")
    # Photos open in the browser; anything else is a download, so nothing a stranger sent runs here.
    disposition = (
        "inline" if image else f"attachment; filename=\"attachment-{attachment_id}\"; filename*=UTF-8''{name}"
    )
    headers = {
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    }  # fmt: skip
    return Response(content, media_type=image or "application/octet-stream", headers=headers)


@router.post("/cases/{case_id}/consent")
async def consent(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    how: Annotated[Literal["phone", "in_person"], Form()],
    note: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse:  # fmt: skip
    """Record consent to share given on the phone or in person (in the chat, the bot records it)."""
    case = await own_case(session, staff, case_id)
    await record_consent(
        session, case=case, staff=staff, how=ConsentHow(how), now=runtime.clock.now(),
        note=note.strip() or None,
    )  # fmt: skip
    return _back(case_id, "#referrals")


async def _tell(runtime: RuntimeDep, session: SessionDep, case: Case, staff: Staff, text: str) -> bool:
    """Send the citizen staff's words on their channel; False when they cannot be reached."""
    try:
        await send_staff_reply(
            session, case=case, staff=staff, text=text, now=runtime.clock.now(),
            sms_account=runtime.settings.sms_enabled,
        )  # fmt: skip
    except CannotReply:
        return False
    return True


@router.post("/cases/{case_id}/referrals")
async def create_referral(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    agency: Annotated[Agency, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
    next_step: Annotated[NextStep, Form()] = "they_contact_you",
    agency_detail: Annotated[str, Form(max_length=200)] = "",
    tell: Annotated[str, Form(max_length=3)] = "",
) -> RedirectResponse:  # fmt: skip
    """Refer the case (needs consent to share) and, if asked, tell the citizen the agency and the next step."""
    case = await own_case(session, staff, case_id)
    try:
        referral = await refer(
            session, case=case, staff=staff, agency=agency.value, reason=reason.strip(), now=runtime.clock.now(),
            agency_detail=agency_detail.strip() or None,
        )  # fmt: skip
    except CaseChangeError:
        return _back(case_id, "#referrals", "consent")
    if tell and not await _tell(runtime, session, case, staff, referral_text(case, referral, next_step)):
        return _back(case_id, "#referrals", "unreachable")
    return _back(case_id, "#referrals")


@router.post("/referrals/{referral_id}/send")
async def send_referral(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, referral_id: Id,
    next_step: Annotated[NextStep, Form()] = "they_contact_you",
) -> RedirectResponse:  # fmt: skip
    """Tell the citizen about a referral made earlier, as the API's send does."""
    referral = await get_referral(session, center_id=staff.center_id, referral_id=referral_id)
    if referral is None:
        raise PageNotFound
    case = await get_referral_case(session, referral=referral)
    if not await _tell(runtime, session, case, staff, referral_text(case, referral, next_step)):
        return _back(case.id, "#referrals", "unreachable")
    return _back(case.id, "#referrals")


def _slip_column(
    center: Center, case: Case, agency: str, language: str, created: datetime
) -> dict[str, object]:
    """One language's half of the slip, from the bot's own translated sentences."""

    def say(msgid: str, **params: str) -> str:
        return translate(language, Text(msgid, params))

    try:
        day = format_date(created.astimezone(ZoneInfo(center.timezone)), "long", locale=language)
    except (ValueError, LookupError):  # a language Babel has no calendar for
        day = created.astimezone(ZoneInfo(center.timezone)).date().isoformat()
    return {
        "language": language,
        "dir": "rtl" if language in RTL else "ltr",
        "sent": say(REFERRAL_SENT, reference=case.reference, agency=agency),
        "next": say(REFERRAL_NEXT_STEPS["go_to_them"]),
        "hours_title": say("Opening hours"),
        "hours": [translate(language, line) for line in hours_lines(center, language)],
        "documents_title": say("Documents to bring"),
        "center": localized(center.name, language),
        "address": localized(center.address, language),
        "date": day,
    }


@router.get("/referrals/{referral_id}/slip", response_class=HTMLResponse)
async def slip(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, referral_id: Id
) -> HTMLResponse:
    """The printable referral slip: the citizen's language beside Greek (its printing is audited)."""
    found = await read_referral_slip(session, staff=staff, referral_id=referral_id, now=runtime.clock.now())
    if found is None:
        raise PageNotFound
    referral, case, center = found.referral, found.case, found.center
    agency = agency_name(referral)
    languages = ["el"] if case.language.value == "el" else [case.language.value, "el"]
    greek = console_translations("el").gettext
    context = {
        "referral": referral, "case": case, "center": center,
        "columns": [_slip_column(center, case, agency, language, referral.created_at) for language in languages],
        "documents": DOCUMENTS, "greek": greek,
    }  # fmt: skip
    return render(request, "referral_slip.html", context)


def _local_day(at: datetime, center: Center) -> date:
    return at.astimezone(ZoneInfo(center.timezone)).date()


def _by_day(slots: list[Slot], center: Center) -> list[tuple[date, list[Slot]]]:
    """Free times grouped by the center's local day, in order."""
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(_local_day(slot.starts_at, center), []).append(slot)
    return list(days.items())


async def _free_times(
    session: SessionDep, center: Center, case: Case, service: str, now: datetime
) -> list[Slot]:
    """The service's free times of the next two weeks that the case's citizen can have (interpreter included)."""
    return await find_free_slots(
        session, center=center, from_=now, to=now + timedelta(days=OFFER_DAYS), now=now, service=service,
        language=interpreter_for(center, case.language.value), min_notice=timedelta(0),
    )  # fmt: skip


@router.get("/cases/{case_id}/appointment", response_class=HTMLResponse)
async def offer_times(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    service: Annotated[str | None, Query(max_length=32)] = None,
    error: Annotated[str | None, Query(max_length=20)] = None,
    booked: Annotated[int, Query(ge=0, le=1)] = 0,
    offered: Annotated[int, Query(ge=0, le=MAX_OFFERED)] = 0,
) -> HTMLResponse:  # fmt: skip
    """Free times of the next two weeks for the case's citizen, to book one for them or offer up to three."""
    case = await own_case(session, staff, case_id)
    center = await get_center(session, center_id=staff.center_id)
    services = services_of(center)
    chosen = service if service in services else (services[0] if services else None)
    now = runtime.clock.now()
    slots = await _free_times(session, center, case, chosen, now) if chosen is not None else []
    context = {
        "case": case, "services": services, "service": chosen, "days": _by_day(slots, center),
        "error": error, "booked": booked, "offered": offered, "max_offered": MAX_OFFERED,
        "upcoming": await list_bookings_of(session, citizen_id=case.citizen_id, now=now) if case.citizen_id else [],
    }  # fmt: skip
    return render(request, "case_appointment.html", context)


@router.post("/cases/{case_id}/appointment")
async def book(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    service: Annotated[str, Form(max_length=32)],
    starts_at: Annotated[datetime, Form()],
) -> RedirectResponse:  # fmt: skip
    """Book the chosen time for the case's citizen; they get the receipt on their channel."""
    case = await own_case(session, staff, case_id)
    center = await get_center(session, center_id=staff.center_id)
    if service not in services_of(center) or starts_at.tzinfo is None or case.citizen_id is None:
        return see_other(f"/console/cases/{case_id}/appointment?error=not_offered")
    try:
        await book_for_citizen(
            session, center=center, citizen_id=case.citizen_id, service=service, starts_at=starts_at,
            staff_id=staff.id, now=runtime.clock.now(), language=interpreter_for(center, case.language.value),
        )  # fmt: skip
    except BookingRefused as refused:
        return see_other(f"/console/cases/{case_id}/appointment?service={service}&error={refused.reason}")
    return see_other(f"/console/cases/{case_id}/appointment?service={service}&booked=1")


@router.post("/cases/{case_id}/appointment/offer")
async def offer(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    service: Annotated[str, Form(max_length=32)],
    starts_at: Annotated[list[datetime] | None, Form()] = None,
) -> RedirectResponse:  # fmt: skip
    """Send the citizen up to three of the free times ticked; their number or button books one."""
    starts_at = starts_at or []
    case = await own_case(session, staff, case_id)
    center = await get_center(session, center_id=staff.center_id)
    page = f"/console/cases/{case_id}/appointment?service={quote(service)}"
    if not 1 <= len(starts_at) <= MAX_OFFERED or len(set(starts_at)) != len(starts_at):
        return see_other(f"{page}&error=offer_count")
    now = runtime.clock.now()
    free = {slot.starts_at for slot in await _free_times(session, center, case, service, now)}
    if service not in services_of(center) or any(at.tzinfo is None or at not in free for at in starts_at):
        return see_other(f"{page}&error=not_offered")
    try:
        await offer_times_to_case(
            session, center=center, case=case, staff=staff, service=service, times=starts_at, now=now,
            sms_account=runtime.settings.sms_enabled,
        )  # fmt: skip
    except CannotReply:
        return see_other(f"{page}&error=unreachable")
    return see_other(f"{page}&offered={len(starts_at)}")
