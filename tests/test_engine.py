"""The flow engine on its own, with a tiny host: start, resume, misses, actions, gotos."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot import engine
from bot.engine import Act, ActResult, Ask, Choose, End, Flow, FlowState, Goto, Option, Reply, Say
from bot.outbound import Outbound, Text

GREETING = Flow.of(
    "greet",
    Say("hello", Text("Hello"), next="name"),
    Ask("name", Text("Your name?"), slot="name", next="save", check="name"),
    Act("save", "save", next={"ok": "pick", "again": "name"}),
    Choose(
        "pick",
        Text("Pick one"),
        options=(Option("a", Text("Apple"), next="done"), Option("b", Text("Banana"), next="other")),
    ),
    Goto("other", "second"),
    End("done"),
)
SECOND = Flow.of("second", Say("bye", Text("Bye"), next="end"), End("end"))
LOOP = Flow.of("loop", Goto("again", "loop"))


@dataclass
class FakeHost:
    saved: list[str] = field(default_factory=list)
    outcome: str = "ok"

    def flow(self, name: str) -> Flow:
        return {"greet": GREETING, "second": SECOND, "loop": LOOP}[name]

    def options(self, name: str, state: FlowState) -> tuple[Option, ...]:
        raise KeyError(name)

    def match(self, reply: Reply, options: tuple[Option, ...]) -> Option | None:
        return next((option for option in options if option.key == reply.text.lower()), None)

    def check(self, name: str, text: str) -> str | None:
        return text.strip().title() if text.strip() else None

    async def act(self, name: str, state: FlowState) -> ActResult:
        self.saved.append(str(state.slots["name"]))
        return ActResult(
            self.outcome, {"saved": True}, (Outbound.say("Saved {name}", name=str(state.slots["name"])),)
        )


def texts(messages: tuple[Outbound, ...]) -> list[str]:
    return [part.msgid for message in messages for part in message.parts]


async def test_start_runs_until_the_first_question() -> None:
    step = await engine.start("greet", FakeHost())
    assert texts(step.messages) == ["Hello", "Your name?"]
    assert (step.state.flow, step.state.node) == ("greet", "name")


async def test_answers_fill_slots_run_actions_and_offer_choices() -> None:
    host = FakeHost()
    step = await engine.resume(FlowState("greet", "name"), Reply("  maria "), host)
    assert host.saved == ["Maria"]
    assert texts(step.messages) == ["Saved {name}", "Pick one"]
    assert [choice.key for choice in step.messages[-1].choices] == ["a", "b"]
    assert step.state.slots == {"name": "Maria", "saved": True}


async def test_choice_leads_through_goto_into_another_flow_and_ends() -> None:
    step = await engine.resume(FlowState("greet", "pick", {"name": "M"}), Reply("b"), FakeHost())
    assert texts(step.messages) == ["Bye"]
    assert not step.state.waiting


async def test_wrong_answer_counts_a_miss_and_asks_again() -> None:
    state = FlowState("greet", "pick", {}, misses=1)
    step = await engine.resume(state, Reply("cherry"), FakeHost())
    assert not step.understood
    assert step.state.misses == 2 and step.state.node == "pick"
    assert texts(step.messages)[-1] == "Pick one"
    assert [choice.key for choice in step.messages[-1].choices] == ["a", "b"]


async def test_action_outcome_routes() -> None:
    step = await engine.resume(FlowState("greet", "name"), Reply("x"), FakeHost(outcome="again"))
    assert step.state.node == "name"
    with pytest.raises(ValueError, match="no route for outcome"):
        await engine.resume(FlowState("greet", "name"), Reply("x"), FakeHost(outcome="surprise"))


async def test_a_flow_that_never_waits_is_stopped() -> None:
    with pytest.raises(RuntimeError, match="without waiting"):
        await engine.start("loop", FakeHost())


async def test_resume_refuses_a_conversation_at_rest() -> None:
    with pytest.raises(ValueError, match="not waiting"):
        await engine.resume(FlowState(), Reply("hi"), FakeHost())
