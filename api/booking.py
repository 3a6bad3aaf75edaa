"""What the booking routes share: the staff member's center, its services, how a citizen is shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.schemas.booking import CitizenRef
from api.times import unprocessable
from frontdesk.phones import to_e164
from storage.centers import get_center
from storage.models import Center, ChannelIdentity, Staff
from storage.slots import services_of

FULL: dict[int | str, dict[str, Any]] = {
    409: {"description": "Full, not offered at that time, already booked, or not possible in this state"},
}


async def center_of(session: AsyncSession, staff: Staff) -> Center:
    """The center the staff member works at."""
    return await get_center(session, center_id=staff.center_id)


def check_service(center: Center, service: str) -> str:
    """The service if the center offers it for booking, else 422."""
    offered = services_of(center)
    if service not in offered:
        raise unprocessable(
            f"service: {service!r} is not booked at this center; it books {', '.join(offered)}"
        )
    return service


def phone_number(text: str) -> str:
    """A phone number in E.164, or 422."""
    try:
        return to_e164(text)
    except ValueError as error:
        raise unprocessable(f"phone: {error}") from None


def citizen_ref(citizen_id: int | None, identity: ChannelIdentity | None) -> CitizenRef:
    """The citizen as a booking shows them."""
    if identity is None:
        return CitizenRef(id=citizen_id, channel=None, address=None)
    return CitizenRef(id=citizen_id, channel=identity.channel, address=identity.address)
