"""Deciding the answer to one message: STOP first, then crisis, global keywords, media, then the flow."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot import engine
from bot.actions.cases import open_crisis_case
from bot.actions.casework import expected_answer
from bot.conversation.center_info import center_name
from bot.conversation.helplines import crisis_message
from bot.conversation.job_replies import job_choice
from bot.conversation.turn import Turn
from bot.engine import FlowState, Reply, Step
from bot.flows.menu import MAIN_MENU
from bot.inbound import InboundEvent
from bot.outbound import N_, Outbound, Text
from bot.understanding.crisis import CrisisKind, assess_crisis, detect_crisis
from bot.understanding.intents import GREETING, guess_intent
from bot.understanding.keywords import Command, detect_command
from bot.understanding.language import detect_language
from storage.cases import attach_file, find_recent_open_case
from storage.citizens import set_opt_out
from storage.enums import CaseSource, InboundKind, Language
from storage.models import Case
from storage.threads import add_citizen_message, find_open_thread, leave_threads

IDLE_RESET = timedelta(hours=24)
# After this long, an answer that does not fit the pending question gets a reminder, not a "wrong".
IDLE_PAUSE = timedelta(hours=2)
HISTORY_DEPTH = 10
COMMAND_FLOWS = {
    Command.MENU: "menu",
    Command.LANGUAGE: "language",
    Command.AGENT: "agent",
    Command.DELETE: "delete",
    Command.INFO: "info",
}
# A main-menu word written when no question is pending opens that option's flow.
MENU_FLOWS = {key: flow for key, _label, flow in MAIN_MENU}
HELP_TEXT = N_(
    "Reply with the number of an option. Words that work at any time: MENU, BACK, LANGUAGE, "
    "AGENT (a person), INFO, DELETE (erase your data), STOP (no more messages)."
)


def current_state(turn: Turn) -> FlowState:
    """The conversation's stored state."""
    conversation = turn.conversation
    return FlowState(conversation.flow, conversation.node, dict(conversation.slots), conversation.misses)


async def answer(turn: Turn, event: InboundEvent) -> list[Outbound]:
    """The messages to send back for one inbound message; updates the conversation in place."""
    if event.kind in (InboundKind.BLOCKED, InboundKind.UNBLOCKED):
        turn.identity.unreachable_at = turn.now if event.kind is InboundKind.BLOCKED else None
        turn.identity.unreachable_reason = "blocked" if event.kind is InboundKind.BLOCKED else None
        return []
    command = detect_command(event.text) if event.text and event.button is None else None
    crisis = detect_crisis(event.text) if event.text else None
    opted_out = turn.identity.opted_out_at is not None
    if command is Command.STOP:
        await set_opt_out(turn.session, identity=turn.identity, opted_out=True, now=turn.now)
        _save(turn, FlowState())
        return [
            Outbound.say(
                N_("You will receive no more messages from us. Write START to receive messages again.")
            )
        ]
    if opted_out and command is not Command.START and crisis is None:
        # Opted out: stay silent unless the citizen opts back in or writes about a crisis.
        return []
    if command is Command.START and opted_out:
        await set_opt_out(turn.session, identity=turn.identity, opted_out=False, now=turn.now)
    state = _fresh_state(turn)
    messages: list[Outbound] = []
    if crisis is not None:
        if not turn.citizen.locale_confirmed:
            # The detector weighs the whole message; the crisis phrase's language is the fallback
            # (a word such as "suicide" belongs to several languages).
            turn.citizen.locale = detect_language(event.text) or Language(crisis.language)
        await open_crisis_case(turn, crisis.kind, event.text)
        messages.append(crisis_message(crisis.kind))
        if turn.citizen.privacy_notice_at is not None:
            messages.extend(engine.prompt(state, turn))
            return messages
    elif event.text and command is None and event.button is None and not state.waiting:
        # Only outside a question of ours: an answer to "describe what you need" or "which phone" is read by
        # the lexicon's alarm alone, so the recall layer's guesses never break into a flow.
        unsure = assess_crisis(event.text)
        if unsure.certainty == "unsure" and unsure.kind is not None:
            return await _ask_if_safe(turn, event, unsure.kind, messages)
    step = await _step(turn, state, event, command, crisis_answered=crisis is not None)
    messages.extend(step.messages)
    _save(turn, step.state)
    return messages


async def _ask_if_safe(
    turn: Turn, event: InboundEvent, kind: CrisisKind, messages: list[Outbound]
) -> list[Outbound]:
    """Words that may speak of a crisis: the helplines at once, then one tap "Are you safe right now?"."""
    if not turn.citizen.locale_confirmed:
        turn.citizen.locale = detect_language(event.text) or turn.citizen.locale
    if turn.citizen.privacy_notice_at is None:
        turn.citizen.privacy_notice_at = turn.now  # the helplines come before any greeting
    messages.append(crisis_message(kind, staff_told=False))  # no case yet: only if they are not safe
    step = await engine.start("safety", turn, {"crisis_kind": kind.value, "crisis_text": event.text[:2000]})
    messages.extend(step.messages)
    _save(turn, step.state)
    return messages


def _fresh_state(turn: Turn) -> FlowState:
    conversation = turn.conversation
    if conversation.expires_at is not None and conversation.expires_at <= turn.now:
        return FlowState()
    return current_state(turn)


async def _step(
    turn: Turn,
    state: FlowState,
    event: InboundEvent,
    command: Command | None,
    *,
    crisis_answered: bool = False,
) -> Step:
    # An answer to a reminder or a visit change comes first: staff may have booked a citizen who never wrote.
    key = None if command is not None else await job_choice(turn, event)
    if key is not None:
        return await _job_reply(turn, state, key)
    if turn.citizen.privacy_notice_at is None and not state.waiting:
        # A first message that was a crisis has its case and helplines: it is not also a question to route.
        first_text = "" if command is not None or crisis_answered else event.text
        return await engine.start("welcome", turn, {"first_text": first_text})
    if command is not None:
        return await _command(turn, state, command)
    if event.kind is InboundKind.VOICE:
        step = await engine.start("agent", turn, node="voice_offer")
        intro = Outbound.say(
            N_("Sorry, we cannot listen to voice messages. Please write to us, or we can call you back.")
        )
        return replace(step, messages=(intro, *step.messages))
    if event.kind in (InboundKind.PHOTO, InboundKind.DOCUMENT):
        return await _attachment(turn, state, event)
    if event.kind is InboundKind.EDITED:
        note = Outbound.say(N_("We cannot read changes to a message. Please send a new message instead."))
        return Step(state, (note, *engine.prompt(state, turn)))
    if event.kind is InboundKind.CONTACT and event.payload.get("phone_number"):
        event = replace(event, text=str(event.payload["phone_number"]))
    if not event.text.strip() and event.button is None:
        return await engine.start("menu", turn)
    thread = None
    if event.button is None:
        thread = await find_open_thread(turn.session, citizen_id=turn.citizen.id, now=turn.now)
    if state.waiting:
        return await _resume(turn, state, Reply(event.text, event.button), thread)
    if thread is not None and guess_intent(event.text) not in MENU_FLOWS:
        return await _to_thread(turn, state, thread)
    if turn.conversation.flow is not None:
        # The conversation expired mid-way (a day without answer): start over, kindly.
        step = await _at_rest(turn, event, apologise=False)
        welcome = Text(
            N_("Welcome back to the {center}."), {"center": center_name(turn.center, turn.language)}
        )
        return replace(step, messages=(Outbound((welcome,)), *step.messages))
    return await _at_rest(turn, event)


async def _job_reply(turn: Turn, state: FlowState, key: str) -> Step:
    """Answer a job's choice; a question the conversation was waiting at is asked again afterwards."""
    step = await engine.start("replies", turn, {"reply": key})
    # The main menu is not a question worth repeating: the answer ends the exchange.
    if state.waiting and state.flow != "menu" and not step.state.waiting:
        return Step(state, (*step.messages, *engine.prompt(state, turn)))
    return step


async def _resume(turn: Turn, state: FlowState, reply: Reply, thread: Case | None = None) -> Step:
    step = await engine.resume(state, reply, turn)
    if not step.understood and thread is not None:
        # Not an answer to our question: most likely words for the person handling the case.
        return await _to_thread(turn, state, thread)
    paused = turn.now - turn.conversation.updated_at >= IDLE_PAUSE
    if not step.understood and paused:
        reminder = Outbound.say(N_("Welcome back. We were asking you:"))
        return Step(state, (reminder, *engine.prompt(state, turn)))
    if not step.understood and step.state.misses >= engine.MAX_MISSES:
        return await engine.start("agent", turn, node="offer")
    if step.understood and state.waiting and (step.state.flow, step.state.node) != (state.flow, state.node):
        _push_history(turn, state)
    return step


async def _at_rest(turn: Turn, event: InboundEvent, *, apologise: bool = True) -> Step:
    intent = guess_intent(event.text)
    if intent in MENU_FLOWS:
        return await engine.start(MENU_FLOWS[intent], turn)
    step = await engine.start("menu", turn)
    if intent == GREETING or not apologise:
        return step
    hint = Outbound.say(N_("Sorry, I did not understand. Here is what I can do:"))
    return replace(step, messages=(hint, *step.messages))


async def _to_thread(turn: Turn, state: FlowState, case: Case) -> Step:
    """The citizen's words join their case for staff; they hear so at most once an hour, and get no menu."""
    if not add_citizen_message(case, now=turn.now):
        return Step(state, ())
    thanks = Text(
        N_("Thank you, your message reached our team ({reference})."), {"reference": case.reference}
    )
    return Step(state, (Outbound((thanks, await expected_answer(turn, case))),))


async def _command(turn: Turn, state: FlowState, command: Command) -> Step:
    if command is Command.MENU:
        await leave_threads(turn.session, citizen_id=turn.citizen.id, now=turn.now)
    if command in COMMAND_FLOWS:
        return await engine.start(COMMAND_FLOWS[command], turn)
    if command is Command.START:
        return await engine.start("welcome", turn, node="greet")
    if command is Command.BACK:
        return _back(turn, state)
    if command is Command.MORE:
        # Nothing is held back (the dispatcher sends waiting pages itself): ask the question again.
        if state.waiting:
            return Step(state, engine.prompt(state, turn))
        return await engine.start("menu", turn)
    return Step(state, (Outbound.say(HELP_TEXT), *engine.prompt(state, turn)))


def _back(turn: Turn, state: FlowState) -> Step:
    history = list(turn.conversation.history)
    if not history:
        return Step(state, engine.prompt(state, turn) or (Outbound.say(N_("You are already at the start.")),))
    flow, node = history.pop()
    turn.conversation.history = history
    previous = FlowState(flow, node, state.slots, 0)
    return Step(previous, engine.prompt(previous, turn))


async def _attachment(turn: Turn, state: FlowState, event: InboundEvent) -> Step:
    case = await find_open_thread(
        turn.session, citizen_id=turn.citizen.id, now=turn.now
    ) or await find_recent_open_case(
        turn.session,
        citizen_id=turn.citizen.id,
        now=turn.now,
        sources=(CaseSource.REQUEST, CaseSource.HOME_VISIT, CaseSource.CRISIS),
    )
    if case is None:
        note = Outbound.say(
            N_(
                'Thank you. To send us documents, first leave a request ("I need help" in the menu), then send them.'
            )
        )
        return Step(state, (note, *engine.prompt(state, turn)))
    await attach_file(
        turn.session, case=case, inbound_id=turn.inbound_id, kind=event.kind.value,
        provider_file_id=str(event.payload.get("file_id", "")), now=turn.now,
        file_name=event.payload.get("file_name"), mime_type=event.payload.get("mime_type"),
        size_bytes=event.payload.get("file_size"),
    )  # fmt: skip
    thanks = Text(N_("Thank you, we added your file to request {reference}."), {"reference": case.reference})
    return Step(state, (Outbound((thanks,)), *engine.prompt(state, turn)))


def _push_history(turn: Turn, state: FlowState) -> None:
    history = [*turn.conversation.history, [state.flow, state.node]]
    turn.conversation.history = history[-HISTORY_DEPTH:]


def _save(turn: Turn, state: FlowState) -> None:
    conversation = turn.conversation
    if not state.waiting:
        conversation.history = []
    conversation.flow, conversation.node = state.flow, state.node
    conversation.slots = dict(state.slots)
    conversation.misses = state.misses
    conversation.updated_at = turn.now
    conversation.expires_at = turn.now + IDLE_RESET
