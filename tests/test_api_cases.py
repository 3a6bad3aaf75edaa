"""The case queue through the staff API: order, filters, paging, detail, changes, replies, referrals."""

from __future__ import annotations

from datetime import timedelta

from frontdesk.clock import FixedClock
from storage.enums import OutboxStatus, StaffRole
from storage.models import OutboxMessage
from tests.api_env import Api, api_app
from tests.conversation import Citizen


async def make_request(
    api: Api, address: str, *, situation: str = "5", center: str = "thira", consent: str = "1"
) -> None:
    citizen = Citizen(api.runtime, address=address, center=center)
    for answer in ("Hello", "2", "2", "1", f"no food this week ({address})", situation, "1", consent):
        await citizen.send(answer)


async def test_queue_is_most_urgent_first_then_oldest(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await make_request(api, "+306900000001")
        clock.advance(timedelta(minutes=5))
        await make_request(api, "+306900000002", situation="1")  # no place to sleep: high
        clock.advance(timedelta(minutes=5))
        await Citizen(api.runtime, address="+306900000003").send("I want to kill myself")  # urgent
        clock.advance(timedelta(minutes=5))
        await make_request(api, "+306900000004")
        page = (await api.http.get("/api/v1/cases", headers=api.auth())).json()
        assert [item["priority"] for item in page["items"]] == ["urgent", "high", "normal", "normal"]
        normal = [item for item in page["items"] if item["priority"] == "normal"]
        assert normal[0]["created_at"] < normal[1]["created_at"]
        first = page["items"][0]
        assert (
            first["center"] == "thira"
            and first["citizen"]["channel"] == "sms"
            and first["citizen"]["address"] == "+306900000003"
        )
        assert {"id", "status", "category", "language", "summary", "created_at"} <= set(first)


async def test_filters_and_cursor_pages(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        for n in range(5):
            await make_request(api, f"+30690000001{n}")
            clock.advance(timedelta(minutes=1))
        seen: list[int] = []
        cursor = None
        while True:
            params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
            page = (await api.http.get("/api/v1/cases", params=params, headers=api.auth())).json()
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 5
        assert (
            await api.http.get("/api/v1/cases", params={"category": "housing"}, headers=api.auth())
        ).json()["items"] == []
        found = (
            await api.http.get("/api/v1/cases", params={"q": "+306900000012"}, headers=api.auth())
        ).json()["items"]
        assert len(found) == 1
        assert (
            await api.http.get("/api/v1/cases", params={"cursor": "garbage!"}, headers=api.auth())
        ).status_code == 400
        assert (
            await api.http.get("/api/v1/cases", params={"status": "bogus"}, headers=api.auth())
        ).status_code == 422


async def test_case_detail_change_note_reply_and_referral(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await make_request(api, "+306900000021")
        case_id = (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"][0]["id"]
        detail = (await api.http.get(f"/api/v1/cases/{case_id}", headers=api.auth())).json()
        assert detail["answers"]["category"] == "food_aid" and detail["consent_share"] is True
        assert [entry["direction"] for entry in detail["transcript"]][:2] == ["in", "out"]
        claimed = (await api.http.post(f"/api/v1/cases/{case_id}/claim", headers=api.auth())).json()
        assert (
            claimed["status"] == "in_progress"
            and claimed["assignee_id"] == api.staff_ids[("thira", StaffRole.STAFF)]
        )
        assert (
            await api.http.post(
                f"/api/v1/cases/{case_id}/notes", json={"body": "Called the school."}, headers=api.auth()
            )
        ).status_code == 201
        reply = await api.http.post(
            f"/api/v1/cases/{case_id}/replies", json={"text": "Ελάτε αύριο στις 10:00."}, headers=api.auth()
        )
        assert reply.status_code == 202
        async with api.runtime.sessions() as session:
            row = await session.get_one(OutboxMessage, reply.json()["outbox_ids"][0])
            assert (
                row.to_address == "+306900000021"
                and row.status is OutboxStatus.PENDING
                and row.case_id == case_id
            )
        referral = await api.http.post(
            f"/api/v1/cases/{case_id}/referrals",
            json={"agency": "efka_opeka", "reason": "Child benefit"},
            headers=api.auth(),
        )
        assert referral.status_code == 201 and referral.json()["consent_snapshot"]["consent_share"] is True
        referral_id = referral.json()["id"]
        rejected = await api.http.patch(
            f"/api/v1/referrals/{referral_id}", json={"status": "rejected"}, headers=api.auth()
        )
        assert rejected.status_code == 422
        done = await api.http.patch(
            f"/api/v1/referrals/{referral_id}",
            json={"status": "done", "outcome": "Benefit granted"},
            headers=api.auth(),
        )
        assert done.json()["status"] == "done"
        slip = await api.http.get(f"/api/v1/referrals/{referral_id}/slip", headers=api.auth())
        assert slip.status_code == 200 and "ΕΦΚΑ / ΟΠΕΚΑ" in slip.text and detail["reference"] in slip.text
        sent = await api.http.post(f"/api/v1/referrals/{referral_id}/send", headers=api.auth())
        assert sent.status_code == 202
        detail = (await api.http.get(f"/api/v1/cases/{case_id}", headers=api.auth())).json()
        assert (
            "EΦKA / OΠEKA" in detail["transcript"][-1]["text"]
            and detail["reference"] in detail["transcript"][-1]["text"]
        )
        assert detail["status"] == "referred" and detail["notes"][0]["body"] == "Called the school."
        assert detail["first_response_at"] is not None
        assert detail["transcript"][-1] == {**detail["transcript"][-1], "by_staff": True, "status": "pending"}


async def test_referral_needs_consent(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        await make_request(api, "+306900000031", consent="2")
        case_id = (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"][0]["id"]
        refused = await api.http.post(
            f"/api/v1/cases/{case_id}/referrals",
            json={"agency": "dypa", "reason": "work"},
            headers=api.auth(),
        )
        assert refused.status_code == 409


async def test_assignee_must_be_a_colleague_and_unknown_fields_are_refused(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        await make_request(api, "+306900000041")
        case_id = (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"][0]["id"]
        other_center_staff = api.staff_ids[("palamas", StaffRole.STAFF)]
        assert (
            await api.http.patch(
                f"/api/v1/cases/{case_id}", json={"assignee_id": other_center_staff}, headers=api.auth()
            )
        ).status_code == 422
        assert (
            await api.http.patch(f"/api/v1/cases/{case_id}", json={"center_id": 4}, headers=api.auth())
        ).status_code == 422
        closed = await api.http.patch(
            f"/api/v1/cases/{case_id}", json={"status": "closed", "priority": "low"}, headers=api.auth()
        )
        assert closed.json()["status"] == "closed" and closed.json()["priority"] == "low"
