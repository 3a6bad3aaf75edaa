"""Information answers, built from the center's facts."""

from __future__ import annotations

from bot.conversation.center_info import SERVICE_NAMES, hours_lines, localized, open_status
from bot.conversation.helplines import ALL_HELPLINES, helpline_lines
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound, Text
from storage.enums import CenterService


def _say(*parts: Text) -> ActResult:
    return ActResult(messages=(Outbound(parts),))


async def info_about(turn: Turn, state: FlowState) -> ActResult:
    """What a Community Center is for."""
    return _say(
        Text(
            N_(
                "The Community Center is the municipality's first stop for social support: information, "
                "help with benefits, referral to other services, and counselling with a social worker or "
                "psychologist. Everything is free of charge."
            )
        )
    )


async def info_hours(turn: Turn, state: FlowState) -> ActResult:
    """Opening hours and whether the center is open now."""
    lines = hours_lines(turn.center, turn.language)
    extra = []
    if turn.center.extended_hours:
        extra = [Text(N_("Extended hours:")), *hours_lines(turn.center, turn.language, extended=True)]
    return _say(Text(N_("Opening hours:")), *lines, *extra, open_status(turn.center, turn.language, turn.now))


async def info_contact(turn: Turn, state: FlowState) -> ActResult:
    """Address, phones and e-mail."""
    parts = [Text(N_("Address: {address}"), {"address": localized(turn.center.address, turn.language)})]
    if turn.center.phones:
        parts.append(
            Text(N_("Phone: {phones}"), {"phones": ", ".join(_national(p) for p in turn.center.phones)})
        )
    if turn.center.email:
        parts.append(Text(N_("E-mail: {email}"), {"email": turn.center.email}))
    return _say(*parts)


def _national(e164: str) -> str:
    # Greek numbers read better without the country code: 2286037036.
    return e164[3:] if e164.startswith("+30") else e164


async def info_services(turn: Turn, state: FlowState) -> ActResult:
    """The center's services."""
    services = [Text(SERVICE_NAMES[CenterService(service)]) for service in turn.center.services]
    return _say(
        Text(N_("Our services (all free):")), *(Text(N_("- {service}"), {"service": s}) for s in services)
    )


async def info_documents(turn: Turn, state: FlowState) -> ActResult:
    """Documents to bring for the common requests."""
    return _say(
        Text(N_("Please bring what you have of these:")),
        Text(N_("- ID card, passport or residence permit (or asylum seeker's card)")),
        Text(N_("- ΑΜΚΑ (social security number) and ΑΦΜ (tax number)")),
        Text(N_("- Last tax statement (εκκαθαριστικό) and E1")),
        Text(N_("- Recent electricity or water bill, or rent contract")),
        Text(N_("- For disability: the ΚΕΠΑ certificate")),
    )


async def info_benefits(turn: Turn, state: FlowState) -> ActResult:
    """The main benefits and where to apply; staff help with the application."""
    return _say(
        Text(N_("Main benefits and where to apply:")),
        Text(N_("- Minimum guaranteed income (ΕΕΕ): online at gov.gr, or with our help")),
        Text(N_("- Food aid (ΤΕΒΑ): for those who receive the ΕΕΕ, through the municipality")),
        Text(N_("- Housing allowance and child benefit: online at ΟΠΕΚΑ (opeka.gr)")),
        Text(N_("- Disability benefits: through ΚΕΠΑ and ΟΠΕΚΑ")),
        Text(N_('We can help you apply: choose "I need help" in the menu.')),
    )


async def info_helplines(turn: Turn, state: FlowState) -> ActResult:
    """All helplines, with their languages."""
    return _say(Text(N_("Helplines, free, day and night:")), *helpline_lines(ALL_HELPLINES))


ACTIONS = {
    "info_about": info_about,
    "info_hours": info_hours,
    "info_contact": info_contact,
    "info_services": info_services,
    "info_documents": info_documents,
    "info_benefits": info_benefits,
    "info_helplines": info_helplines,
}
