"""SMS cost of a complete Greek booking: menu → service → time → confirm → receipt (README, "Booking").

The citizen is at the main menu; what they receive from choosing "Appointment" to the receipt is counted,
in UCS-2 (Greek lowercase) and with the center's ``greek_caps``. Budget: 8 and 4 segments.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from frontdesk.runtime import Runtime
from storage.models import Center
from tests.conversation import Citizen

STEPS = ("3", "{service}", "1", "1")  # Appointment, the service, the first time offered, yes


async def walk(runtime: Runtime, address: str, service: str) -> list[tuple[str, int, str]]:
    """Book over SMS from the menu; each reply after the menu with its segments and encoding."""
    citizen = Citizen(runtime, address=address)
    await citizen.send("Καλημέρα")
    replies = []
    for step in STEPS:
        handled = await citizen.send(step.format(service=service))
        replies += [(row.body, row.payload["segments"], row.payload["encoding"]) for row in handled.outbox]
    assert "ΑΜΚΑ" in replies[-1][0] or "AMKA" in replies[-1][0], replies[-1][0]
    return replies


@pytest.mark.parametrize("caps", [False, True], ids=["ucs2", "greek_caps"])
async def test_a_greek_booking_over_sms_stays_within_budget(runtime: Runtime, caps: bool) -> None:
    async with runtime.sessions.begin() as session:
        await session.execute(sa.update(Center).where(Center.slug == "thira").values(greek_caps=caps))
    budget = 4 if caps else 8
    totals = {}
    for number, service in enumerate(("1", "2")):  # social worker, psychologist
        replies = await walk(runtime, f"+30690000{number}01", service)
        totals[service] = sum(segments for _body, segments, _encoding in replies)
        print(f"greek_caps={caps} service={service}: " + " + ".join(str(r[1]) for r in replies)
              + f" = {totals[service]} segments ({replies[0][2]})")  # fmt: skip
        assert len(replies) == 4
    assert max(totals.values()) <= budget
