"""Taking and freeing a place: the database counts, exactly, on SQLite and PostgreSQL (DESIGN.md §7).

A place is taken by one conditional update, ``booked = booked + 1 WHERE booked < capacity``, whose row
count says whether it worked; the check constraint ``booked <= capacity`` backs it. Callers free a place
only after a conditional status change of the booking itself, so a place is freed exactly once.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import VisitStatus
from storage.models import AppointmentSlot, MobileVisit
from storage.upsert import insert_ignoring_conflict


async def materialise_slot(
    session: AsyncSession,
    *,
    center_id: int,
    service: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    now: datetime,
) -> int:
    """The id of the slot row of a time, inserted if it is not there yet (two first bookings race safely)."""
    values = {
        "center_id": center_id, "service": service, "starts_at": starts_at, "ends_at": ends_at,
        "capacity": capacity, "booked": 0, "by_phone": False, "created_at": now,
    }  # fmt: skip
    inserted = await insert_ignoring_conflict(
        session,
        AppointmentSlot,
        values,
        ["center_id", "service", "starts_at"],
        index_where=AppointmentSlot.staff_id.is_(None),
    )
    if inserted is not None:
        return inserted
    found = await session.scalar(
        sa.select(AppointmentSlot.id).where(
            AppointmentSlot.center_id == center_id,
            AppointmentSlot.service == service,
            AppointmentSlot.starts_at == starts_at,
            AppointmentSlot.staff_id.is_(None),
        )
    )
    assert found is not None
    return found


async def _changed(session: AsyncSession, statement: sa.Update) -> bool:
    result = cast(CursorResult[tuple[()]], await session.execute(statement))
    return result.rowcount == 1


async def take_slot_place(session: AsyncSession, *, slot_id: int, capacity: int) -> bool:
    """Take one place of a slot whose capacity is now ``capacity`` (leave may have changed it); False: full."""
    return await _changed(
        session,
        sa.update(AppointmentSlot)
        .where(AppointmentSlot.id == slot_id, AppointmentSlot.booked < capacity)
        .values(booked=AppointmentSlot.booked + 1, capacity=capacity)
        .execution_options(synchronize_session=False),
    )


async def free_slot_place(session: AsyncSession, *, slot_id: int) -> None:
    """Give back one place of a slot (after the booking itself was cancelled, exactly once)."""
    await session.execute(
        sa.update(AppointmentSlot)
        .where(AppointmentSlot.id == slot_id, AppointmentSlot.booked > 0)
        .values(booked=AppointmentSlot.booked - 1)
        .execution_options(synchronize_session=False)
    )


async def take_visit_place(session: AsyncSession, *, visit_id: int) -> bool:
    """Take one place at a scheduled mobile-unit visit; False when it is full (or no longer scheduled)."""
    return await _changed(
        session,
        sa.update(MobileVisit)
        .where(
            MobileVisit.id == visit_id,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.booked < MobileVisit.capacity,
        )
        .values(booked=MobileVisit.booked + 1)
        .execution_options(synchronize_session=False),
    )


async def free_visit_place(session: AsyncSession, *, visit_id: int) -> None:
    """Give back one place of a visit (after the booking itself was cancelled, exactly once)."""
    await session.execute(
        sa.update(MobileVisit)
        .where(MobileVisit.id == visit_id, MobileVisit.booked > 0)
        .values(booked=MobileVisit.booked - 1)
        .execution_options(synchronize_session=False)
    )
