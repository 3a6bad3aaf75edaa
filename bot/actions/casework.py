"""Casework every action shares: opening a case for the citizen of a turn and confirming it to them."""

from __future__ import annotations

from bot.conversation.center_info import calendar_of, format_day, working_day_after
from bot.conversation.turn import Turn
from bot.engine import ActResult
from bot.outbound import N_, Outbound, Text
from storage.cases import NewCase, count_open_cases_ahead
from storage.cases import open_case as store_case
from storage.models import Case

# Cases one professional can take up in a working day; sets the honest expected answer time.
CASES_PER_PROFESSIONAL_PER_DAY = 5


async def open_case(turn: Turn, new: NewCase) -> Case:
    """Open a case for the turn's citizen, at their center, on their channel and in their language."""
    return await store_case(
        turn.session,
        center_id=turn.center.id,
        citizen_id=turn.citizen.id,
        identity_id=turn.identity.id,
        channel=turn.channel,
        language=turn.language,
        new=new,
        now=turn.now,
        reference_factory=turn.new_reference,
    )


async def expected_answer(turn: Turn, case: Case) -> Text:
    """An honest "we will answer by …" from the queue ahead, the team's size and the opening hours."""
    ahead = await count_open_cases_ahead(turn.session, center_id=turn.center.id, case=case)
    staffing = turn.center.staffing
    professionals = staffing.get("social_worker", 0) + staffing.get("psychologist", 0)
    per_day = max(1, professionals) * CASES_PER_PROFESSIONAL_PER_DAY
    days = ahead // per_day
    if days == 0 and calendar_of(turn.center).is_open(turn.now):
        return Text(N_("We will answer you today."))
    when = working_day_after(turn.center, turn.now, days)
    if when is None:
        return Text(N_("We will answer you as soon as possible."))
    return Text(
        N_("We will answer you by {day}."), {"day": format_day(turn.language, when, turn.center.timezone)}
    )


async def confirmation(turn: Turn, case: Case, intro: str) -> ActResult:
    """The citizen's receipt for a new case: ``intro``, the reference and when we will answer."""
    answer = await expected_answer(turn, case)
    reference = Text(N_("Your reference is {reference}."), {"reference": case.reference})
    return ActResult(
        slots={"case_reference": case.reference}, messages=(Outbound((Text(intro), reference, answer)),)
    )
