"""The words of each global keyword, per language; a message that is exactly one of them is that command.

Keep words that are unlikely to be an answer to a question: "stop" yes, "no" never.
"""

from __future__ import annotations

KEYWORDS: dict[str, dict[str, list[str]]] = {
    "stop": {"el": ["διακοπή", "στοπ"], "en": ["stop", "unsubscribe", "stopall"]},
    "start": {"el": ["έναρξη"], "en": ["start", "unstop"]},
    "menu": {"el": ["μενού", "αρχή"], "en": ["menu", "main menu"]},
    "back": {"el": ["πίσω"], "en": ["back"]},
    "help": {"el": ["βοήθεια"], "en": ["help"]},
    "language": {"el": ["γλώσσα"], "en": ["language", "lang"]},
    "agent": {"el": ["άνθρωπος", "υπάλληλος"], "en": ["agent", "human", "person"]},
    "delete": {"el": ["διαγραφή"], "en": ["delete", "erase"]},
    "info": {"el": ["πληροφορίες"], "en": ["info", "information"]},
    "more": {"el": ["περισσότερα", "συνέχεια"], "en": ["more"]},
}

# Extra words that pick an option of the main menu (keys as in bot/flows/menu.py), per language.
MENU_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "info": {"el": ["πληροφορίες", "ωράριο", "διεύθυνση"], "en": ["information", "hours", "address"]},
    "request": {"el": ["χρειάζομαι βοήθεια", "αίτημα"], "en": ["i need help", "request"]},
    "appointment": {"el": ["ραντεβού", "θέλω ραντεβού"], "en": ["appointment", "book"]},
    "mobile": {"el": ["κινητή μονάδα"], "en": ["mobile unit", "visit"]},
    "bookings": {"el": ["τα ραντεβού μου"], "en": ["my bookings", "my appointments"]},
    "agent": {"el": ["να μιλήσω με άνθρωπο", "κοινωνική λειτουργός"], "en": ["talk to a person", "social worker"]},
    "language": {"el": ["γλώσσα"], "en": ["language"]},
    "privacy": {"el": ["προσωπικά δεδομένα", "απόρρητο"], "en": ["privacy", "my data"]},
}

# Greetings and thanks: answered with the menu rather than a "did not understand".
GREETINGS: dict[str, list[str]] = {
    "el": ["καλημέρα", "καλησπέρα", "γεια σας", "γεια", "χαίρετε", "ευχαριστώ"],
    "en": ["hello", "hi", "good morning", "good evening", "thanks", "thank you"],
}
