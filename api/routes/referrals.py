"""Referrals: record their outcome, print the slip for the citizen."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import HTMLResponse

from api.deps import UNAUTHORIZED, CurrentStaff, Id, RuntimeDep, SessionDep
from api.routes.cases import send_to_citizen
from api.schemas.cases import ReferralOut, ReferralSendIn, ReferralUpdate, ReplyOut
from bot.conversation.center_info import hours_lines
from bot.i18n import translate
from bot.referrals import DOCUMENTS, agency_name, referral_text
from storage.case_changes import (
    CaseChangeError,
    ReferralMoveRefused,
    get_referral,
    get_referral_case,
    read_referral_slip,
    update_referral,
)
from storage.models import Referral

router = APIRouter(prefix="/api/v1/referrals", tags=["referrals"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such referral at your center"}}


async def _own_referral(session: SessionDep, staff_center: int, referral_id: Id) -> Referral:
    referral = await get_referral(session, center_id=staff_center, referral_id=referral_id)
    if referral is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such referral")
    return referral


@router.patch(
    "/{referral_id}",
    summary="Record what became of a referral",
    responses={
        **NOT_FOUND,
        409: {"description": "Statuses only move forward: sent → accepted or rejected → done"},
        422: {"description": "A rejection needs its reason"},
    },
)
async def update(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, referral_id: Id, body: ReferralUpdate
) -> ReferralOut:
    """Record a referral's status and outcome (sent, accepted, rejected with reason, done)."""
    referral = await _own_referral(session, staff.center_id, referral_id)
    try:
        await update_referral(
            session, referral=referral, staff=staff, status=body.status, now=runtime.clock.now(),
            outcome=body.outcome, outcome_reason=body.outcome_reason,
        )  # fmt: skip
    except ReferralMoveRefused as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    except CaseChangeError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    return ReferralOut.model_validate(referral)


@router.get(
    "/{referral_id}/slip", summary="Print the referral slip", response_class=HTMLResponse, responses=NOT_FOUND
)
async def slip(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, referral_id: Id
) -> HTMLResponse:
    """A printable referral slip for the citizen: reference, agency, the center's address and hours, documents."""
    found = await read_referral_slip(session, staff=staff, referral_id=referral_id, now=runtime.clock.now())
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such referral")
    referral, case, center = found.referral, found.case, found.center
    hours = "<br>".join(html.escape(translate("el", line)) for line in hours_lines(center, "el"))
    phones = html.escape(", ".join(center.phones))
    documents = "".join(f"<li>{html.escape(item)}</li>" for item in DOCUMENTS)
    body = f"""<!doctype html><html lang="el"><meta charset="utf-8"><title>Παραπομπή {html.escape(case.reference)}</title>
<style>body{{font-family:sans-serif;max-width:40em;margin:2em auto}}h1{{font-size:1.4em}}dt{{font-weight:bold}}</style>
<h1>Παραπομπή / Referral — {html.escape(case.reference)}</h1>
<dl><dt>Προς / To</dt><dd>{html.escape(agency_name(referral))}</dd>
<dt>Από / From</dt><dd>{html.escape(center.name["el"])}<br>{html.escape(center.address["el"])}<br>{phones}</dd>
<dt>Ωράριο / Hours</dt><dd>{hours}</dd>
<dt>Αιτία / Reason</dt><dd>{html.escape(referral.reason)}</dd>
<dt>Φέρτε μαζί σας / Bring</dt><dd><ul>{documents}</ul></dd></dl>
<p>Ημερομηνία / Date: {referral.created_at.date().isoformat()}</p></html>"""
    return HTMLResponse(body)


@router.post(
    "/{referral_id}/send",
    summary="Tell the citizen about the referral",
    status_code=202,
    responses={
        **NOT_FOUND,
        409: {
            "description": "The citizen cannot be reached (erased, STOP, unreachable) or the channel is off"
        },
    },
)
async def send_slip(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    referral_id: Id,
    body: ReferralSendIn | None = None,
) -> ReplyOut:
    """Tell the citizen, in their language, which agency has their request and the one thing to do next."""
    referral = await _own_referral(session, staff.center_id, referral_id)
    case = await get_referral_case(session, referral=referral)
    text = referral_text(case, referral, (body or ReferralSendIn()).next_step)
    return await send_to_citizen(runtime, session, case, staff, text)
