"""Free appointment times of your center."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.booking import center_of, check_service
from api.deps import UNAUTHORIZED, CurrentStaff, RuntimeDep, SessionDep
from api.schemas.booking import SlotOut, SlotPage
from api.times import TIME_QUERY, local, time_range
from storage.enums import Language
from storage.slots import find_free_slots

router = APIRouter(prefix="/api/v1/slots", tags=["booking"], responses=UNAUTHORIZED)


@router.get("", responses={422: {"description": "Unknown service, bad time or range over 92 days"}})
async def free_times(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    service: Annotated[str | None, Query(max_length=32)] = None,
    from_: Annotated[str | None, Query(alias="from", **TIME_QUERY)] = None,
    to: Annotated[str | None, Query(**TIME_QUERY)] = None,
    language: Language | None = None,
) -> SlotPage:
    """Times with room left (default: the next 14 days); with ``language``, times with an interpreter."""
    center = await center_of(session, staff)
    if service is not None:
        check_service(center, service)
    now = runtime.clock.now()
    start, end = time_range(from_, to, center.timezone, now, timedelta(days=14))
    slots = await find_free_slots(
        session, center=center, from_=start, to=end, now=now, service=service,
        language=language.value if language else None, min_notice=timedelta(0),
    )  # fmt: skip
    return SlotPage(
        items=[
            SlotOut(
                service=slot.service,
                starts_at=local(slot.starts_at, center.timezone),
                ends_at=local(slot.ends_at, center.timezone),
                free=slot.free,
                capacity=slot.capacity,
                interpreter_id=slot.interpreter_id,
            )
            for slot in slots
        ]
    )
