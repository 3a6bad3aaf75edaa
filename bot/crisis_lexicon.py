"""Words and phrases that signal a crisis, per language (matched after ``normalise``, Greek also as Greeklish).

Kinds: ``self_harm`` (suicide, self-injury), ``violence`` (domestic, sexual, gender-based violence, threats),
``child`` (a child being hurt or at risk), ``danger`` (immediate danger to life, emergencies).
Phrases are matched as whole words inside the message, so keep them specific.
"""

from __future__ import annotations

CRISIS_PHRASES: dict[str, dict[str, list[str]]] = {
    "el": {
        "self_harm": ["θέλω να πεθάνω", "θα αυτοκτονήσω", "αυτοκτονία", "να αυτοκτονήσω", "θα σκοτωθώ"],
        "violence": ["με χτυπάει", "με δέρνει", "με απειλεί", "ενδοοικογενειακή βία", "με βίασε"],
        "child": ["χτυπάει το παιδί", "κακοποιεί το παιδί"],
        "danger": ["κινδυνεύει η ζωή μου", "είμαι σε κίνδυνο", "βοήθεια γρήγορα"],
    },
    "en": {
        "self_harm": ["kill myself", "want to die", "suicide", "end my life", "hurt myself"],
        "violence": ["hits me", "beats me", "he threatens me", "domestic violence", "raped me"],
        "child": ["hurting my child", "abusing the child"],
        "danger": ["i am in danger", "my life is in danger"],
    },
}

# Ordinary expressions that contain a crisis word but are not a crisis; removed before matching.
SAFE_PHRASES: list[str] = []
