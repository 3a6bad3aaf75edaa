"""Canned replies staff send often, translated into every language the citizens write in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translate
from bot.outbound import N_, Text
from storage.canned import list_center_texts
from storage.enums import Language

CANNED_REPLIES = {
    "received": N_("We have received your request. A member of our staff will contact you soon."),
    "call_failed": N_("We tried to call you but could not reach you. Please tell us when we can call."),
    "bring_documents": N_("Please bring your ID or residence permit, your ΑΜΚΑ and ΑΦΜ to the center."),
    "application_submitted": N_("Your application has been submitted. We will tell you the result."),
    "referred": N_("We have passed your request to the service that can help; they will contact you."),
    "closed": N_("We have closed your request. Write to us again whenever you need."),
}

# What the citizen is told when staff send a referral: the agency, then one clear next step.
REFERRAL_SENT = N_("We have referred your request {reference} to: {agency}")
REFERRAL_NEXT_STEPS = {
    "they_contact_you": N_(
        "Next step: they will contact you. If you hear nothing within a week, write to us here."
    ),
    "go_to_them": N_(
        "Next step: go to them with your ID or residence permit, ΑΜΚΑ and ΑΦΜ, and show this message."
    ),
}


def referral_message(language: str, *, reference: str, agency: str, next_step: str) -> str:
    """The referral as the citizen reads it: their reference, the agency's name, one next step."""
    sent = Text(REFERRAL_SENT, {"reference": reference, "agency": agency})
    return "\n".join([translate(language, sent), translate(language, Text(REFERRAL_NEXT_STEPS[next_step]))])


def canned_replies(language: str) -> dict[str, str]:
    """Every canned reply in one language."""
    return {key: translate(language, Text(msgid)) for key, msgid in CANNED_REPLIES.items()}


@dataclass(frozen=True)
class CannedEntry:
    """One canned reply of a center in one language: the text staff get and where it comes from."""

    key: str
    text: str  # empty for a reply of the center's own not yet written in this language
    default: str | None  # the built-in text; None for a reply of the center's own
    changed: bool  # the center wrote this text (a built-in reply's new wording, or its own reply's text)


async def canned_entries(session: AsyncSession, *, center_id: int, language: Language) -> list[CannedEntry]:
    """A center's canned replies in one language: the built-in ones (in its wording), then its own."""
    rows = await list_center_texts(session, center_id=center_id)
    written = {(row.key, row.language): row.text for row in rows}
    defaults = canned_replies(language.value)
    entries = [
        CannedEntry(key, written.get((key, language), default), default, (key, language) in written)
        for key, default in defaults.items()
    ]
    own = dict.fromkeys(row.key for row in rows if row.key not in defaults)  # in the order they were added
    entries += [
        CannedEntry(key, written.get((key, language), ""), None, (key, language) in written) for key in own
    ]
    return entries


async def canned_replies_for(session: AsyncSession, *, center_id: int, language: Language) -> dict[str, str]:
    """The canned replies staff of a center may send in one language (the case page's picker and the API)."""
    entries = await canned_entries(session, center_id=center_id, language=language)
    return {entry.key: entry.text for entry in entries if entry.text}
