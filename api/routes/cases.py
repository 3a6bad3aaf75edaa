"""The case queue: list, read, change, note, reply, refer. Another center's case answers 404."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import UNAUTHORIZED, CurrentStaff, Id, RuntimeDep, SessionDep
from api.schemas.cases import (
    AttachmentOut,
    CaseDetail,
    CaseOut,
    CasePage,
    CaseUpdate,
    CitizenRef,
    ConsentIn,
    ConsentOut,
    MessageOut,
    NoteIn,
    NoteOut,
    ReferralIn,
    ReferralOut,
    ReplyIn,
    ReplyOut,
    StatusFilter,
)
from bot.delivery.notify import CannotReply, send_staff_reply
from storage.case_changes import (
    CaseChangeError,
    add_note,
    change_case,
    claim_case,
    list_notes,
    list_referrals,
    record_consent,
    refer,
)
from storage.cases import OPEN_STATUSES, list_attachments
from storage.centers import get_center
from storage.citizens import get_identity
from storage.enums import CaseCategory, CasePriority, CaseStatus, Channel, ConsentHow, Language
from storage.models import Case, Staff
from storage.queue import BadCursor, QueueFilter, get_case, previous_cases, read_queue, transcript
from storage.queue import read_case as read_own_case
from storage.search import CaseSearch, parse_search

router = APIRouter(prefix="/api/v1/cases", tags=["cases"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such case at your center"}}


async def center_slug(session: SessionDep, staff: Staff) -> str:
    return (await get_center(session, center_id=staff.center_id)).slug


async def case_out(session: SessionDep, case: Case, slug: str, now: datetime) -> CaseOut:
    identity = await get_identity(session, identity_id=case.identity_id) if case.identity_id else None
    overdue = case.status in OPEN_STATUSES and case.due_at is not None and case.due_at < now
    return CaseOut(
        id=case.id, reference=case.reference, center=slug, status=case.status, priority=case.priority,
        category=case.category, language=case.language, channel=case.channel, source=case.source,
        summary=case.summary, created_at=case.created_at, updated_at=case.updated_at, due_at=case.due_at,
        overdue=overdue, assignee_id=case.assignee_id,
        citizen=CitizenRef(id=case.citizen_id, channel=case.channel, address=identity.address if identity else None),
        citizen_replied_at=case.citizen_replied_at, unread=case.unread,
    )  # fmt: skip


OPEN_QUEUE = tuple(status for status in CaseStatus if status is not CaseStatus.CLOSED)


def queue_statuses(asked: list[StatusFilter], search: CaseSearch | None) -> tuple[CaseStatus, ...] | None:
    """The statuses to list: those asked for; by default open ones, or any when a reference or number is sought."""
    if not asked:
        return None if search is not None and search.identifies else OPEN_QUEUE
    chosen: set[CaseStatus] = set()
    for item in asked:
        chosen |= set(OPEN_QUEUE) if item is StatusFilter.OPEN else {CaseStatus(item.value)}
    return tuple(status for status in CaseStatus if status in chosen)


def _found(case: Case | None) -> Case:
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case")
    return case


async def _own_case(session: SessionDep, staff: Staff, case_id: Id) -> Case:
    return _found(await get_case(session, center_id=staff.center_id, case_id=case_id))


async def send_to_citizen(
    runtime: RuntimeDep, session: SessionDep, case: Case, staff: Staff, text: str
) -> ReplyOut:
    """Queue staff's words for the citizen, or 409 when the citizen or their channel cannot be reached."""
    try:
        rows = await send_staff_reply(
            session, case=case, staff=staff, text=text, now=runtime.clock.now(),
            sms_account=runtime.settings.sms_enabled,
        )  # fmt: skip
    except CannotReply as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    return ReplyOut(outbox_ids=[row.id for row in rows], channel=rows[0].channel)


@router.get("", summary="List the queue", responses={400: {"description": "Invalid cursor"}})
async def queue(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    status_: Annotated[
        list[StatusFilter] | None,
        Query(
            alias="status",
            description="one or more (`status=new&status=in_progress`), or `open` for all but closed; "
            "by default open cases, or every case of a reference or phone number given in `q`",
        ),
    ] = None,
    priority: CasePriority | None = None,
    category: CaseCategory | None = None,
    language: Language | None = None,
    channel: Channel | None = None,
    assignee: Annotated[
        str | None, Query(pattern=r"^(me|none|[0-9]{1,12})$", description="a staff id, `me` or `none`")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="words of the summary or description (accents and case do not matter), "
            "a reference such as KK-7F3Q, or the citizen's phone number in any form",
        ),
    ] = None,
    waiting: Annotated[
        Literal["us"] | None, Query(description="`us`: threads where the citizen wrote after our last reply")
    ] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CasePage:
    """The queue of your center: most urgent first, then oldest first."""
    assignee_id = staff.id if assignee == "me" else int(assignee) if assignee and assignee.isdigit() else None
    if assignee not in (None, "me", "none") and assignee_id is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "assignee must be a staff id, me or none")
    search = parse_search(q) if q and q.strip() else None
    filters = QueueFilter(
        statuses=queue_statuses(status_ or [], search), priority=priority, category=category, language=language,
        channel=channel, assignee_id=assignee_id, unassigned=assignee == "none", search=search,
        waiting_for_us=waiting == "us",
    )  # fmt: skip
    now = runtime.clock.now()
    try:
        cases, next_cursor = await read_queue(
            session, staff=staff, filters=filters, cursor=cursor, limit=limit, now=now
        )
    except BadCursor:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid cursor") from None
    slug = await center_slug(session, staff)
    return CasePage(
        items=[await case_out(session, case, slug, now) for case in cases], next_cursor=next_cursor
    )


@router.get("/{case_id}", summary="Read a case", responses=NOT_FOUND)
async def read_case(runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id) -> CaseDetail:
    """A case with its answers, transcript, attachments, notes, referrals and the citizen's other cases."""
    now = runtime.clock.now()
    case = _found(await read_own_case(session, staff=staff, case_id=case_id, now=now))
    slug = await center_slug(session, staff)
    base = await case_out(session, case, slug, now)
    attachments = await list_attachments(session, case_id=case.id)
    return CaseDetail(
        **base.model_dump(),
        description=case.description, answers=case.answers, for_whom=case.for_whom,
        contact_preference=case.contact_preference, contact_phone=case.contact_phone,
        consent_share=case.consent_share, consent_at=case.consent_at, consent_how=case.consent_how,
        consent_by_id=case.consent_by_id, consent_note=case.consent_note,
        first_response_at=case.first_response_at, closed_at=case.closed_at, closed_reason=case.closed_reason,
        closed_by_id=case.closed_by_id,
        transcript=[MessageOut(**vars(entry)) for entry in await transcript(session, citizen_id=case.citizen_id)],
        attachments=[AttachmentOut.model_validate(row) for row in attachments],
        notes=[NoteOut.model_validate(note) for note in await list_notes(session, case_id=case.id)],
        referrals=[ReferralOut.model_validate(row) for row in await list_referrals(session, case_id=case.id)],
        previous_cases=[await case_out(session, other, slug, now) for other in await previous_cases(session, case=case)],
    )  # fmt: skip


@router.patch(
    "/{case_id}",
    summary="Change a case",
    responses={**NOT_FOUND, 422: {"description": "Unknown field or value, or an assignee of another center"}},
)
async def update_case(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id, change: CaseUpdate
) -> CaseOut:
    """Change status, priority or assignee."""
    case = await _own_case(session, staff, case_id)
    try:
        await change_case(
            session, case=case, staff=staff, now=runtime.clock.now(), status=change.status, priority=change.priority,
            assignee_id=change.assignee_id, unassign=change.unassign,
        )  # fmt: skip
    except CaseChangeError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    return await case_out(session, case, await center_slug(session, staff), runtime.clock.now())


@router.post("/{case_id}/claim", summary="Claim a case", responses=NOT_FOUND)
async def claim(runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id) -> CaseOut:
    """Take a case: it is assigned to you and, if new, in progress."""
    case = await _own_case(session, staff, case_id)
    await claim_case(session, case=case, staff=staff, now=runtime.clock.now())
    return await case_out(session, case, await center_slug(session, staff), runtime.clock.now())


@router.post("/{case_id}/notes", summary="Add a private note", status_code=201, responses=NOT_FOUND)
async def note(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id, body: NoteIn
) -> NoteOut:
    """Add a private note (never shown to the citizen)."""
    case = await _own_case(session, staff, case_id)
    return NoteOut.model_validate(
        await add_note(session, case=case, staff=staff, body=body.body, now=runtime.clock.now())
    )


@router.post(
    "/{case_id}/replies",
    summary="Reply to the citizen",
    status_code=202,
    responses={
        **NOT_FOUND,
        409: {
            "description": "The citizen cannot be reached (erased, STOP, unreachable) or the channel is off"
        },
    },
)
async def reply(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id, body: ReplyIn
) -> ReplyOut:
    """Write to the citizen on their channel; the transcript shows its delivery status."""
    case = await _own_case(session, staff, case_id)
    return await send_to_citizen(runtime, session, case, staff, body.text)


@router.post(
    "/{case_id}/referrals",
    summary="Refer the case to an agency",
    status_code=201,
    responses={**NOT_FOUND, 409: {"description": "No consent to share"}},
)
async def create_referral(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id, body: ReferralIn
) -> ReferralOut:
    """Refer the case to another agency (the citizen must have agreed to sharing)."""
    case = await _own_case(session, staff, case_id)
    try:
        referral = await refer(
            session, case=case, staff=staff, agency=body.agency.value, reason=body.reason, now=runtime.clock.now(),
            agency_detail=body.agency_detail,
        )  # fmt: skip
    except CaseChangeError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    return ReferralOut.model_validate(referral)


@router.post("/{case_id}/consent", summary="Record consent given by phone or in person", responses=NOT_FOUND)
async def consent(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, case_id: Id, body: ConsentIn
) -> ConsentOut:
    """Record the citizen's consent to share the request, given on the phone or in person (who, when, how)."""
    case = await _own_case(session, staff, case_id)
    await record_consent(
        session, case=case, staff=staff, how=ConsentHow(body.how), now=runtime.clock.now(), note=body.note
    )
    return ConsentOut(
        case_id=case.id, consent_share=case.consent_share, consent_at=case.consent_at,
        consent_how=case.consent_how, consent_by_id=case.consent_by_id, consent_note=case.consent_note,
    )  # fmt: skip
