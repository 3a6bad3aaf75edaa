"""Telegram end to end: webhook → stored → answered → sent through PTB to the stand-in."""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa

from storage.enums import OutboxStatus
from storage.models import ChannelIdentity, InboundMessage, OutboxMessage
from tests.channel_env import PUBLIC_URL, TELEGRAM_SECRET, deployment


def text_update(update_id: int, text: str, chat_id: int = 5550001) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private", "first_name": "Μαρία"}
    message = {
        "message_id": update_id,
        "date": 1764000000,
        "chat": chat,
        "from": {"id": chat_id, "is_bot": False, "first_name": "Μαρία"},
        "text": text,
    }
    return {"update_id": update_id, "message": message}


def button_update(update_id: int, data: str, chat_id: int = 5550001) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Μαρία"}
    message = {
        "message_id": 1,
        "date": 1764000000,
        "chat": {"id": chat_id, "type": "private"},
        "text": "menu",
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq{update_id}",
            "from": user,
            "chat_instance": "x",
            "message": message,
            "data": data,
        },
    }


async def count(runtime: Any, model: type) -> int:
    async with runtime.sessions() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


async def test_webhook_is_registered_with_the_secret(database_url: str) -> None:
    async with deployment(database_url) as env:
        (webhook,) = [params for method, params in env.telegram.requests if method == "setWebhook"]
        assert (
            webhook["url"] == f"{PUBLIC_URL}/webhooks/telegram/thira"
            and webhook["secret_token"] == TELEGRAM_SECRET
        )


async def test_message_gets_a_reply_with_an_inline_keyboard(database_url: str) -> None:
    async with deployment(database_url) as env:
        response = await env.post_update(text_update(1, "Γεια σας, χρειάζομαι βοήθεια"))
        assert response.status_code == 200
        await env.send_outbox()
        replies = [delivery for delivery in env.telegram.accepted if delivery.to == "5550001"]
        assert "Κέντρο Κοινότητας Δήμου Θήρας" in replies[0].text
        keyboard = replies[-1].extra["reply_markup"]["inline_keyboard"]
        assert keyboard[0][0]["callback_data"] == "c:info" and len(keyboard) == 8
        async with env.runtime.sessions() as session:
            statuses = (await session.scalars(sa.select(OutboxMessage.status))).all()
            assert set(statuses) == {OutboxStatus.SENT}


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_stored(database_url: str) -> None:
    async with deployment(database_url) as env:
        assert (await env.post_update(text_update(1, "hi"), secret="wrong")).status_code == 403
        assert (await env.post_update(text_update(2, "hi"), secret=None)).status_code == 403
        assert (
            await env.http.post("/webhooks/telegram/atlantis", json=text_update(3, "hi"))
        ).status_code == 404
        assert await count(env.runtime, InboundMessage) == 0


async def test_the_same_update_three_times_at_once_is_handled_once(database_url: str) -> None:
    async with deployment(database_url) as env:
        responses = await asyncio.gather(*(env.post_update(text_update(77, "Hello")) for _ in range(3)))
        assert [response.status_code for response in responses] == [200, 200, 200]
        assert await count(env.runtime, InboundMessage) == 1
        replies = await count(env.runtime, OutboxMessage)
        await env.post_update(text_update(77, "Hello"))
        assert await count(env.runtime, OutboxMessage) == replies


async def test_button_press_answers_the_callback_and_moves_on(database_url: str) -> None:
    async with deployment(database_url) as env:
        await env.post_update(text_update(1, "Hello, I need help"))
        await env.post_update(button_update(2, "c:info"))
        await env.send_outbox()
        assert ("answerCallbackQuery", {"callback_query_id": "cq2"}) in env.telegram.requests
        assert "What would you like to know?" in env.telegram.accepted[-1].text


async def test_blocked_bot_stops_all_sending_even_queued_messages(database_url: str) -> None:
    async with deployment(database_url) as env:
        await env.post_update(text_update(1, "Hello"))
        kicked = {
            "update_id": 2,
            "my_chat_member": {
                "chat": {"id": 5550001, "type": "private"},
                "from": {"id": 5550001, "is_bot": False, "first_name": "M"},
                "date": 1764000000,
                "old_chat_member": {
                    "user": {"id": 424242, "is_bot": True, "first_name": "KK"},
                    "status": "member",
                },
                "new_chat_member": {
                    "user": {"id": 424242, "is_bot": True, "first_name": "KK"},
                    "status": "kicked",
                    "until_date": 0,
                },
            },
        }
        await env.post_update(kicked)
        await env.send_outbox()
        assert env.telegram.accepted == []
        async with env.runtime.sessions() as session:
            identity = (await session.scalars(sa.select(ChannelIdentity))).one()
            assert identity.unreachable_reason == "blocked"
            assert set((await session.scalars(sa.select(OutboxMessage.status))).all()) == {
                OutboxStatus.CANCELLED
            }


async def test_a_bot_blocked_without_telling_us_is_found_out_when_sending(database_url: str) -> None:
    async with deployment(database_url) as env:
        env.telegram.blocked_chats.add("5550001")
        await env.post_update(text_update(1, "Hello"))
        await env.send_outbox()
        async with env.runtime.sessions() as session:
            identity = (await session.scalars(sa.select(ChannelIdentity))).one()
            assert identity.unreachable_at is not None
            statuses = (await session.scalars(sa.select(OutboxMessage.status))).all()
            assert OutboxStatus.FAILED in statuses and OutboxStatus.SENT not in statuses


async def test_without_a_public_url_the_bot_polls(database_url: str) -> None:
    async with deployment(database_url, public_url="http://127.0.0.1:8000") as env:
        assert "deleteWebhook" in [method for method, _ in env.telegram.requests]
        env.telegram.push_update(text_update(9, "Hello"))
        for _ in range(200):
            if await count(env.runtime, OutboxMessage):
                break
            await asyncio.sleep(0.05)
        await env.send_outbox()
        assert "Community Center of Thira" in env.telegram.accepted[0].text
