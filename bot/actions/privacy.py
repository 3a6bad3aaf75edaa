"""Privacy: the notice in full, a copy of one's data, erasure, and the list of bookings."""

from __future__ import annotations

from bot.actions.casework import confirmation, open_case
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound, Text
from storage.cases import NewCase
from storage.enums import AuditActor, CaseCategory, CasePriority, CaseSource, ContactPreference
from storage.privacy import erase_citizen


async def privacy_details(turn: Turn, state: FlowState) -> ActResult:
    """What we keep, why, for how long, and the citizen's rights."""
    return ActResult(
        messages=(
            Outbound(
                (
                    Text(
                        N_(
                            "We keep your messages, requests and bookings so that the municipality's social service can help you."
                        )
                    ),
                    Text(
                        N_(
                            "Only the center's staff see them. We share a request with another service only if you agree."
                        )
                    ),
                    Text(
                        N_("Messages are deleted after 2 years. Write DELETE at any time to erase your data.")
                    ),
                )
            ),
        )
    )


async def request_export(turn: Turn, state: FlowState) -> ActResult:
    """A request for a copy of one's data becomes a case (staff send it within a month)."""
    case = await open_case(
        turn,
        NewCase(
            category=CaseCategory.OTHER,
            priority=CasePriority.NORMAL,
            source=CaseSource.REQUEST,
            summary="Asks for a copy of their data (GDPR art. 15)",
            answers={"data_request": "export"},
            contact_preference=ContactPreference.CHAT,
        ),
    )
    return await confirmation(
        turn, case, N_("Thank you. We will send you a copy of your data within one month.")
    )


async def erase_my_data(turn: Turn, state: FlowState) -> ActResult:
    """Erase the citizen's data now; the confirmation is the last message we send."""
    await erase_citizen(turn.session, citizen_id=turn.citizen.id, now=turn.now, actor=AuditActor.CITIZEN)
    turn.erased = True
    return ActResult(
        messages=(Outbound.say(N_("Your data has been deleted. You can write to us again at any time.")),)
    )


ACTIONS = {
    "privacy_details": privacy_details,
    "request_export": request_export,
    "erase_my_data": erase_my_data,
}
