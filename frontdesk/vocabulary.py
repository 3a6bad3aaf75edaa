"""Words the centers file and the database share: languages and the services a center offers."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """Languages the front desk speaks (BCP 47); Greek is the default."""

    EL = "el"
    EN = "en"
    AR = "ar"
    FA = "fa"
    UK = "uk"
    UR = "ur"
    FR = "fr"
    SQ = "sq"
    PS = "ps"
    KU = "ku"
    SO = "so"
    RU = "ru"


class CenterService(StrEnum):
    """Services a center offers (the three axes of law 4368/2016 and what grew around them)."""

    RECEPTION = "reception"
    REFERRAL = "referral"
    BENEFITS_SUPPORT = "benefits_support"
    FOOD_AID_SUPPORT = "food_aid_support"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    EMPLOYMENT_COUNSELLING = "employment_counselling"
    LEGAL_COUNSELLING = "legal_counselling"
    FAMILY_COUNSELLING = "family_counselling"
    CHILDREN_LEARNING_SUPPORT = "children_learning_support"
    COMMUNITY_EVENTS = "community_events"
    MOBILE_UNIT = "mobile_unit"
    HOME_VISITS = "home_visits"
