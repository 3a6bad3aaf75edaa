"""A case as a thread: the citizen's answers reach the case, staff see who waits for them."""

from __future__ import annotations

from datetime import timedelta

from frontdesk.clock import FixedClock
from storage.enums import StaffRole
from tests.api_env import Api, api_app
from tests.conversation import Citizen


async def _queue(api: Api, query: str = "") -> list[dict[str, object]]:
    response = await api.http.get(f"/api/v1/cases{query}", headers=api.auth())
    assert response.status_code == 200
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_the_citizens_answer_marks_the_case_and_reaches_its_transcript(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        citizen = Citizen(api.runtime, address="+306900000071")
        await citizen.send("Hello")
        await citizen.send("6")  # talk to a person
        (case,) = await _queue(api)
        assert await _queue(api, "?waiting=us") == []
        claimed = await api.http.post(f"/api/v1/cases/{case['id']}/claim", headers=api.auth())
        assert claimed.status_code == 200
        reply = {"text": "Hello, how can we help?"}
        assert (
            await api.http.post(f"/api/v1/cases/{case['id']}/replies", json=reply, headers=api.auth())
        ).status_code == 202

        clock.advance(timedelta(minutes=10))
        answer = await citizen.say("I cannot pay the rent this month")
        assert "reached our team" in answer and str(case["reference"]) in answer
        assert "Reply with" not in answer  # no menu
        clock.advance(timedelta(minutes=1))
        assert await citizen.say("and the electricity too") == ""  # one acknowledgement an hour

        (waiting,) = await _queue(api, "?waiting=us")
        assert waiting["id"] == case["id"] and waiting["unread"] == 2
        assert str(waiting["updated_at"]) > str(case["updated_at"])
        detail = (await api.http.get(f"/api/v1/cases/{case['id']}", headers=api.auth())).json()
        texts = [entry["text"] for entry in detail["transcript"] if entry["direction"] == "in"]
        assert "I cannot pay the rent this month" in texts and "and the electricity too" in texts
        (read,) = await _queue(api, "?waiting=us")
        assert read["unread"] == 0  # the assignee opened it; it still waits for an answer

        await api.http.post(
            f"/api/v1/cases/{case['id']}/replies", json={"text": "We will call you"}, headers=api.auth()
        )
        assert await _queue(api, "?waiting=us") == []


async def test_menu_leaves_the_thread_and_closing_the_case_ends_it(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        citizen = Citizen(api.runtime, address="+306900000072")
        await citizen.send("Hello")
        await citizen.send("6")
        assert "reached our team" in await citizen.say("are you there?")
        assert "Reply with a number" in await citizen.say("MENU")
        assert "did not understand" in await citizen.say("qwerty")  # the bot has the conversation again

        other = Citizen(api.runtime, address="+306900000073")
        await other.send("Hello")
        await other.send("6")
        (case,) = [item for item in await _queue(api) if item["citizen"]["address"] == other.address]  # type: ignore[index]
        closed = await api.http.patch(
            f"/api/v1/cases/{case['id']}",
            json={"status": "closed"},
            headers=api.auth(role=StaffRole.COORDINATOR),
        )
        assert closed.status_code == 200
        clock.advance(timedelta(hours=2))
        assert "reached our team" not in await other.say("hello again, anyone?")
