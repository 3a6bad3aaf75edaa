"""Canned replies staff send often, translated into every language the citizens write in."""

from __future__ import annotations

from bot.i18n import translate
from bot.outbound import N_, Text

CANNED_REPLIES = {
    "received": N_("We have received your request. A member of our staff will contact you soon."),
    "call_failed": N_("We tried to call you but could not reach you. Please tell us when we can call."),
    "bring_documents": N_("Please bring your ID or residence permit, your ΑΜΚΑ and ΑΦΜ to the center."),
    "application_submitted": N_("Your application has been submitted. We will tell you the result."),
    "referred": N_("We have passed your request to the service that can help; they will contact you."),
    "closed": N_("We have closed your request. Write to us again whenever you need."),
}


def canned_replies(language: str) -> dict[str, str]:
    """Every canned reply in one language."""
    return {key: translate(language, Text(msgid)) for key, msgid in CANNED_REPLIES.items()}
