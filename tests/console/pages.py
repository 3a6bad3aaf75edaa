"""Every console page the screenshot and accessibility test visits: (name, path, who signs in).

``{case}`` stands for a case of the signed-in center. Append a line for each page you add.
"""

from __future__ import annotations

PAGES: list[tuple[str, str, str]] = [
    ("login", "/console/login", ""),
    ("queue", "/console/queue", "staff@thira.gr"),
    ("case", "/console/cases/{case}", "staff@thira.gr"),
    ("reports", "/console/reports", "coordinator@thira.gr"),
    ("visits", "/console/visits?view=month", "coordinator@thira.gr"),
    ("announcements", "/console/announcements", "coordinator@thira.gr"),
    ("try", "/console/try", "staff@thira.gr"),
    ("calendar", "/console/calendar?view=week", "coordinator@thira.gr"),
    ("case-appointment", "/console/cases/{case}/appointment", "staff@thira.gr"),
    ("admin", "/console/admin", "admin@thira.gr"),
]
