"""The coordinator's digest and the retention job."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from bot.jobs import JobContext
from bot.jobs.retention import retention_job
from frontdesk.clock import FixedClock
from storage.enums import CaseStatus, OutboxStatus, StaffRole
from storage.models import Case, Conversation, InboundMessage, OutboxMessage
from tests.api_env import api_app
from tests.conversation import Citizen


async def test_digest_lists_overdue_cases_and_undelivered_messages(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        citizen = Citizen(api.runtime, address="+306900000777")
        await citizen.send("Hello")
        await citizen.send("6")  # talk to a person: a case due in 48 hours
        async with api.runtime.sessions.begin() as session:
            row = (await session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))).first()
            assert row is not None
            row.status, row.last_error = OutboxStatus.FAILED, "twilio 400 code 21211"
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        fresh = (await api.http.get("/api/v1/digest", headers=coordinator)).json()
        assert fresh["overdue_cases"] == [] and fresh["undelivered"][0]["reason"] == "twilio 400 code 21211"
        clock.advance(timedelta(hours=49))
        token = (await api.sign_in("coordinator@thira.gr")).json()["access_token"]
        coordinator = {"Authorization": f"Bearer {token}"}
        late = (await api.http.get("/api/v1/digest", headers=coordinator)).json()
        assert len(late["overdue_cases"]) == 1 and late["overdue_cases"][0]["overdue"] is True
        assert late["undelivered"] == []  # older than a day
        assert (
            len(
                (await api.http.get("/api/v1/digest", params={"days": 3}, headers=coordinator)).json()[
                    "undelivered"
                ]
            )
            == 1
        )
        assert (await api.http.get("/api/v1/digest", headers=api.auth())).status_code in (401, 403)


async def test_retention_deletes_old_messages_and_anonymises_old_closed_cases(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        citizen = Citizen(api.runtime, address="+306900000888")
        for answer in ("Hello", "2", "7", "1", "the roof leaks", "5", "1", "1"):
            await citizen.send(answer)
        async with api.runtime.sessions.begin() as session:
            case = (await session.scalars(sa.select(Case))).one()
            case.status, case.closed_at = CaseStatus.CLOSED, clock.now()
            await session.execute(sa.update(OutboxMessage).values(status=OutboxStatus.SENT))
        clients = ChannelClients()
        context = JobContext(api.runtime, clients, Sender(api.runtime, clients))
        assert "inbound_messages=0" in await retention_job(context)
        clock.advance(timedelta(days=731))
        summary = await retention_job(context)
        assert "inbound_messages=8" in summary and "conversations=1" in summary
        async with api.runtime.sessions() as session:
            assert (await session.scalars(sa.select(InboundMessage))).all() == []
            assert (await session.scalars(sa.select(Conversation))).all() == []
            assert (
                await session.scalars(sa.select(Case.description))
            ).one() == "the roof leaks"  # kept five years
        clock.advance(timedelta(days=5 * 365))
        assert "cases_anonymised=1" in await retention_job(context)
        async with api.runtime.sessions() as session:
            case = (await session.scalars(sa.select(Case))).one()
            assert (
                case.description is None
                and case.anonymised_at is not None
                and case.category.value == "housing"
            )
