"""Urgent means now: answer targets per priority, alerts to the on-duty channel until claimed, the digest."""

from __future__ import annotations

import email.policy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontdesk.centers_file import CentersFileError, load_centers_file
from frontdesk.clock import FixedClock
from frontdesk.hours import OpeningCalendar, parse_weekly_hours
from frontdesk.settings import BUNDLED_CENTERS_FILE
from storage.enums import CasePriority, CaseStatus, Channel, OutboxStatus, StaffRole
from storage.models import Case, CaseAlert, OutboxMessage
from tests.api_env import api_app
from tests.channel_env import THIRA_NUMBER, Deployment, deployment
from tests.conversation import Citizen
from tests.smtp_standin import SmtpStandIn

CITIZEN = "+306912345678"
WORDS = "I want to kill myself tonight"
ON_DUTY_CHAT, COORDINATOR_CHAT = "-1001234567", "-1007654321"
ON_CALL = "+306900000999"
ALERTS = f"""
[centers.thira.alerts]
telegram_chat_id = {ON_DUTY_CHAT}
sms_number = "{ON_CALL}"
email = "duty@thira.gr"
coordinator_telegram_chat_id = {COORDINATOR_CHAT}
coordinator_email = "coordinator@thira.gr"
"""
# Tuesday 24 November 2026, 10:00 in Athens; Saturday 28 November, 10:00.
TUESDAY = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
SATURDAY = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def centers_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "centers.toml"
    path.write_text(BUNDLED_CENTERS_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def athens(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour - 2, minute, tzinfo=UTC)


def test_opening_time_is_counted_only_while_open() -> None:
    calendar = OpeningCalendar(parse_weekly_hours({"mon-fri": "08:00-15:30"}))
    quarter = timedelta(minutes=15)
    assert calendar.add_open_time(athens(24, 10), quarter) == athens(24, 10, 15)
    assert calendar.add_open_time(athens(24, 15, 25), quarter) == athens(25, 8, 10)
    assert calendar.add_open_time(athens(28, 10), quarter) == athens(30, 8, 15)  # Saturday → Monday


def test_alerts_need_someone_on_duty_and_real_addresses(tmp_path: Path) -> None:
    config = load_centers_file(centers_with(tmp_path, ALERTS), {})
    thira = config.by_slug("thira")
    assert thira is not None and thira.alerts is not None
    assert thira.alerts.telegram_chat_id == ON_DUTY_CHAT and thira.alerts.repeat_minutes == 15
    assert thira.sla_minutes.by_priority(thira.sla_hours) == {
        "urgent": 15,
        "high": 240,
        "normal": 48 * 60,
        "low": 7 * 24 * 60,
    }
    for bad in ('coordinator_email = "c@thira.gr"', 'sms_number = "12"', 'telegram_chat_id = "me"'):
        with pytest.raises(CentersFileError, match="alerts"):
            load_centers_file(centers_with(tmp_path, f"\n[centers.thira.alerts]\n{bad}\n"), {})


async def open_crisis(runtime_owner: Deployment) -> Case:
    await runtime_owner.post_sms(
        {"MessageSid": "SM-crisis", "From": CITIZEN, "To": THIRA_NUMBER, "Body": WORDS, "NumMedia": "0"}
    )
    async with runtime_owner.runtime.sessions() as session:
        case = await session.scalar(sa.select(Case).where(Case.priority == CasePriority.URGENT))
        assert case is not None
        return case


@asynccontextmanager
async def alerting(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[
    tuple[Deployment, SmtpStandIn]
]:  # fmt: skip
    smtp = await SmtpStandIn().start()
    try:
        async with deployment(
            database_url,
            clock=clock,
            centers_file=centers_with(tmp_path, ALERTS),
            smtp_host=smtp.host,
            smtp_port=smtp.port,
            smtp_from="frontdesk@thira.gr",
        ) as env:
            yield env, smtp
    finally:
        await smtp.stop()


def alert_texts(env: Deployment, smtp: SmtpStandIn) -> list[str]:
    texts = [d.text for d in env.telegram.accepted if d.to in (ON_DUTY_CHAT, COORDINATOR_CHAT)]
    texts += [d.text for d in env.twilio.accepted if d.to == ON_CALL]
    for message in smtp.messages:
        parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        texts.append(str(parsed["Subject"]) + "\n" + parsed.get_body().get_content())  # type: ignore[union-attr]
    return texts


async def test_crisis_case_is_due_in_minutes_and_a_normal_one_in_hours(database_url: str) -> None:
    clock = FixedClock(TUESDAY)
    async with api_app(database_url, clock) as api:
        await Citizen(api.runtime, address="+306900000101").send(WORDS)
        friday_night = FixedClock(datetime(2026, 11, 27, 20, 0, tzinfo=UTC))
        api.runtime.clock = friday_night
        await Citizen(api.runtime, address="+306900000102").send(WORDS)
        api.runtime.clock = clock
        citizen = Citizen(api.runtime, address="+306900000103")
        await citizen.send("Hello")
        await citizen.send("6")  # talk to a person
        async with api.runtime.sessions() as session:
            cases = (await session.scalars(sa.select(Case).order_by(Case.id))).all()
        assert [case.priority for case in cases] == [CasePriority.URGENT] * 2 + [CasePriority.NORMAL]
        assert cases[0].due_at == TUESDAY + timedelta(minutes=15)
        assert cases[1].due_at == athens(30, 8, 15)  # closed for the weekend: Monday at opening + 15
        assert cases[2].due_at == TUESDAY + timedelta(hours=48)
        page = (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"]
        assert page[0]["priority"] == "urgent" and page[0]["due_at"].startswith("2026-11-24T08:15")
        # Raising a case to urgent makes it due at once, counted from when it came in.
        raised = await api.http.patch(
            f"/api/v1/cases/{cases[2].id}", json={"priority": "urgent"}, headers=api.auth()
        )
        assert raised.json()["due_at"].startswith("2026-11-24T08:15")


async def test_targets_per_priority_come_from_the_centers_file(database_url: str, tmp_path: Path) -> None:
    clock = FixedClock(TUESDAY)
    path = centers_with(tmp_path, "")
    text = path.read_text(encoding="utf-8").replace(
        'telegram_secret = "${FRONTDESK_THIRA_TELEGRAM_SECRET}"',
        'telegram_secret = "${FRONTDESK_THIRA_TELEGRAM_SECRET}"\nsla_minutes = { urgent = 5, normal = 600 }',
        1,
    )
    path.write_text(text, encoding="utf-8")
    async with deployment(database_url, clock=clock, centers_file=path) as env:
        await open_crisis(env)
        async with env.runtime.sessions() as session:
            case = await session.scalar(sa.select(Case))
            assert case is not None and case.due_at == TUESDAY + timedelta(minutes=5)


async def test_urgent_case_alerts_on_duty_at_once_repeats_until_claimed_and_escalates(
    database_url: str, tmp_path: Path
) -> None:
    clock = FixedClock(TUESDAY)
    async with alerting(database_url, tmp_path, clock) as (env, smtp):
        case = await open_crisis(env)
        assert await env.service.run_job("alerts") is not None
        on_duty = [d for d in env.telegram.accepted if d.to == ON_DUTY_CHAT]
        assert len(on_duty) == 1 and case.reference in on_duty[0].text
        assert "Violence" in on_duty[0].text or "Emotional support" in on_duty[0].text
        assert [d.to for d in env.twilio.accepted if d.to == ON_CALL] == [ON_CALL]
        assert len(smtp.messages) == 1 and smtp.recipients == [["duty@thira.gr"]]
        assert "helplines" not in on_duty[0].text  # open: nothing to say about hours
        # A second run within the quarter sends nothing; each later quarter sends one round.
        await env.service.run_job("alerts")
        assert len(alert_texts(env, smtp)) == 3
        for _ in range(3):
            clock.advance(timedelta(minutes=15))
            await env.service.run_job("alerts")
            await env.service.run_job("alerts")
        coordinator = [d for d in env.telegram.accepted if d.to == COORDINATOR_CHAT]
        assert len([d for d in env.telegram.accepted if d.to == ON_DUTY_CHAT]) == 4
        assert len(coordinator) == 1 and "coordinator" in coordinator[0].text  # after the second repeat
        assert smtp.recipients[-1] == ["duty@thira.gr", "coordinator@thira.gr"]
        async with env.runtime.sessions.begin() as session:
            rounds = (await session.scalars(sa.select(CaseAlert.round).order_by(CaseAlert.round))).all()
            assert rounds == [0, 1, 2, 3]
            claimed = await session.get_one(Case, case.id)
            claimed.status = CaseStatus.IN_PROGRESS
        clock.advance(timedelta(minutes=30))
        await env.service.run_job("alerts")
        assert len([d for d in env.telegram.accepted if d.to == ON_DUTY_CHAT]) == 4
        texts = alert_texts(env, smtp)
        assert len(texts) == 4 * 3 + 1  # Telegram, SMS and one e-mail a round; the coordinator's chat once
        for text in texts:
            assert "kill" not in text.lower() and "tonight" not in text.lower()
            assert "6912345678" not in text.replace(" ", "") and "691 234" not in text
        async with env.runtime.sessions() as session:
            alerts = (
                await session.scalars(sa.select(OutboxMessage).where(OutboxMessage.identity_id.is_(None)))
            ).all()
            assert alerts and all(row.status in (OutboxStatus.SENT, OutboxStatus.QUEUED) for row in alerts)
            assert {row.channel for row in alerts} == {Channel.TELEGRAM, Channel.SMS}


async def test_out_of_hours_alert_says_the_citizen_has_had_the_helplines(
    database_url: str, tmp_path: Path
) -> None:
    clock = FixedClock(SATURDAY)
    async with alerting(database_url, tmp_path, clock) as (env, _smtp):
        await open_crisis(env)
        await env.service.run_job("alerts")
        alert = next(d for d in env.telegram.accepted if d.to == ON_DUTY_CHAT)
        assert "the citizen has had the helplines" in alert.text and "Εκτός ωραρίου" in alert.text
        # The citizen had the helplines themselves, on their own number.
        assert any(d.to == CITIZEN for d in env.twilio.accepted)


async def test_a_refused_email_is_tried_again_later(database_url: str, tmp_path: Path) -> None:
    clock = FixedClock(TUESDAY)
    async with alerting(database_url, tmp_path, clock) as (env, smtp):
        smtp.refuse = True
        await open_crisis(env)
        await env.service.run_job("alerts")
        assert smtp.messages == []
        smtp.refuse = False
        await env.service.run_job("alerts")
        assert smtp.messages == []  # waits for its lease
        clock.advance(timedelta(minutes=6))
        await env.service.run_job("alerts")
        assert len(smtp.messages) == 1
        async with env.runtime.sessions() as session:
            first = await session.scalar(sa.select(CaseAlert).where(CaseAlert.round == 0))
            assert first is not None and first.email_state == "sent" and first.email_attempts == 2


async def test_digest_lists_unclaimed_urgent_cases_first(database_url: str) -> None:
    clock = FixedClock(TUESDAY)
    async with api_app(database_url, clock) as api:
        await Citizen(api.runtime, address="+306900000201").send(WORDS)
        citizen = Citizen(api.runtime, address="+306900000202")
        await citizen.send("Hello")
        await citizen.send("6")
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        digest = (await api.http.get("/api/v1/digest", headers=coordinator)).json()
        assert list(digest)[:2] == ["generated_at", "unclaimed_urgent"]
        assert [case["priority"] for case in digest["unclaimed_urgent"]] == ["urgent"]
        case_id = digest["unclaimed_urgent"][0]["id"]
        await api.http.post(f"/api/v1/cases/{case_id}/claim", headers=api.auth())
        digest = (await api.http.get("/api/v1/digest", headers=coordinator)).json()
        assert digest["unclaimed_urgent"] == []
