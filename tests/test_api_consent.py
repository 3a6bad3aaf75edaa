"""Consent recorded by staff, referrals that only move forward, replies refused up front, failed deliveries."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot.delivery.notify import CannotReply, check_channel_on
from frontdesk.clock import FixedClock
from storage.centers import get_center_by_slug
from storage.enums import Channel, OutboxStatus, StaffRole
from storage.models import ChannelIdentity, OutboxMessage
from storage.queue import transcript
from tests.api_env import Api, api_app
from tests.channel_env import THIRA_NUMBER, deployment
from tests.conversation import Citizen


async def crisis_case(api: Api, address: str = "+306900000501") -> int:
    await Citizen(api.runtime, address=address).send("I want to kill myself")
    items = (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"]
    return int(items[0]["id"])


async def person_case(api: Api, address: str, channel: Channel = Channel.SMS) -> int:
    citizen = Citizen(api.runtime, address=address, channel=channel)
    await citizen.send("Hello")
    await citizen.send("6")  # talk to a person
    return (await citizen.cases())[-1].id


async def test_consent_given_on_the_phone_lets_staff_refer_a_crisis_case(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await crisis_case(api)
        referral = {"agency": "mental_health_centre", "reason": "Needs a psychiatrist this week"}
        url = f"/api/v1/cases/{case_id}"
        assert (await api.http.post(f"{url}/referrals", json=referral, headers=api.auth())).status_code == 409
        for bad in ({"how": "chat"}, {"how": "phone", "center_id": 4}, {}):
            assert (await api.http.post(f"{url}/consent", json=bad, headers=api.auth())).status_code == 422
        clock.advance(timedelta(minutes=10))
        given = await api.http.post(
            f"{url}/consent", json={"how": "phone", "note": "Agreed on the call"}, headers=api.auth()
        )
        assert given.status_code == 200
        staff_id = api.staff_ids[("thira", StaffRole.STAFF)]
        assert given.json() == {
            "case_id": case_id,
            "consent_share": True,
            "consent_at": given.json()["consent_at"],
            "consent_how": "phone",
            "consent_by_id": staff_id,
            "consent_note": "Agreed on the call",
        }
        assert given.json()["consent_at"].startswith("2026-11-24T08:10")
        created = await api.http.post(f"{url}/referrals", json=referral, headers=api.auth())
        assert created.status_code == 201
        assert created.json()["consent_snapshot"] | {"consent_at": None} == {
            "consent_share": True,
            "consent_at": None,
            "consent_how": "phone",
            "consent_by_id": staff_id,
        }
        detail = (await api.http.get(url, headers=api.auth())).json()
        assert detail["status"] == "referred" and detail["consent_how"] == "phone"
        audit = (
            await api.http.get(
                "/api/v1/audit", params={"object_type": "case"}, headers=api.auth(role=StaffRole.ADMIN)
            )
        ).json()["items"]
        consent = [item for item in audit if item["action"] == "case.consent"]
        assert consent and consent[0]["staff_id"] == staff_id and "Agreed" not in str(consent[0])


async def test_a_person_case_can_be_referred_after_consent_in_person(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await person_case(api, "+306900000502")
        url = f"/api/v1/cases/{case_id}"
        referral = {"agency": "legal_aid", "reason": "Eviction notice"}
        assert (await api.http.post(f"{url}/referrals", json=referral, headers=api.auth())).status_code == 409
        await api.http.post(f"{url}/consent", json={"how": "in_person"}, headers=api.auth())
        assert (await api.http.post(f"{url}/referrals", json=referral, headers=api.auth())).status_code == 201


async def test_referral_statuses_only_move_forward(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await crisis_case(api)
        await api.http.post(f"/api/v1/cases/{case_id}/consent", json={"how": "phone"}, headers=api.auth())
        created = await api.http.post(
            f"/api/v1/cases/{case_id}/referrals", json={"agency": "kdap", "reason": "r"}, headers=api.auth()
        )
        url = f"/api/v1/referrals/{created.json()['id']}"

        async def move(status: str, **extra: str) -> int:
            response = await api.http.patch(url, json={"status": status, **extra}, headers=api.auth())
            return response.status_code

        assert await move("accepted") == 200
        assert await move("accepted", outcome="Appointment on Monday") == 200  # same step, more detail
        assert await move("sent") == 409
        assert await move("rejected", outcome_reason="full") == 409
        assert await move("done", outcome="Child enrolled") == 200
        assert await move("accepted") == 409 and await move("sent") == 409


async def test_the_citizen_is_told_the_agency_and_one_next_step_in_their_language(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await crisis_case(api, "+306900000503")
        await api.http.post(f"/api/v1/cases/{case_id}/consent", json={"how": "phone"}, headers=api.auth())
        created = await api.http.post(
            f"/api/v1/cases/{case_id}/referrals",
            json={"agency": "mental_health_centre", "reason": "r", "agency_detail": "Fira, 2nd floor"},
            headers=api.auth(),
        )
        url = f"/api/v1/referrals/{created.json()['id']}/send"
        assert (await api.http.post(url, headers=api.auth())).status_code == 202
        go = await api.http.post(url, json={"next_step": "go_to_them"}, headers=api.auth())
        assert go.status_code == 202
        assert (await api.http.post(url, json={"next_step": "wait"}, headers=api.auth())).status_code == 422
        detail = (await api.http.get(f"/api/v1/cases/{case_id}", headers=api.auth())).json()
        wait, visit = (entry["text"] for entry in detail["transcript"][-2:])
        assert detail["reference"] in wait and "Κέντρο Ψυχικής Υγείας" in wait and "Fira, 2nd floor" in wait
        assert wait.count("Next step") == 1 and "they will contact you" in wait
        assert visit.count("Next step") == 1 and "go to them" in visit


async def test_a_reply_on_a_channel_that_is_off_is_refused_up_front(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        case_id = await person_case(api, "424242", Channel.TELEGRAM)  # no Telegram bot at Thira here
        refused = await api.http.post(
            f"/api/v1/cases/{case_id}/replies", json={"text": "Hello"}, headers=api.auth()
        )
        assert refused.status_code == 409 and "Telegram is off" in refused.json()["detail"]
        async with api.runtime.sessions() as session:
            staff_rows = await session.scalar(
                sa.select(sa.func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.staff_id.is_not(None))
            )
            assert staff_rows == 0
            center = await get_center_by_slug(session, slug="thira")
            assert center is not None
        try:
            check_channel_on(center, Channel.SMS, sms_account=False)
            raise AssertionError("SMS without a Twilio account must be refused")
        except CannotReply as error:
            assert "SMS is off" in str(error)


async def test_a_failed_reply_shows_why_and_is_no_first_response(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        answered = await person_case(api, "+306900000504")
        never = await person_case(api, "+306900000505")
        replies = {}
        for case_id, hours in ((answered, 1), (never, 2), (answered, 3)):
            clock.advance(timedelta(hours=hours))
            response = await api.http.post(
                f"/api/v1/cases/{case_id}/replies", json={"text": f"reply {hours}"}, headers=api.auth()
            )
            replies[hours] = response.json()["outbox_ids"][0]
        async with api.runtime.sessions.begin() as session:
            for hours in (1, 2):
                row = await session.get_one(OutboxMessage, replies[hours])
                row.status, row.last_error = OutboxStatus.FAILED, "twilio 400 code 21211"
            delivered = await session.get_one(OutboxMessage, replies[3])
            delivered.status = OutboxStatus.DELIVERED
        detail = (await api.http.get(f"/api/v1/cases/{answered}", headers=api.auth())).json()
        failed = next(entry for entry in detail["transcript"] if entry["text"].startswith("reply 1"))
        assert failed["status"] == "failed" and failed["error"] == "twilio 400 code 21211"
        assert (
            next(entry for entry in detail["transcript"] if entry["text"].startswith("reply 3"))["error"]
            is None
        )
        report = await api.http.get(
            "/api/v1/reports/monthly",
            params={"month": "2026-11"},
            headers=api.auth(role=StaffRole.COORDINATOR),
        )
        # Only the third reply reached anyone: 1 + 2 + 3 hours after the case came in.
        assert report.json()["response_hours_median"] == 6.0 and report.json()["response_hours_p90"] == 6.0


async def test_an_undelivered_receipt_puts_its_reason_in_the_transcript(database_url: str) -> None:
    async with deployment(database_url) as env:
        form = {
            "MessageSid": "SM1",
            "From": "+306900000506",
            "To": THIRA_NUMBER,
            "Body": "hello",
            "NumMedia": "0",
        }
        await env.post_sms(form)
        await env.send_outbox()
        sid = env.twilio.accepted[0].extra["sid"]
        status = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30003"}
        await env.post_sms(status, path="/webhooks/twilio/status")
        async with env.runtime.sessions() as session:
            row = await session.scalar(sa.select(OutboxMessage).where(OutboxMessage.provider_id == sid))
            assert (
                row is not None
                and row.status is OutboxStatus.UNDELIVERED
                and row.last_error == "twilio 30003"
            )
            citizen = await session.scalar(sa.select(ChannelIdentity.citizen_id))
            entries = await transcript(session, citizen_id=citizen)
        assert next(entry.error for entry in entries if entry.direction == "out") == "twilio 30003"
