"""The first message counts: a question sent first is answered (or its flow begun), not met with a menu."""

from __future__ import annotations

import pytest

from frontdesk.runtime import Runtime
from storage.enums import Channel
from tests.conversation import Citizen


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Τι ώρες δουλεύει το κέντρο;", "Ωράριο λειτουργίας"),
        ("kalimera ti ores eiste anoixta?", "Ωράριο λειτουργίας"),
        ("ما هي أوقات الدوام لديكم", "08:00"),
        ("can I talk to a real person please", "staff"),
        ("where is your office?", "Address"),
        ("what documents do I need for the EEE?", "Please bring"),
    ],
)
async def test_a_question_sent_first_is_answered(runtime: Runtime, first: str, expected: str) -> None:
    answer = await Citizen(runtime, channel=Channel.TELEGRAM, address="777").say(first)
    assert expected in answer
    assert "Reply with a number" not in answer.split("\n")[0]  # not the menu first


async def test_a_food_request_skips_the_list_of_categories(runtime: Runtime) -> None:
    citizen = Citizen(runtime, channel=Channel.TELEGRAM, address="778")
    answer = await citizen.say("I need food for my family")
    assert "Who is it for?" in answer and "What is your request about?" not in answer


async def test_a_greeting_still_gets_the_menu(runtime: Runtime) -> None:
    answer = await Citizen(runtime, channel=Channel.TELEGRAM, address="779").say("Hello")
    assert "How can we help?" in answer


def _segments(transcript: str) -> int:
    return sum(int(line.split("(")[1].split()[0]) for line in transcript.splitlines() if " SMS, " in line)


@pytest.mark.parametrize(
    ("scenario", "budget"),
    [
        ("first_question_hours.el", 4),
        ("first_question_hours.en", 2),
        # A whole food-aid request from a cold start (25 and 15 segments before the first message counted).
        ("first_question_food_aid.el", 10),
        ("first_question_food_aid.en", 6),
    ],
)
def test_sms_cost_of_first_contacts(scenario: str, budget: int) -> None:
    from tests.test_golden import GOLDEN_DIR

    spent = _segments((GOLDEN_DIR / f"{scenario}.sms.txt").read_text(encoding="utf-8"))
    print(f"{scenario}: {spent} SMS segments")
    assert spent <= budget


async def test_words_that_may_speak_of_a_crisis_get_the_helplines_and_one_question(runtime: Runtime) -> None:
    citizen = Citizen(runtime, channel=Channel.SMS, address="+306900000981")
    answer = await citizen.say("I can't go on anymore")
    assert "1018" in answer or "10306" in answer  # the helplines, at once
    assert "Are you safe right now?" in answer
    assert await citizen.cases() == []  # no alarm yet: a person is called only if the citizen is not safe
    assert "call 112" in await citizen.say("2")
    (case,) = await citizen.cases()
    assert case.priority.value == "urgent"


async def test_a_citizen_who_is_safe_gets_thanks_and_no_case(runtime: Runtime) -> None:
    citizen = Citizen(runtime, channel=Channel.SMS, address="+306900000982")
    await citizen.say("I can't go on anymore")
    assert "day and night" in await citizen.say("1")
    assert await citizen.cases() == []


async def test_an_idiom_is_not_a_crisis(runtime: Runtime) -> None:
    answer = await Citizen(runtime, channel=Channel.TELEGRAM, address="780").say(
        "I am in danger of missing the deadline for the housing allowance"
    )
    assert "112" not in answer and "Are you safe" not in answer
