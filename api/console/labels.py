"""Names of the product's values as staff read them; marked for the console catalog with ``N_``."""

from __future__ import annotations

from collections.abc import Mapping

from bot.referrals import Agency
from storage.enums import (
    BookingStatus,
    CaseCategory,
    CasePriority,
    CaseStatus,
    Channel,
    ConsentHow,
    ReferralStatus,
    StaffRole,
)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


CATEGORIES: dict[str, str] = {
    CaseCategory.BENEFITS: N_("Benefits"),
    CaseCategory.FOOD_AID: N_("Food aid"),
    CaseCategory.EMPLOYMENT: N_("Employment"),
    CaseCategory.PSYCHOSOCIAL: N_("Psychosocial support"),
    CaseCategory.LEGAL: N_("Legal"),
    CaseCategory.CHILDREN: N_("Children"),
    CaseCategory.HOUSING: N_("Housing"),
    CaseCategory.DISABILITY_ELDERLY: N_("Disability and elderly care"),
    CaseCategory.HEALTH_ACCESS: N_("Access to health care"),
    CaseCategory.MIGRATION: N_("Migration"),
    CaseCategory.VIOLENCE: N_("Violence"),
    CaseCategory.OTHER: N_("Other"),
}
PRIORITIES: dict[str, str] = {
    CasePriority.URGENT: N_("Urgent"),
    CasePriority.HIGH: N_("High"),
    CasePriority.NORMAL: N_("Normal"),
    CasePriority.LOW: N_("Low"),
}
STATUSES: dict[str, str] = {
    CaseStatus.NEW: N_("New"),
    CaseStatus.IN_PROGRESS: N_("In progress"),
    CaseStatus.WAITING: N_("Waiting"),
    CaseStatus.REFERRED: N_("Referred"),
    CaseStatus.CLOSED: N_("Closed"),
}
CHANNELS: dict[str, str] = {Channel.SMS: N_("SMS"), Channel.TELEGRAM: N_("Telegram")}
CONSENT: dict[str, str] = {
    ConsentHow.CHAT: N_("In the chat"),
    ConsentHow.PHONE: N_("By phone"),
    ConsentHow.IN_PERSON: N_("In person"),
}
ROLES: dict[str, str] = {
    StaffRole.STAFF: N_("Staff"),
    StaffRole.COORDINATOR: N_("Coordinator"),
    StaffRole.ADMIN: N_("Admin"),
}
# Delivery of a reply, as the thread shows it.
DELIVERY: dict[str, str] = {
    "pending": N_("queued"),
    "sending": N_("sending"),
    "queued": N_("sending"),
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "failed": N_("not delivered"),
    "undelivered": N_("not delivered"),
    "cancelled": N_("cancelled"),
}
# Calendar and referrals (issue #13: case actions, calendar).
SERVICES: dict[str, str] = {
    "social_worker": N_("Social worker"),
    "psychologist": N_("Psychologist"),
    "callback": N_("Call-back"),
}
BOOKINGS: dict[str, str] = {
    BookingStatus.BOOKED: N_("Expected"),
    BookingStatus.CANCELLED: N_("Cancelled"),
    BookingStatus.ATTENDED: N_("Came"),
    BookingStatus.NO_SHOW: N_("Did not show up"),
}
AGENCIES: dict[str, str] = {
    Agency.DYPA: N_("DYPA (Public Employment Service)"),
    Agency.EFKA_OPEKA: N_("EFKA / OPEKA"),
    Agency.HOSPITAL: N_("ESY hospital"),
    Agency.HEALTH_CENTRE: N_("Health centre"),
    Agency.MENTAL_HEALTH: N_("Mental health centre"),
    Agency.KDAP: N_("KDAP (children's day centre)"),
    Agency.HELP_AT_HOME: N_("Help at Home"),
    Agency.LEGAL_AID: N_("Legal aid"),
    Agency.NGO: N_("Non-governmental organisation"),
    Agency.MUNICIPAL_SERVICE: N_("Municipal service"),
    Agency.OTHER: N_("Other service"),
}
REFERRALS: dict[str, str] = {
    ReferralStatus.SENT: N_("Sent to the agency"),
    ReferralStatus.ACCEPTED: N_("Accepted"),
    ReferralStatus.REJECTED: N_("Rejected"),
    ReferralStatus.DONE: N_("Done"),
}
NEXT_STEPS: dict[str, str] = {
    "they_contact_you": N_("They will contact the citizen"),
    "go_to_them": N_("The citizen goes to them"),
}
LABELS: dict[str, Mapping[str, str]] = {
    "category": CATEGORIES,
    "priority": PRIORITIES,
    "status": STATUSES,
    "channel": CHANNELS,
    "consent": CONSENT,
    "role": ROLES,
    "delivery": DELIVERY,
    "service": SERVICES,
    "booking": BOOKINGS,
    "agency": AGENCIES,
    "referral": REFERRALS,
    "next_step": NEXT_STEPS,
}
