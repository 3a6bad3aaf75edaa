"""A small interpreter over declarative flows: ``start`` and ``resume`` return new state and messages.

The engine decides nothing about storage or channels; the host (``bot.conversation.dispatcher``) performs actions,
resolves dynamic options and understands free text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from bot.outbound import N_, Choice, Outbound, Text

MAX_MISSES = 3
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A flow that loops without waiting for the citizen is a bug; stop it rather than spin.
MAX_STEPS = 50


@dataclass(frozen=True)
class Option:
    """An answer to a Choose node: key, label, where it leads and other words that mean it."""

    key: str
    label: Text
    next: str | None = None
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Say:
    """Send a message and go on."""

    id: str
    text: Text | tuple[Text, ...]
    next: str


@dataclass(frozen=True)
class Words:
    """Free words a Choose node also takes (e.g. "Tuesday morning"): a named check turns them into a value."""

    check: str
    slot: str
    next: str


@dataclass(frozen=True)
class Choose:
    """Ask the citizen to pick an option; store its key in ``slot``."""

    id: str
    prompt: Text
    options: tuple[Option, ...] = ()
    # Name of a host-provided list of options (languages, areas …) used instead of ``options``.
    options_from: str | None = None
    slot: str | None = None
    next: str | None = None
    words: Words | None = None


@dataclass(frozen=True)
class Ask:
    """Ask for free text; a named check may refuse it or normalise it."""

    id: str
    prompt: Text
    slot: str
    next: str
    check: str | None = None
    retry: Text | None = None


@dataclass(frozen=True)
class Act:
    """Run a named action; its outcome picks the next node."""

    id: str
    action: str
    next: str | Mapping[str, str]


@dataclass(frozen=True)
class Goto:
    """Continue in another flow (at its start or a named node)."""

    id: str
    flow: str
    node: str | None = None


@dataclass(frozen=True)
class End:
    """The flow is over; the conversation rests until the citizen writes again."""

    id: str


Node = Say | Choose | Ask | Act | Goto | End
WAITING = (Choose, Ask)


@dataclass(frozen=True)
class Flow:
    """A conversation: nodes by id and the node it starts at."""

    name: str
    start: str
    nodes: Mapping[str, Node]

    @classmethod
    def of(cls, name: str, *nodes: Node) -> Flow:
        """A flow starting at its first node."""
        return cls(name, nodes[0].id, {node.id: node for node in nodes})


@dataclass(frozen=True)
class FlowState:
    """Where a conversation is: flow, node, answers so far and wrong answers in a row."""

    flow: str | None = None
    node: str | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    misses: int = 0

    @property
    def waiting(self) -> bool:
        """True when the conversation waits for the citizen's answer."""
        return self.flow is not None and self.node is not None


@dataclass(frozen=True)
class ActResult:
    """What an action reports: an outcome, slots to set and messages to send."""

    outcome: str = "ok"
    slots: Mapping[str, Any] = field(default_factory=dict)
    messages: Sequence[Outbound] = ()


@dataclass(frozen=True)
class Reply:
    """The citizen's answer: free text and/or the key of a pressed button."""

    text: str = ""
    button: str | None = None


@dataclass(frozen=True)
class Step:
    """The result of starting or resuming: the new state, messages, and whether the input was understood."""

    state: FlowState
    messages: tuple[Outbound, ...]
    understood: bool = True


class Host(Protocol):
    """What the engine needs from the outside world."""

    def flow(self, name: str) -> Flow:
        """The flow with this name."""
        ...

    def options(self, name: str, state: FlowState) -> tuple[Option, ...]:
        """A dynamic option list."""
        ...

    def match(self, reply: Reply, options: tuple[Option, ...]) -> Option | None:
        """The option a reply means, if any."""
        ...

    def check(self, name: str, text: str) -> str | None:
        """The normalised value of a free-text answer, or None when it is not acceptable."""
        ...

    async def act(self, name: str, state: FlowState) -> ActResult:
        """Perform a named action."""
        ...


async def start(
    flow_name: str, host: Host, slots: Mapping[str, Any] | None = None, node: str | None = None
) -> Step:
    """Enter a flow at its start (or ``node``) and run until it waits for the citizen or ends."""
    flow = host.flow(flow_name)
    state = FlowState(flow_name, node or flow.start, dict(slots or {}), 0)
    return await _run(state, host, [])


async def resume(state: FlowState, reply: Reply, host: Host) -> Step:
    """Apply the citizen's reply to the node the conversation waits at, then run on."""
    if not state.waiting:
        raise ValueError("the conversation is not waiting for an answer")
    assert state.flow is not None and state.node is not None
    node = host.flow(state.flow).nodes[state.node]
    if isinstance(node, Choose):
        words = _words(node, reply, host)
        if words is not None and node.words is not None:
            slots = {**state.slots, node.words.slot: words}
            return await _run(FlowState(state.flow, node.words.next, slots, 0), host, [])
        options = _options(node, state, host)
        picked = host.match(reply, options)
        if picked is None:
            return _missed(state, node, host)
        slots = {**state.slots, node.slot: picked.key} if node.slot else dict(state.slots)
        target = picked.next or node.next
        if target is None:
            raise ValueError(f"{state.flow}.{node.id}: option {picked.key} leads nowhere")
        return await _run(FlowState(state.flow, target, slots, 0), host, [])
    if isinstance(node, Ask):
        value = host.check(node.check, reply.text) if node.check else (reply.text.strip() or None)
        if value is None:
            return _missed(state, node, host)
        return await _run(FlowState(state.flow, node.next, {**state.slots, node.slot: value}, 0), host, [])
    raise ValueError(f"{state.flow}.{state.node} does not wait for an answer")


def prompt(state: FlowState, host: Host) -> tuple[Outbound, ...]:
    """The question the conversation waits at, asked again (after an interruption or a pause)."""
    if not state.waiting:
        return ()
    assert state.flow is not None and state.node is not None
    node = host.flow(state.flow).nodes[state.node]
    if isinstance(node, Choose):
        return (_choose_message(node, state, host),)
    if isinstance(node, Ask):
        return (Outbound((_filled(node.prompt, state),)),)
    return ()


def _words(node: Choose, reply: Reply, host: Host) -> str | None:
    """The value of free words the node takes; a number or a button is always an option."""
    if node.words is None or reply.button is not None or not reply.text.strip():
        return None
    return host.check(node.words.check, reply.text)


def _filled(text: Text, state: FlowState) -> Text:
    """A prompt whose placeholders naming text slots show those slots (e.g. the time about to be booked)."""
    names = [
        name
        for name in _PLACEHOLDER.findall(text.msgid)
        if name not in text.params and isinstance(state.slots.get(name), str)
    ]
    if not names:
        return text
    return replace(text, params={**text.params, **{name: Text.verbatim(state.slots[name]) for name in names}})


def _missed(state: FlowState, node: Choose | Ask, host: Host) -> Step:
    misses = state.misses + 1
    hint = (
        node.retry
        if isinstance(node, Ask) and node.retry
        else Text(_HINT_CHOOSE if isinstance(node, Choose) else _HINT_ASK)
    )
    question = prompt(state, host)
    messages = (Outbound((hint,)).merged_with(question[0]),) if question else (Outbound((hint,)),)
    return Step(replace(state, misses=misses), messages, understood=False)


_HINT_CHOOSE = N_("Sorry, I did not understand. Please reply with the number of an option.")
_HINT_ASK = N_("Sorry, I did not understand that answer. Please try again.")


def _options(node: Choose, state: FlowState, host: Host) -> tuple[Option, ...]:
    return host.options(node.options_from, state) if node.options_from else node.options


def _choose_message(node: Choose, state: FlowState, host: Host) -> Outbound:
    options = _options(node, state, host)
    choices = tuple(Choice(option.key, option.label) for option in options)
    return Outbound((_filled(node.prompt, state),), choices)


async def _run(state: FlowState, host: Host, messages: list[Outbound]) -> Step:
    for _ in range(MAX_STEPS):
        assert state.flow is not None and state.node is not None
        node = host.flow(state.flow).nodes[state.node]
        if isinstance(node, Say):
            parts = node.text if isinstance(node.text, tuple) else (node.text,)
            messages.append(Outbound(parts))
            state = replace(state, node=node.next)
        elif isinstance(node, Choose):
            messages.append(_choose_message(node, state, host))
            return Step(state, tuple(messages))
        elif isinstance(node, Ask):
            messages.append(Outbound((_filled(node.prompt, state),)))
            return Step(state, tuple(messages))
        elif isinstance(node, Act):
            result = await host.act(node.action, state)
            messages.extend(result.messages)
            target = node.next if isinstance(node.next, str) else node.next.get(result.outcome)
            if target is None:
                raise ValueError(f"{state.flow}.{node.id}: no route for outcome {result.outcome!r}")
            state = FlowState(state.flow, target, {**state.slots, **result.slots}, 0)
        elif isinstance(node, Goto):
            target_flow = host.flow(node.flow)
            state = FlowState(node.flow, node.node or target_flow.start, dict(state.slots), 0)
        else:
            return Step(FlowState(None, None, dict(state.slots), 0), tuple(messages))
    raise RuntimeError(f"flow {state.flow} ran {MAX_STEPS} steps without waiting for the citizen")
