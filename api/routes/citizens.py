"""A citizen's data: export everything, or erase it (GDPR articles 15 and 17)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Response, status

from api.deps import UNAUTHORIZED, Coordinator, CurrentStaff, Id, RuntimeDep, SessionDep
from storage.citizens import get_citizen
from storage.enums import AuditActor
from storage.export import export_citizen
from storage.models import Citizen
from storage.privacy import erase_citizen

router = APIRouter(prefix="/api/v1/citizens", tags=["citizens"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such citizen at your center"}}


async def _own_citizen(session: SessionDep, center_id: int, citizen_id: Id) -> Citizen:
    citizen = await get_citizen(session, center_id=center_id, citizen_id=citizen_id)
    if citizen is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such citizen")
    return citizen


@router.get("/{citizen_id}/export", summary="Export a citizen's data", responses=NOT_FOUND)
async def export(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, citizen_id: Id
) -> dict[str, Any]:
    """Everything stored about a citizen, as JSON."""
    citizen = await _own_citizen(session, staff.center_id, citizen_id)
    return await export_citizen(session, citizen=citizen, staff=staff, now=runtime.clock.now())


@router.delete(
    "/{citizen_id}",
    summary="Erase a citizen",
    status_code=204,
    responses={**NOT_FOUND, 403: {"description": "Needs the coordinator role"}},
)
async def erase(runtime: RuntimeDep, session: SessionDep, staff: Coordinator, citizen_id: Id) -> Response:
    """Erase a citizen: messages, state, subscriptions and identifiers go; kept cases are anonymised."""
    citizen = await _own_citizen(session, staff.center_id, citizen_id)
    await erase_citizen(
        session, citizen_id=citizen.id, now=runtime.clock.now(), actor=AuditActor.STAFF, staff_id=staff.id
    )
    return Response(status_code=204)
