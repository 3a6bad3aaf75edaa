"""Benchmark: queuing an announcement to 10 000 subscribers, set-based, beside the per-recipient loop.

    .venv/bin/python bench/announcements.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/booking] [--subscribers 10000]

Creates a scratch schema (PostgreSQL) or file (SQLite) and subscribers of one area of 'thira' in the twelve
languages, two thirds on SMS and one third on Telegram. Times the product's path (render once per language
and channel, one INSERT … SELECT) and, in the same run, the baseline: the same messages queued one by one
through notify() for a sample of 1 000 subscribers, extrapolated to all of them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.delivery.notify import notify
from bot.notices.announcements import fallback_text, send_announcement
from bot.outbound import Outbound, Text
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.announcements import create_announcement
from storage.centers import find_area, get_center_by_slug
from storage.enums import Channel, Language, StaffRole
from storage.models import ChannelIdentity, Citizen, OutboxMessage, Staff, Subscription

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
TEXTS = {
    "el": "Η κινητή μονάδα έρχεται στην Ίο την Τρίτη 1 Δεκεμβρίου, 10:00-13:00, στο Κέντρο Υγείας.",
    "en": "The mobile unit comes to Ios on Tuesday 1 December, 10:00-13:00, at the Health Centre.",
    "fa": "واحد سیار روز سه‌شنبه ۱ دسامبر، ۱۰ تا ۱۳، به مرکز بهداشت ایوس می‌آید.",
}
BASELINE_SAMPLE = 1000


async def fill(runtime: Runtime, count: int) -> tuple[int, int]:
    """Subscribers of 'ios' at 'thira'; the center and area ids."""
    languages = list(Language)
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug="thira")
        assert center is not None
        area = await find_area(session, center_id=center.id, slug="ios")
        assert area is not None
        first = 1_000_000
        await session.execute(
            sa.insert(Citizen),
            [{"id": first + n, "center_id": center.id, "locale": languages[n % 12], "locale_confirmed": True,
              "created_at": NOW} for n in range(count)],
        )  # fmt: skip
        await session.execute(
            sa.insert(ChannelIdentity),
            [{"id": first + n, "center_id": center.id, "citizen_id": first + n,
              "channel": Channel.TELEGRAM if n % 3 == 0 else Channel.SMS,
              "address": str(500_000_000 + n) if n % 3 == 0 else f"+3069{n:08d}", "created_at": NOW}
             for n in range(count)],
        )  # fmt: skip
        await session.execute(
            sa.insert(Subscription),
            [{"center_id": center.id, "identity_id": first + n, "area_id": area.id, "consent_at": NOW,
              "created_at": NOW} for n in range(count)],
        )  # fmt: skip
        return center.id, area.id


async def set_based(runtime: Runtime, area_id: int) -> tuple[float, int]:
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug="thira")
        assert center is not None
        staff = Staff(
            center_id=center.id, role=StaffRole.COORDINATOR, email=f"{uuid.uuid4().hex}@bench.gr",
            password_hash="-", active=True, failed_logins=0, created_at=NOW,  # noqa: S106 (nobody signs in)
        )  # fmt: skip
        session.add(staff)
        await session.flush()
    started = time.perf_counter()
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug="thira")
        assert center is not None
        announcement = await create_announcement(
            session, staff=staff, area_ids=[area_id], texts=TEXTS, send_at=None, now=NOW
        )
        recipients = await send_announcement(session, center=center, announcement=announcement, now=NOW)
    return time.perf_counter() - started, recipients


async def per_recipient(runtime: Runtime, sample: int) -> float:
    """The baseline: each recipient's message rendered and queued on its own, through notify()."""
    started = time.perf_counter()
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug="thira")
        assert center is not None
        rows = await session.execute(
            sa.select(ChannelIdentity, Citizen.locale)
            .join(Citizen, Citizen.id == ChannelIdentity.citizen_id)
            .order_by(ChannelIdentity.id)
            .limit(sample)
        )
        for identity, locale in rows.all():
            text = TEXTS.get(locale.value) or fallback_text(TEXTS)
            await notify(
                session, center=center, identity=identity, message=Outbound((Text.verbatim(text),)),
                locale=locale.value if locale.value in TEXTS else "el", now=NOW,
                dedupe_key=f"baseline:{identity.id}",
            )  # fmt: skip
    return time.perf_counter() - started


async def main(url: str | None, count: int) -> None:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    admin = None
    if url.startswith("postgresql"):
        admin = sa.create_engine(url)
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    runtime = Runtime.build(
        Settings(env="test", database_url=url, secret_key="b" * 40), environ={}, clock=FixedClock(NOW)
    )
    try:
        await runtime.prepare()
        _, area_id = await fill(runtime, count)
        elapsed, recipients = await set_based(runtime, area_id)
        async with runtime.sessions() as session:
            rows = await session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        sample = min(BASELINE_SAMPLE, count)
        baseline = await per_recipient(runtime, sample)
        name = runtime.engine.dialect.name
        print(f"{name}: {recipients:,} subscribers, {rows:,} outbox rows")
        print(f"  set-based (render once per language and channel, one INSERT … SELECT): {elapsed:6.2f} s")
        print(
            f"  per recipient through notify(): {baseline:6.2f} s for {sample:,}"
            f" → {baseline * count / sample:6.1f} s for {count:,} (extrapolated)"
        )
    finally:
        await runtime.close()
        if admin is not None:
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="database URL (default: a scratch SQLite file)")
    parser.add_argument("--subscribers", type=int, default=10_000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.url, arguments.subscribers))
