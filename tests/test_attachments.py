"""Files a citizen sends during a case reach staff: listed on the case, downloaded from Telegram, audited."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from storage.models import AuditEvent
from storage.staff import create_staff
from tests.channel_env import Deployment, deployment
from tests.test_channel_telegram import text_update

CHAT = 5550077
PHOTO = b"\x89PNG\r\n\x1a\n a photo of the eviction notice"


def photo_update(update_id: int, file_id: str) -> dict[str, Any]:
    message = {
        "message_id": update_id, "date": 1764000000, "chat": {"id": CHAT, "type": "private"},
        "from": {"id": CHAT, "is_bot": False, "first_name": "A"},
        "photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 10, "height": 10, "file_size": 40}],
    }  # fmt: skip
    return {"update_id": update_id, "message": message}


async def sign_in(env: Deployment, center_id: int, email: str) -> dict[str, str]:
    async with env.runtime.sessions.begin() as session:
        await create_staff(
            session, center_id=center_id, role=StaffRole.STAFF, email=email, password="0123456789",
            passwords=env.runtime.passwords, now=env.runtime.clock.now(),
        )  # fmt: skip
    token = await env.http.post("/api/v1/auth/token", data={"username": email, "password": "0123456789"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def test_a_photo_sent_in_a_thread_is_downloaded_by_staff_and_audited(
    database_url: str, clock: FixedClock
) -> None:
    # During opening hours ("talk to a person" out of hours offers a call-back instead of a thread).
    async with deployment(database_url, clock=clock) as env:
        env.telegram.files["PHOTO-1"] = PHOTO
        await env.post_update(text_update(1, "Hello", chat_id=CHAT))
        await env.post_update(text_update(2, "6", chat_id=CHAT))  # talk to a person: the case is a thread
        await env.post_update(photo_update(3, "PHOTO-1"))
        thira = env.runtime.center_ids["thira"]
        headers = await sign_in(env, thira, "sw@thira.gr")
        (case,) = (await env.http.get("/api/v1/cases", headers=headers)).json()["items"]
        detail = (await env.http.get(f"/api/v1/cases/{case['id']}", headers=headers)).json()
        assert [attachment["kind"] for attachment in detail["attachments"]] == ["photo"]

        download = await env.http.get(f"/api/v1/cases/{case['id']}/attachments/1", headers=headers)
        assert download.status_code == 200 and download.content == PHOTO
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.headers["content-type"] == "application/octet-stream"
        async with env.runtime.sessions() as session:
            actions = (await session.scalars(sa.select(AuditEvent.action))).all()
        assert "case.attachment" in actions

        missing = await env.http.get(f"/api/v1/cases/{case['id']}/attachments/2", headers=headers)
        assert missing.status_code == 404
        stranger = await sign_in(env, env.runtime.center_ids["palamas"], "sw@palamas.gr")
        elsewhere = await env.http.get(f"/api/v1/cases/{case['id']}/attachments/1", headers=stranger)
        assert elsewhere.status_code == 404
        env.telegram.files.clear()  # Telegram no longer has it
        gone = await env.http.get(f"/api/v1/cases/{case['id']}/attachments/1", headers=headers)
        assert gone.status_code == 502
