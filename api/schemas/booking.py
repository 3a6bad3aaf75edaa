"""Free times, leave and appointments as the staff API shows and takes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.deps import BodyId
from storage.enums import AuditActor, BookingStatus, Channel, Language

Service = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]{1,31}$", description="a bookable role, e.g. social_worker")
]
Phone = Annotated[str, Field(min_length=3, max_length=40, description="any Greek or international form")]
# PostgreSQL refuses NUL in text; nobody means to send one.
WithoutNul = AfterValidator(lambda text: text.replace("\x00", ""))
Reason = Annotated[str, Field(min_length=1, max_length=300), WithoutNul]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitizenRef(BaseModel):
    """Who booked, and where booking messages go (all null once the citizen is erased)."""

    id: int | None
    channel: Channel | None
    address: str | None


class SlotOut(BaseModel):
    """A time with room left; ``free`` places of ``capacity`` (professionals on duty)."""

    service: str
    starts_at: datetime
    ends_at: datetime
    free: int
    capacity: int
    interpreter_id: str | None = None


class SlotPage(BaseModel):
    """Free times, earliest first."""

    items: list[SlotOut]


class LeaveIn(_In):
    """``count`` professionals of a service are away (leave, training, a blocked afternoon)."""

    service: Service
    starts_at: datetime
    ends_at: datetime
    count: Annotated[int, Field(ge=1, le=100)] = 1


class LeaveOut(BaseModel):
    """A blocked time."""

    id: int
    service: str
    starts_at: datetime
    ends_at: datetime
    count: int


class LeavePage(BaseModel):
    """Blocked times, earliest first."""

    items: list[LeaveOut]


class AppointmentIn(_In):
    """Book a caller: the time must be one of the free times of that service."""

    service: Service
    starts_at: datetime
    phone: Phone
    language: Language | None = Field(
        default=None, description="book a time with an interpreter for this language, when the center has one"
    )
    staff_id: BodyId | None = Field(
        default=None, description="the staff member (an active account of your center) who sees them"
    )


class AppointmentOut(BaseModel):
    """An appointment and who it is for."""

    id: int
    service: str
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    interpreter_id: str | None
    cancelled_by: AuditActor | None
    cancel_reason: str | None
    citizen: CitizenRef
    staff_id: int | None = Field(default=None, description="the staff member who sees them, if one is named")


class AppointmentPatch(_In):
    """Change who sees the citizen."""

    staff_id: BodyId | None = Field(description="the staff member who sees them; null: nobody in particular")


class AppointmentPage(BaseModel):
    """Appointments, earliest first."""

    items: list[AppointmentOut]


class CancelIn(_In):
    """Why it is cancelled (sent to the citizen)."""

    reason: Reason


class AttendanceIn(_In):
    """Whether the citizen came."""

    attended: bool
