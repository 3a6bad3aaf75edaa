"""SMS end to end: signed webhook → stored → answered → sent with twilio's client to the stand-in; receipts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import sqlalchemy as sa

from storage.enums import Channel, OutboxStatus
from storage.messages import enqueue_outbound
from storage.models import ChannelIdentity, InboundMessage, OutboxMessage
from tests.channel_env import PUBLIC_URL, THIRA_NUMBER, Deployment, deployment

CITIZEN = "+306912345678"


def sms(sid: str, body: str, sender: str = CITIZEN) -> dict[str, str]:
    # Twilio sends blank fields too; they take part in the signature.
    return {
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": THIRA_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "FromCity": "",
    }


async def rows(env: Deployment) -> list[OutboxMessage]:
    async with env.runtime.sessions() as session:
        return list((await session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def count(env: Deployment, model: type) -> int:
    async with env.runtime.sessions() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


async def test_sms_reply_goes_out_as_numbered_menu_with_a_status_callback(database_url: str) -> None:
    async with deployment(database_url) as env:
        response = await env.post_sms(sms("SM1", "Καλημέρα"))
        assert response.status_code == 200 and response.text.endswith("<Response></Response>")
        assert response.headers["content-type"].startswith("application/xml")
        await env.send_outbox()
        sent = env.twilio.accepted
        assert all(d.to == CITIZEN and d.extra["from"] == THIRA_NUMBER for d in sent)
        assert sent[-1].text.splitlines()[1].startswith("1 ")
        assert sent[0].extra["callback"] == f"{PUBLIC_URL}/webhooks/twilio/status"
        assert {row.status for row in await rows(env)} == {OutboxStatus.QUEUED}


async def test_bad_signature_is_refused_and_nothing_stored(database_url: str) -> None:
    async with deployment(database_url) as env:
        assert (await env.post_sms(sms("SM1", "hi"), signature="forged")).status_code == 403
        assert (await env.post_sms(sms("SM2", "hi"), signature="")).status_code == 403
        tampered = sms("SM3", "hi")
        signed = await env.post_sms(tampered)
        assert signed.status_code == 200
        from twilio.request_validator import RequestValidator

        from tests.channel_env import AUTH_TOKEN

        signature = RequestValidator(AUTH_TOKEN).compute_signature(
            PUBLIC_URL + "/webhooks/twilio/sms", sms("SM4", "hi")
        )
        assert (await env.post_sms(sms("SM4", "changed body"), signature=signature)).status_code == 403
        assert await count(env, InboundMessage) == 1


async def test_same_message_sid_three_times_concurrently_is_one_message_and_one_reply(
    database_url: str,
) -> None:
    async with deployment(database_url) as env:
        responses = await asyncio.gather(*(env.post_sms(sms("SM-dup", "hello")) for _ in range(3)))
        assert [response.status_code for response in responses] == [200, 200, 200]
        assert await count(env, InboundMessage) == 1
        replies = len(await rows(env))
        await env.post_sms(sms("SM-dup", "hello"))
        assert len(await rows(env)) == replies


async def test_receipts_only_move_forward_whatever_their_order(database_url: str) -> None:
    async with deployment(database_url) as env:
        await env.post_sms(sms("SM1", "hello"))
        await env.send_outbox()
        sid = env.twilio.accepted[0].extra["sid"]
        for status in ("delivered", "sent", "queued"):
            response = await env.post_sms(
                {"MessageSid": sid, "MessageStatus": status}, path="/webhooks/twilio/status"
            )
            assert response.status_code == 204
        row = next(row for row in await rows(env) if row.provider_id == sid)
        assert row.status is OutboxStatus.DELIVERED
        forged = await env.post_sms(
            {"MessageSid": sid, "MessageStatus": "failed"}, path="/webhooks/twilio/status", signature="x"
        )
        assert forged.status_code == 403


async def test_a_receipt_that_beats_our_record_of_the_send_is_applied_later(database_url: str) -> None:
    from storage import outbox

    async with deployment(database_url) as env:
        response = await env.post_sms(
            {"MessageSid": "SMearly", "MessageStatus": "delivered"}, path="/webhooks/twilio/status"
        )
        assert response.status_code == 204
        now = env.runtime.clock.now()
        async with env.runtime.sessions.begin() as session:
            row = await enqueue_outbound(
                session,
                center_id=2,
                identity_id=None,
                channel=Channel.SMS,
                to_address=CITIZEN,
                locale="el",
                body="x",
                payload={},
                now=now,
            )
            await outbox.claim_due(session, now=now, limit=10, worker="t")
            await outbox.record_sent(
                session, outbox_id=row.id, provider_id="SMearly", status=OutboxStatus.QUEUED, now=now
            )
        assert (await rows(env))[0].status is OutboxStatus.DELIVERED


async def test_twilio_21610_marks_the_number_unreachable_and_is_not_retried(database_url: str) -> None:
    async with deployment(database_url) as env:
        await env.post_sms(sms("SM1", "hello", sender="+306900021610"))
        await env.send_outbox()
        attempts = len(env.twilio.requests)
        await env.send_outbox()
        assert len(env.twilio.requests) == attempts == 1
        async with env.runtime.sessions() as session:
            identity = (await session.scalars(sa.select(ChannelIdentity))).one()
            assert identity.unreachable_reason == "twilio 400 code 21610"
        assert {row.status for row in await rows(env)} == {OutboxStatus.FAILED, OutboxStatus.CANCELLED}


async def test_undelivered_receipt_for_an_invalid_number_marks_it_unreachable(database_url: str) -> None:
    async with deployment(database_url) as env:
        await env.post_sms(sms("SM1", "hello"))
        await env.send_outbox()
        sid = env.twilio.accepted[0].extra["sid"]
        await env.post_sms(
            {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30006"},
            path="/webhooks/twilio/status",
        )
        async with env.runtime.sessions() as session:
            assert (
                await session.scalars(sa.select(ChannelIdentity.unreachable_reason))
            ).one() == "twilio 30006"


async def test_numbers_from_countries_not_allowed_get_nothing(database_url: str) -> None:
    async with deployment(database_url) as env:
        response = await env.post_sms(sms("SM1", "hello", sender="+12025550123"))
        assert response.status_code == 200
        assert await count(env, OutboxMessage) == 0
        assert await count(env, InboundMessage) == 1  # acknowledged, so kept; never answered
        now = env.runtime.clock.now()
        async with env.runtime.sessions.begin() as session:
            await enqueue_outbound(
                session,
                center_id=2,
                identity_id=None,
                channel=Channel.SMS,
                to_address="+12025550123",
                locale="en",
                body="x",
                payload={},
                now=now,
            )
        await env.send_outbox()
        assert env.twilio.accepted == []
        assert (await rows(env))[0].last_error == "country US not allowed"


async def test_hourly_caps_defer_messages_instead_of_sending_them(database_url: str) -> None:
    async with deployment(database_url, sms_per_number_per_hour=2) as env:
        now = env.runtime.clock.now()
        async with env.runtime.sessions.begin() as session:
            for n in range(4):
                await enqueue_outbound(
                    session,
                    center_id=2,
                    identity_id=None,
                    channel=Channel.SMS,
                    to_address=CITIZEN,
                    locale="en",
                    body=f"m{n}",
                    payload={},
                    now=now,
                )
        await env.send_outbox()
        assert [d.text for d in env.twilio.accepted] == ["m0", "m1"]
        waiting = [row for row in await rows(env) if row.status is OutboxStatus.PENDING]
        # The first waits out the cap; the second waits behind it, so the citizen reads them in order.
        assert len(waiting) == 2 and waiting[0].next_attempt_at > now + timedelta(minutes=10)
        assert waiting[0].last_error == "hourly sms cap"
