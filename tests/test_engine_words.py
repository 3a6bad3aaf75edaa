"""Two small engine features booking needs: free words at a Choose node, prompts that show text slots."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot import engine
from bot.engine import Act, ActResult, Choose, End, Flow, FlowState, Option, Reply, Words
from bot.flows import FLOWS
from bot.flows.check import check_flows
from bot.flows.validate import FlowError
from bot.outbound import Text

TIMES = Flow.of(
    "times",
    Choose(
        "time",
        Text("{booking}? Or write a day"),
        options=(Option("t1", Text("Tue 10:00"), next="done"),),
        words=Words("day", "when", "narrow"),
    ),
    Act("narrow", "narrow", next="time"),
    End("done"),
)


@dataclass
class Host:
    def flow(self, name: str) -> Flow:
        return TIMES

    def options(self, name: str, state: FlowState) -> tuple[Option, ...]:
        raise KeyError(name)

    def match(self, reply: Reply, options: tuple[Option, ...]) -> Option | None:
        wanted = reply.button or ("t1" if reply.text == "1" else reply.text)
        return next((option for option in options if option.key == wanted), None)

    def check(self, name: str, text: str) -> str | None:
        return "tuesday" if "tuesday" in text.lower() else None

    async def act(self, name: str, state: FlowState) -> ActResult:
        return ActResult(slots={"booking": f"Times on {state.slots['when']}"})


async def test_words_lead_to_their_node_and_numbers_stay_options() -> None:
    waiting = FlowState("times", "time", {"booking": "Tue 10:00"})
    narrowed = await engine.resume(waiting, Reply("Tuesday morning"), Host())
    assert narrowed.state.slots["when"] == "tuesday" and narrowed.state.node == "time"
    assert narrowed.messages[0].parts[0].params["booking"] == Text.verbatim("Times on tuesday")
    picked = await engine.resume(waiting, Reply("1"), Host())
    assert picked.state.flow is None and "when" not in picked.state.slots
    pressed = await engine.resume(waiting, Reply("Tuesday", button="t1"), Host())
    assert pressed.state.flow is None
    missed = await engine.resume(waiting, Reply("whenever"), Host())
    assert not missed.understood


def test_a_prompt_shows_a_text_slot_again_when_asked_again() -> None:
    (message,) = engine.prompt(FlowState("times", "time", {"booking": "Tue 10:00"}), Host())
    assert message.parts[0].params == {"booking": Text.verbatim("Tue 10:00")}


def test_an_unknown_words_check_is_refused() -> None:
    flow = Flow.of(
        "x",
        Choose("a", Text("?"), options=(Option("k", Text("K"), next="b"),), words=Words("nope", "s", "b")),
        End("b"),
    )
    with pytest.raises(FlowError, match=r"x\.a: unknown check 'nope'"):
        check_flows({**FLOWS, "x": flow})
