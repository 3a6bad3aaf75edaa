"""Centers file → database: upsert by slug, areas retired rather than deleted."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.centers_file import load_centers_file
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import BUNDLED_CENTERS_FILE
from storage.centers import get_center_by_slug, list_areas, sync_centers
from storage.models import Area, Center


async def test_bundled_centers_are_in_the_database(session: AsyncSession) -> None:
    slugs = (await session.scalars(sa.select(Center.slug).order_by(Center.id))).all()
    assert slugs == ["alonissos", "thira", "mylopotamos", "palamas", "aigialeia"]
    thira = await get_center_by_slug(session, slug="thira")
    assert thira is not None
    assert thira.hours["fri"] == [["08:00", "15:30"]]
    assert thira.mobile_unit and not thira.telegram_enabled and thira.sms_number is None
    areas = await list_areas(session, center_id=thira.id)
    assert [area.name["el"] for area in areas] == ["Ανάφη", "Ίος", "Σίκινος", "Φολέγανδρος"]
    assert "folegandro" in areas[3].aliases


async def test_resync_updates_in_place_and_retires_what_left(
    runtime: Runtime, clock: FixedClock, tmp_path: Path
) -> None:
    text = BUNDLED_CENTERS_FILE.read_text(encoding="utf-8")
    # Thira drops Anafi and changes its hours; Alonissos leaves the file.
    text = text.replace('    { slug = "anafi"', '    # { slug = "anafi"')
    text = text.replace('"mon-fri" = "08:00-15:30"', '"mon-fri" = "08:30-15:30"')
    start, end = text.index("[centers.alonissos]"), text.index("[centers.thira]")
    edited = tmp_path / "centers.toml"
    edited.write_text(text[:start] + text[end:], encoding="utf-8")
    specs = load_centers_file(edited, {"FRONTDESK_THIRA_SMS_NUMBER": "+306940000001"}).centers

    async with runtime.sessions.begin() as session:
        ids_before = dict(
            ((slug, id_) for slug, id_ in await session.execute(sa.select(Center.slug, Center.id)))
        )
        await sync_centers(session, specs=specs, now=clock.now())
    async with runtime.sessions() as session:
        ids_after = dict(
            ((slug, id_) for slug, id_ in await session.execute(sa.select(Center.slug, Center.id)))
        )
        assert ids_after == ids_before
        thira = await get_center_by_slug(session, slug="thira")
        assert thira is not None and thira.hours["mon"] == [["08:30", "15:30"]]
        assert thira.sms_number == "+306940000001"
        assert await get_center_by_slug(session, slug="alonissos") is None
        anafi = await session.scalar(sa.select(Area).where(Area.slug == "anafi"))
        assert anafi is not None and not anafi.active
        assert [a.slug for a in await list_areas(session, center_id=thira.id)] == [
            "ios",
            "sikinos",
            "folegandros",
        ]


async def test_sync_twice_changes_nothing(runtime: Runtime, clock: FixedClock) -> None:
    await runtime.prepare()
    async with runtime.sessions() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Center)) == 5
        assert await session.scalar(sa.select(sa.func.count()).select_from(Area)) == 21
