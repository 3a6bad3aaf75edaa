"""Benchmark: the staff queue (GET /api/v1/cases) over one million cases.

    .venv/bin/python bench/queue_listing.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--cases 1000000]

Creates a scratch schema (PostgreSQL) or file (SQLite), fills it with cases spread over the five centers,
then times the queries behind the queue: first page, filtered pages, and a page deep behind a cursor.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.enums import CasePriority, CaseStatus
from storage.queue import QueueFilter, encode_cursor, list_cases
from storage.search import parse_search

FILL_POSTGRES = """
INSERT INTO cases (center_id, reference, channel, language, category, priority, priority_rank, status, source,
                   summary, search_text, answers, consent_share, created_at, updated_at)
SELECT 1 + (n % 5), 'B-' || n, CASE WHEN n % 3 = 0 THEN 'telegram' ELSE 'sms' END,
       (ARRAY['el','en','ar','fa','uk'])[1 + n % 5],
       (ARRAY['benefits','food_aid','employment','psychosocial','housing','other'])[1 + n % 6],
       (ARRAY['urgent','high','normal','normal','normal','low'])[1 + n % 6],
       (ARRAY[0,1,2,2,2,3])[1 + n % 6],
       (ARRAY['new','in_progress','waiting','closed','closed','closed'])[1 + (n / 7) % 6],
       'request', 'Request number ' || n, 'request number ' || n, '{}'::jsonb, false,
       TIMESTAMPTZ '2020-01-01' + n * INTERVAL '2 minutes', TIMESTAMPTZ '2020-01-01' + n * INTERVAL '2 minutes'
FROM generate_series(1, :count) AS n
"""
FILL_SQLITE = """
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count)
INSERT INTO cases (center_id, reference, channel, language, category, priority, priority_rank, status, source,
                   summary, search_text, answers, consent_share, created_at, updated_at)
SELECT 1 + (n % 5), 'B-' || n, CASE WHEN n % 3 = 0 THEN 'telegram' ELSE 'sms' END,
       CASE n % 5 WHEN 0 THEN 'el' WHEN 1 THEN 'en' WHEN 2 THEN 'ar' WHEN 3 THEN 'fa' ELSE 'uk' END,
       CASE n % 6 WHEN 0 THEN 'benefits' WHEN 1 THEN 'food_aid' WHEN 2 THEN 'employment' WHEN 3 THEN 'psychosocial'
                  WHEN 4 THEN 'housing' ELSE 'other' END,
       CASE n % 6 WHEN 0 THEN 'urgent' WHEN 1 THEN 'high' WHEN 5 THEN 'low' ELSE 'normal' END,
       CASE n % 6 WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 5 THEN 3 ELSE 2 END,
       CASE (n / 7) % 6 WHEN 0 THEN 'new' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'waiting' ELSE 'closed' END,
       'request', 'Request number ' || n, 'request number ' || n, '{}', 0,
       datetime('2020-01-01', '+' || (n * 2) || ' minutes'), datetime('2020-01-01', '+' || (n * 2) || ' minutes')
FROM seq
"""


async def timed(
    label: str, runtime: Runtime, filters: QueueFilter, cursor: str | None = None, repeat: int = 20
) -> float:
    samples = []
    for _ in range(repeat):
        async with runtime.sessions() as session:
            started = time.perf_counter()
            items, _next = await list_cases(session, center_id=2, filters=filters, cursor=cursor, limit=50)
            samples.append((time.perf_counter() - started) * 1000)
    median = statistics.median(samples)
    print(f"  {label:<48} {median:8.2f} ms median of {repeat}  ({len(items)} rows)")
    return median


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
        Settings(env="test", database_url=url, secret_key="b" * 40), environ={}, clock=FixedClock()
    )
    try:
        await runtime.prepare()
        started = time.perf_counter()
        async with runtime.engine.begin() as connection:
            fill = FILL_POSTGRES if runtime.engine.dialect.name == "postgresql" else FILL_SQLITE
            await connection.execute(sa.text(fill), {"count": count})
            if runtime.engine.dialect.name == "postgresql":
                await connection.execute(sa.text("ANALYZE cases"))
            else:
                await connection.execute(sa.text("ANALYZE"))
        elapsed = time.perf_counter() - started
        print(
            f"{runtime.engine.dialect.name}: {count:,} cases in {elapsed:.1f} s; center 'thira' has {count // 5:,}"
        )
        everything = QueueFilter()
        await timed("first page, no filter", runtime, everything)
        await timed("first page, status=new", runtime, QueueFilter(statuses=(CaseStatus.NEW,)))
        await timed("first page, priority=urgent", runtime, QueueFilter(priority=CasePriority.URGENT))
        await timed(
            "first page, status=new, priority=normal",
            runtime,
            QueueFilter(statuses=(CaseStatus.NEW,), priority=CasePriority.NORMAL),
        )
        async with runtime.sessions() as session:
            deep, _ = await list_cases(session, center_id=2, filters=everything, cursor=None, limit=200)
            for _ in range(49):
                deep, _ = await list_cases(
                    session, center_id=2, filters=everything, cursor=encode_cursor(deep[-1]), limit=200
                )
        await timed("page after 10,000 rows (cursor)", runtime, everything, cursor=encode_cursor(deep[-1]))
        await timed(
            "text search in summary ('number 4242')",
            runtime,
            QueueFilter(search=parse_search("number 4242")),
            repeat=5,
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
    parser.add_argument("--cases", type=int, default=1_000_000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.url, arguments.cases))
