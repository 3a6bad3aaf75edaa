"""Referrals as the citizen and the agency read them: the agency's name, the documents, the message."""

from __future__ import annotations

from enum import StrEnum

from bot.canned import referral_message
from storage.models import Case, Referral


class Agency(StrEnum):
    """Where a Community Center refers people."""

    DYPA = "dypa"
    EFKA_OPEKA = "efka_opeka"
    HOSPITAL = "esy_hospital"
    HEALTH_CENTRE = "health_centre"
    MENTAL_HEALTH = "mental_health_centre"
    KDAP = "kdap"
    HELP_AT_HOME = "help_at_home"
    LEGAL_AID = "legal_aid"
    NGO = "ngo"
    MUNICIPAL_SERVICE = "municipal_service"
    OTHER = "other"


AGENCY_NAMES = {
    Agency.DYPA: "ΔΥΠΑ (Δημόσια Υπηρεσία Απασχόλησης)",
    Agency.EFKA_OPEKA: "ΕΦΚΑ / ΟΠΕΚΑ",
    Agency.HOSPITAL: "Νοσοκομείο ΕΣΥ",
    Agency.HEALTH_CENTRE: "Κέντρο Υγείας",
    Agency.MENTAL_HEALTH: "Κέντρο Ψυχικής Υγείας",
    Agency.KDAP: "ΚΔΑΠ",
    Agency.HELP_AT_HOME: "Βοήθεια στο Σπίτι",
    Agency.LEGAL_AID: "Νομική βοήθεια",
    Agency.NGO: "Μη κυβερνητική οργάνωση",
    Agency.MUNICIPAL_SERVICE: "Υπηρεσία του Δήμου",
    Agency.OTHER: "Άλλη υπηρεσία",
}
# What the citizen brings to the agency, in Greek and English (the agency reads the Greek).
DOCUMENTS = (
    "Ταυτότητα, διαβατήριο ή άδεια διαμονής / ID, passport or residence permit",
    "ΑΜΚΑ και ΑΦΜ / social security and tax numbers",
    "Εκκαθαριστικό και Ε1 / last tax statement",
)


def agency_name(referral: Referral) -> str:
    """The agency as printed and told: its Greek name (a free text as given), with the detail staff added."""
    known = referral.agency in {member.value for member in Agency}
    name = AGENCY_NAMES[Agency(referral.agency)] if known else referral.agency
    return f"{name} — {referral.agency_detail}" if referral.agency_detail else name


def referral_text(case: Case, referral: Referral, next_step: str) -> str:
    """What the citizen is told about a referral, in their language: the agency and one next step."""
    return referral_message(
        case.language.value, reference=case.reference, agency=agency_name(referral), next_step=next_step
    )
