"""Announcements to subscribers: one message each, in their language, set-based, progress from the outbox."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot.jobs import JOBS
from bot.jobs.service import Service
from frontdesk.clock import FixedClock
from storage.centers import find_area
from storage.enums import Channel, Language, OutboxStatus, StaffRole
from storage.models import ChannelIdentity, Citizen, OutboxMessage
from storage.subscriptions import subscribe, unsubscribe
from tests.api_env import Api, api_app

THIRA = 2


async def subscriber(
    api: Api, address: str, areas: list[str], *, language: Language = Language.EL, channel: Channel = Channel.SMS,
    center_id: int = THIRA, **state: object,
) -> int:  # fmt: skip
    async with api.runtime.sessions.begin() as session:
        citizen = Citizen(center_id=center_id, locale=language, locale_confirmed=True)
        session.add(citizen)
        await session.flush()
        identity = ChannelIdentity(
            center_id=center_id, citizen_id=citizen.id, channel=channel, address=address
        )
        session.add(identity)
        await session.flush()
        for slug in areas:
            area = await find_area(session, center_id=center_id, slug=slug)
            assert area is not None
            await subscribe(
                session, center_id=center_id, identity_id=identity.id, area_id=area.id, now=api.clock.now()
            )
        for key, value in state.items():
            target = citizen if key == "erased_at" else identity
            setattr(target, key, value)
        return identity.id


async def rows_of(api: Api, announcement_id: int) -> list[OutboxMessage]:
    async with api.runtime.sessions() as session:
        statement = sa.select(OutboxMessage).where(OutboxMessage.announcement_id == announcement_id)
        return list((await session.scalars(statement.order_by(OutboxMessage.identity_id))).all())


async def test_each_subscriber_once_in_their_language(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        now = clock.now()
        both = await subscriber(api, "+306900000001", ["ios", "anafi"])
        farsi = await subscriber(api, "5001", ["ios"], language=Language.FA, channel=Channel.TELEGRAM)
        english = await subscriber(api, "+306900000003", ["anafi"], language=Language.EN)
        await subscriber(api, "+306900000004", ["ios"], opted_out_at=now)
        await subscriber(api, "+306900000005", ["ios"], unreachable_at=now)
        await subscriber(api, "+306900000006", ["ios"], erased_at=now)
        await subscriber(api, "+306900000007", ["sikinos"])
        left = await subscriber(api, "+306900000008", ["ios"])
        async with api.runtime.sessions.begin() as session:
            area = await find_area(session, center_id=THIRA, slug="ios")
            assert area is not None
            await unsubscribe(session, identity_id=left, area_id=area.id, now=now)
        body = {
            "areas": ["ios", "anafi"],
            "text": {"el": "Η κινητή μονάδα έρχεται την Τρίτη.", "en": "The mobile unit comes on Tuesday."},
        }
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        assert (
            await api.http.post("/api/v1/announcements", json=body, headers=api.auth())
        ).status_code == 403
        response = await api.http.post("/api/v1/announcements", json=body, headers=coordinator)
        assert response.status_code == 202, response.text
        created = response.json()
        assert (created["recipients"], created["status"]) == (3, "queued")
        rows = await rows_of(api, created["id"])
        assert [row.identity_id for row in rows] == [both, farsi, english]
        assert rows[0].body == "Η κινητή μονάδα έρχεται την Τρίτη."
        assert rows[1].body == "Η κινητή μονάδα έρχεται την Τρίτη.\n\nThe mobile unit comes on Tuesday."
        assert rows[2].body == "The mobile unit comes on Tuesday." and rows[2].payload["segments"] == 1
        url = f"/api/v1/announcements/{created['id']}"
        progress = (await api.http.get(url, headers=coordinator)).json()
        assert {key: progress[key] for key in ("recipients", "queued", "sent", "delivered", "failed")} == {
            "recipients": 3, "queued": 3, "sent": 0, "delivered": 0, "failed": 0,
        }  # fmt: skip
        async with api.runtime.sessions.begin() as session:
            for row, status in zip(
                rows, (OutboxStatus.DELIVERED, OutboxStatus.SENT, OutboxStatus.FAILED), strict=True
            ):
                await session.execute(
                    sa.update(OutboxMessage).where(OutboxMessage.id == row.id).values(status=status)
                )
        progress = (await api.http.get(url, headers=coordinator)).json()
        assert (
            progress["status"],
            progress["queued"],
            progress["sent"],
            progress["delivered"],
            progress["failed"],
        ) == ("sent", 0, 1, 1, 1)
        assert (await api.http.get(url, headers=api.auth("palamas", StaffRole.ADMIN))).status_code == 404
        # With a Persian text the Persian subscriber reads it alone.
        body["text"]["fa"] = "واحد سیار سه‌شنبه می‌آید."
        second = (await api.http.post("/api/v1/announcements", json=body, headers=coordinator)).json()
        assert (await rows_of(api, second["id"]))[1].body == "واحد سیار سه‌شنبه می‌آید."


async def test_refusals(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        for body in (
            {"areas": ["fyllo"], "text": {"el": "x"}},
            {"areas": ["ios"], "text": {"en": "only English"}},
            {"areas": [], "text": {"el": "x"}},
            {"areas": ["ios"], "text": {"el": "x", "xx": "y"}},
            {"areas": ["ios"], "text": {"el": "x"}, "send_at": "2030-01-01T10:00:00+02:00"},
        ):
            assert (
                await api.http.post("/api/v1/announcements", json=body, headers=coordinator)
            ).status_code == 422, body


async def test_scheduled_announcements_are_queued_once_by_the_job(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await subscriber(api, "+306900000001", ["ios"])
        body = {"areas": ["ios"], "text": {"el": "Αύριο"}, "send_at": "2026-11-24T18:00:00+02:00"}
        created = (
            await api.http.post(
                "/api/v1/announcements", json=body, headers=api.auth(role=StaffRole.COORDINATOR)
            )
        ).json()
        assert (created["status"], created["recipients"]) == ("scheduled", 1)
        context = Service(api.runtime).context
        assert await JOBS["announcements"](context) == "announcements=0 recipients=0"
        await subscriber(api, "+306900000002", ["ios"])
        clock.advance(timedelta(hours=8))
        assert await JOBS["announcements"](context) == "announcements=1 recipients=2"
        assert await JOBS["announcements"](context) == "announcements=0 recipients=0"
        assert len(await rows_of(api, created["id"])) == 2


async def test_a_new_visit_announced_in_one_call(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await subscriber(api, "+306900000001", ["ios"])
        await subscriber(api, "5002", ["ios"], language=Language.FA, channel=Channel.TELEGRAM)
        await subscriber(api, "+306900000003", ["anafi"])
        visit = {
            "area": "ios", "starts_at": "2026-12-02T10:00:00+02:00", "ends_at": "2026-12-02T13:00:00+02:00",
            "capacity": 10, "announce": True,
        }  # fmt: skip
        response = await api.http.post(
            "/api/v1/visits", json=visit, headers=api.auth(role=StaffRole.COORDINATOR)
        )
        assert response.status_code == 201 and response.json()["announcement_id"]
        rows = await rows_of(api, response.json()["announcement_id"])
        assert len(rows) == 2 and rows[0].body == "Η κινητή μονάδα έρχεται, Ίος: Τετάρτη 2 Δεκεμβρίου, 10:00."
        # Persian on Telegram, with the Latin name and the digits isolated inside right-to-left text.
        assert rows[1].body.startswith("واحد سیار به \u2066Ios\u2069 می\u200cآید")
