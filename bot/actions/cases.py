"""Opening cases from conversations: requests, appointments, talking to a person, crises."""

from __future__ import annotations

from dataclasses import replace

from bot.actions.casework import confirmation, open_case
from bot.conversation.center_info import calendar_of, open_status
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound, Text
from bot.understanding.crisis import CrisisKind
from storage.cases import NewCase
from storage.enums import CaseCategory, CasePriority, CaseSource, ContactPreference, ForWhom
from storage.models import Case

URGENT_SITUATIONS = frozenset({"homeless", "child_risk"})
FLAGGED_SITUATIONS = frozenset({"disability", "eee"})


def _priority(situation: str | None, category: CaseCategory) -> CasePriority:
    if category is CaseCategory.VIOLENCE or situation in URGENT_SITUATIONS:
        return CasePriority.HIGH
    return CasePriority.NORMAL


async def open_request_case(turn: Turn, state: FlowState) -> ActResult:
    """The request flow's answers become a case."""
    slots = state.slots
    category = CaseCategory(slots["category"])
    situation = slots.get("situation")
    phone = slots.get("phone") if slots.get("contact") == "phone_call" else None
    new = NewCase(
        category=category,
        priority=_priority(situation, category),
        source=CaseSource.REQUEST,
        summary=str(slots["description"])[:300],
        description=str(slots["description"]),
        answers={
            key: slots[key]
            for key in ("category", "for_whom", "situation", "contact", "consent")
            if key in slots
        },
        for_whom=ForWhom(slots["for_whom"]),
        contact_preference=ContactPreference.PHONE_CALL if phone else ContactPreference.CHAT,
        contact_phone=phone,
        consent_share=slots.get("consent") == "yes",
    )
    if situation in FLAGGED_SITUATIONS:
        new.answers["flag"] = situation
    case = await open_case(turn, new)
    receipt = await confirmation(turn, case, N_("Thank you. We have registered your request."))
    menu_hint = Outbound.say(N_("To see the menu, write MENU."))
    return replace(receipt, messages=(*receipt.messages, menu_hint))


async def agent_availability(turn: Turn, state: FlowState) -> ActResult:
    """Open (extended hours count) or closed, with when the center opens next."""
    if calendar_of(turn.center, extended=True).is_open(turn.now):
        return ActResult("open")
    return ActResult("closed", messages=(Outbound((open_status(turn.center, turn.language, turn.now),)),))


async def open_agent_case(turn: Turn, state: FlowState) -> ActResult:
    """A case asking staff to write to the citizen in this chat."""
    case = await open_case(
        turn,
        NewCase(
            category=CaseCategory.OTHER,
            priority=CasePriority.NORMAL,
            source=CaseSource.AGENT,
            summary="Asks to talk to a person",
            contact_preference=ContactPreference.CHAT,
        ),
    )
    return await confirmation(turn, case, N_("A member of our staff will write to you here."))


async def open_callback_case(turn: Turn, state: FlowState) -> ActResult:
    """A case asking staff to phone the citizen back."""
    phone = str(state.slots["phone"])
    turn.citizen.callback_phone = phone
    case = await open_case(
        turn,
        NewCase(
            category=CaseCategory.OTHER,
            priority=CasePriority.NORMAL,
            source=CaseSource.CALLBACK,
            summary="Asks to be called back",
            contact_preference=ContactPreference.PHONE_CALL,
            contact_phone=phone,
        ),
    )
    return await confirmation(turn, case, N_("Thank you. We will call you when we open."))


CRISIS_CATEGORY = {
    CrisisKind.SELF_HARM: CaseCategory.PSYCHOSOCIAL,
    CrisisKind.VIOLENCE: CaseCategory.VIOLENCE,
    CrisisKind.CHILD: CaseCategory.VIOLENCE,
    CrisisKind.DANGER: CaseCategory.VIOLENCE,
}


async def open_safety_case(turn: Turn, state: FlowState) -> ActResult:
    """The citizen says they are not safe: an urgent case, and what to do until a person writes."""
    kind = CrisisKind(str(state.slots.get("crisis_kind", CrisisKind.DANGER.value)))
    await open_crisis_case(turn, kind, str(state.slots.get("crisis_text", "")))
    now_line = Text(N_("We have told our team. If you are in danger now, call 112."))
    return ActResult(messages=(Outbound((now_line,)),))


async def open_crisis_case(turn: Turn, kind: CrisisKind, text: str) -> Case:
    """An urgent case for staff about a crisis message (called by the dispatcher, not a flow)."""
    return await open_case(
        turn,
        NewCase(
            category=CRISIS_CATEGORY[kind],
            priority=CasePriority.URGENT,
            source=CaseSource.CRISIS,
            summary=text[:300],
            description=text,
            answers={"crisis": kind.value},
            contact_preference=ContactPreference.CHAT,
        ),
    )


ACTIONS = {
    "open_request_case": open_request_case,
    "agent_availability": agent_availability,
    "open_agent_case": open_agent_case,
    "open_callback_case": open_callback_case,
    "open_safety_case": open_safety_case,
}
