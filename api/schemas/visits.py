"""Mobile-unit visits and their bookings as the staff API shows and takes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.schemas.booking import CitizenRef, Phone, Reason, WithoutNul
from storage.enums import AuditActor, BookingStatus, VisitStatus

AreaSlug = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_-]{1,59}$", description="an area slug of the centers file")
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VisitIn(_In):
    """A visit of the mobile unit to an area."""

    area: AreaSlug
    starts_at: datetime
    ends_at: datetime
    capacity: Annotated[int, Field(ge=1, le=1000)]
    note: Annotated[str, Field(max_length=500), WithoutNul] | None = None
    announce: bool = Field(
        default=False, description="tell the area's subscribers now, in their language (an announcement)"
    )


class VisitChange(_In):
    """New times for a visit (places are kept, booked citizens are told)."""

    starts_at: datetime
    ends_at: datetime


class VisitOut(BaseModel):
    """A visit."""

    id: int
    area: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    status: VisitStatus
    note: str | None
    cancel_reason: str | None
    announcement_id: int | None = None


class VisitPage(BaseModel):
    """Visits, earliest first."""

    items: list[VisitOut]


class VisitBookingIn(_In):
    """Book a place: a caller found or added by phone number, or the citizen of a home-visit request."""

    phone: Phone | None = None
    case_id: Annotated[
        int | None,
        Field(
            ge=1, description="a home-visit request (case) whose citizen the unit visits at home during it"
        ),
    ] = None

    @model_validator(mode="after")
    def _one_citizen(self) -> VisitBookingIn:
        if (self.phone is None) == (self.case_id is None):
            raise ValueError("give either phone or case_id")
        return self


class VisitBookingOut(BaseModel):
    """A place at a visit."""

    id: int
    visit_id: int
    status: BookingStatus
    cancelled_by: AuditActor | None
    created_at: datetime
    citizen: CitizenRef


class VisitDetail(VisitOut):
    """A visit with everyone who booked (any status)."""

    bookings: list[VisitBookingOut]


class VisitCancelIn(_In):
    """Why the visit is cancelled (weather, ferry …); sent to every booked citizen."""

    reason: Reason
