"""Photos and documents a citizen sent to a case, downloaded from the provider that keeps them."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request, Response, status
from fastapi.responses import JSONResponse

from api.deps import UNAUTHORIZED, CurrentStaff, Id, RuntimeDep, SessionDep
from bot.delivery.clients import ChannelClients
from bot.delivery.files import FileUnavailable, open_attachment
from storage.queue import get_case

router = APIRouter(prefix="/api/v1/cases", tags=["cases"], responses=UNAUTHORIZED)


@router.get(
    "/{case_id}/attachments/{number}",
    summary="Download an attachment",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The file, as the citizen sent it"},
        404: {"description": "No such case or attachment at your center"},
        502: {"description": "The provider that keeps the file cannot give it now"},
    },
)
async def download(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    request: Request,
    case_id: Id,
    number: Annotated[int, Path(ge=1, le=1000, description="1 for the first file the citizen sent")],
) -> Response:
    """The ``number``-th file of the case (audited); fetched from Telegram or Twilio, never stored here."""
    case = await get_case(session, center_id=staff.center_id, case_id=case_id)
    clients: ChannelClients = request.app.state.clients
    found = None
    try:
        if case is not None:
            found = await open_attachment(
                session, clients, runtime.settings, case=case, number=number, staff_id=staff.id,
                now=runtime.clock.now(),
            )  # fmt: skip
    except FileUnavailable:
        # Answered, not raised: the attempt stays in the audit log (an exception would roll it back).
        return JSONResponse(
            {"detail": "the file cannot be fetched now"}, status_code=status.HTTP_502_BAD_GATEWAY
        )
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such attachment")
    attachment, content = found
    # A download, never shown inline: the browser must not run what a stranger sent.
    name = quote(attachment.file_name or f"attachment-{number}")
    disposition = f"attachment; filename=\"attachment-{number}\"; filename*=UTF-8''{name}"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
