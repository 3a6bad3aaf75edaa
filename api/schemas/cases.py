"""Cases as the staff API shows and changes them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.deps import BodyId
from bot.referrals import Agency
from storage.enums import (
    CaseCategory,
    CasePriority,
    CaseSource,
    CaseStatus,
    Channel,
    ConsentHow,
    ContactPreference,
    ForWhom,
    Language,
    ReferralStatus,
)


class StatusFilter(StrEnum):
    """A case status, or ``open`` for every status but closed."""

    OPEN = "open"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    REFERRED = "referred"
    CLOSED = "closed"


class CitizenRef(BaseModel):
    """Who the case is about, as far as the center may still know."""

    id: int | None
    channel: Channel
    address: str | None


class CaseOut(BaseModel):
    """A case in the queue."""

    id: int
    reference: str
    center: str
    status: CaseStatus
    priority: CasePriority
    category: CaseCategory
    language: Language
    channel: Channel
    source: CaseSource
    summary: str
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    overdue: bool
    assignee_id: int | None
    citizen: CitizenRef
    citizen_replied_at: datetime | None = Field(
        None, description="when the citizen wrote after the team's last reply (the thread waits for us)"
    )
    unread: int = Field(0, description="the citizen's messages the assignee has not read")


class CasePage(BaseModel):
    """One page of the queue and the cursor of the next."""

    items: list[CaseOut]
    next_cursor: str | None


class MessageOut(BaseModel):
    """A message of the transcript, with its delivery status when it went out."""

    at: datetime
    direction: str
    kind: str
    text: str | None
    status: str | None
    by_staff: bool
    error: str | None = Field(None, description="why an outbound message failed or was not delivered")


class NoteOut(BaseModel):
    """A private note."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    author_id: int | None
    body: str
    created_at: datetime


class ReferralOut(BaseModel):
    """A referral to another agency."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    agency: str
    agency_detail: str | None
    reason: str
    consent_snapshot: dict[str, Any]
    status: ReferralStatus
    outcome: str | None
    outcome_reason: str | None
    created_at: datetime
    updated_at: datetime


class AttachmentOut(BaseModel):
    """A file the citizen sent with the request (kept at the provider; fetched by id)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    file_name: str | None
    mime_type: str | None
    size_bytes: int | None
    created_at: datetime


class CaseDetail(CaseOut):
    """Everything staff need to act on a case."""

    description: str | None
    answers: dict[str, Any]
    for_whom: ForWhom | None
    contact_preference: ContactPreference | None
    contact_phone: str | None
    consent_share: bool
    consent_at: datetime | None
    consent_how: ConsentHow | None
    consent_by_id: int | None
    consent_note: str | None
    first_response_at: datetime | None
    closed_at: datetime | None
    closed_reason: str | None = Field(None, description="`erased`: closed when the citizen's data was erased")
    closed_by_id: int | None
    transcript: list[MessageOut]
    attachments: list[AttachmentOut]
    notes: list[NoteOut]
    referrals: list[ReferralOut]
    previous_cases: list[CaseOut]


class CaseUpdate(BaseModel):
    """A change of status, priority or assignee; the center and other fields cannot be written."""

    model_config = ConfigDict(extra="forbid")

    status: CaseStatus | None = None
    priority: CasePriority | None = None
    assignee_id: BodyId | None = None
    unassign: bool = False


class ConsentIn(BaseModel):
    """Consent to share the request with other services, given on the phone or in person."""

    model_config = ConfigDict(extra="forbid")

    how: Literal["phone", "in_person"]
    note: str | None = Field(default=None, max_length=500)


class ConsentOut(BaseModel):
    """The consent on record: given how, when, and recorded by whom."""

    case_id: int
    consent_share: bool
    consent_at: datetime | None
    consent_how: ConsentHow | None
    consent_by_id: int | None
    consent_note: str | None


class NoteIn(BaseModel):
    """A private note."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=5000)


class ReplyIn(BaseModel):
    """Words to send to the citizen on their channel."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1600)


class ReplyOut(BaseModel):
    """The outbound messages queued for the reply."""

    outbox_ids: list[int]
    channel: Channel


class ReferralIn(BaseModel):
    """A referral to another agency."""

    model_config = ConfigDict(extra="forbid")

    agency: Agency
    reason: str = Field(min_length=1, max_length=2000)
    agency_detail: str | None = Field(default=None, max_length=200)


class ReferralSendIn(BaseModel):
    """The one next step the citizen is told with the referral."""

    model_config = ConfigDict(extra="forbid")

    next_step: Literal["they_contact_you", "go_to_them"] = "they_contact_you"


class ReferralUpdate(BaseModel):
    """What became of a referral."""

    model_config = ConfigDict(extra="forbid")

    status: ReferralStatus
    outcome: str | None = Field(default=None, max_length=2000)
    outcome_reason: str | None = Field(default=None, max_length=200)
