"""Centers and their mobile-unit areas, kept in step with the centers file."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.centers_file import CenterSpec
from storage.enums import Language
from storage.models import Area, Center

CENTERS_SYNC_LOCK_KEY = 0x4644434E  # any constant, the same in every replica


async def sync_centers(
    session: AsyncSession, *, specs: tuple[CenterSpec, ...], now: datetime
) -> list[Center]:
    """Upsert every center of the file by slug; centers and areas no longer listed become inactive."""
    if session.get_bind().dialect.name == "postgresql":
        # Replicas starting together would both insert a new center: one at a time, until commit.
        await session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CENTERS_SYNC_LOCK_KEY})
    existing = {center.slug: center for center in (await session.scalars(sa.select(Center))).all()}
    synced = []
    for spec in specs:
        center = existing.pop(spec.slug, None)
        if center is None:
            center = Center(slug=spec.slug, created_at=now)
            session.add(center)
        _apply(center, spec, now)
        await session.flush()
        await _sync_areas(session, center=center, spec=spec)
        synced.append(center)
    for stale in existing.values():
        stale.active = False
        stale.updated_at = now
    await session.flush()
    return synced


def _apply(center: Center, spec: CenterSpec, now: datetime) -> None:
    center.name = _texts(spec.name)
    center.municipality = _texts(spec.municipality)
    center.region = _texts(spec.region)
    center.address = _texts(spec.address)
    center.phones = list(spec.phones)
    center.email = spec.email
    center.website = spec.website
    center.timezone = spec.timezone
    center.hours = dict(spec.hours)
    center.extended_hours = dict(spec.extended_hours)
    center.closed_dates = [day.isoformat() for day in spec.closed_dates]
    center.staffing = dict(spec.staff)
    center.slot_minutes = dict(spec.slot_minutes)
    center.interpreters = [interpreter.model_dump(mode="json") for interpreter in spec.interpreters]
    center.reminder_hours = list(spec.reminder_hours)
    center.services = [service.value for service in spec.services]
    center.mobile_unit = spec.mobile_unit is not None
    center.home_visits = bool(spec.mobile_unit and spec.mobile_unit.home_visits)
    center.sms_number = spec.sms_number
    center.telegram_enabled = spec.telegram_enabled
    center.greek_caps = spec.greek_caps
    center.sms_segment_cap = spec.sms_segment_cap
    center.sla_hours = spec.sla_hours
    center.sla_minutes = spec.sla_minutes.by_priority(spec.sla_hours)
    center.case_webhook_url = spec.case_webhook_url
    center.active = True
    center.updated_at = now


async def _sync_areas(session: AsyncSession, *, center: Center, spec: CenterSpec) -> None:
    rows = await session.scalars(sa.select(Area).where(Area.center_id == center.id))
    existing = {area.slug: area for area in rows.all()}
    for area_spec in spec.mobile_unit.areas if spec.mobile_unit else []:
        area = existing.pop(area_spec.slug, None)
        if area is None:
            area = Area(center_id=center.id, slug=area_spec.slug)
            session.add(area)
        area.name = _texts(area_spec.name)
        area.aliases = list(area_spec.aliases)
        area.kind = area_spec.kind
        area.active = True
    # Visits and subscriptions point at areas, so an area that left the file is retired, not deleted.
    for stale in existing.values():
        stale.active = False


def _texts(localized: Mapping[Language, str]) -> dict[str, str]:
    return {str(language): text for language, text in localized.items()}


async def list_centers(session: AsyncSession) -> list[Center]:
    """Every center, active or not (cases of a removed center still point at it)."""
    return list((await session.scalars(sa.select(Center).order_by(Center.id))).all())


async def get_center_by_slug(session: AsyncSession, *, slug: str) -> Center | None:
    """The active center with this slug."""
    return await session.scalar(sa.select(Center).where(Center.slug == slug, Center.active.is_(True)))


async def list_areas(session: AsyncSession, *, center_id: int) -> list[Area]:
    """The active mobile-unit areas of a center, in file order."""
    rows = await session.scalars(
        sa.select(Area).where(Area.center_id == center_id, Area.active.is_(True)).order_by(Area.id)
    )
    return list(rows.all())


async def get_center(session: AsyncSession, *, center_id: int) -> Center:
    """The center with this id (it must exist)."""
    return await session.get_one(Center, center_id)


async def find_area(session: AsyncSession, *, center_id: int, slug: str) -> Area | None:
    """The active area of a center with this slug."""
    return await session.scalar(
        sa.select(Area).where(Area.center_id == center_id, Area.slug == slug, Area.active.is_(True))
    )


async def areas_by_id(session: AsyncSession, *, center_id: int) -> dict[int, Area]:
    """Every area of a center, retired ones too (old visits point at them)."""
    rows = await session.scalars(sa.select(Area).where(Area.center_id == center_id))
    return {area.id: area for area in rows.all()}
