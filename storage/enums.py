"""Closed vocabularies of the domain; the values are the public ids of CONTRACT.md."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.vocabulary import CenterService as CenterService
from frontdesk.vocabulary import Language as Language


class Channel(StrEnum):
    """How a citizen reaches the center."""

    TELEGRAM = "telegram"
    SMS = "sms"


class CaseCategory(StrEnum):
    """What a request is about."""

    BENEFITS = "benefits"
    FOOD_AID = "food_aid"
    EMPLOYMENT = "employment"
    PSYCHOSOCIAL = "psychosocial"
    LEGAL = "legal"
    CHILDREN = "children"
    HOUSING = "housing"
    DISABILITY_ELDERLY = "disability_elderly"
    HEALTH_ACCESS = "health_access"
    MIGRATION = "migration"
    VIOLENCE = "violence"
    OTHER = "other"


class CasePriority(StrEnum):
    """How soon staff should act; ``rank`` orders the queue (urgent first)."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for the most urgent."""
        return list(CasePriority).index(self)


class CaseStatus(StrEnum):
    """Where a case stands."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    REFERRED = "referred"
    CLOSED = "closed"


class CaseSource(StrEnum):
    """What opened a case."""

    REQUEST = "request"
    CRISIS = "crisis"
    AGENT = "agent"
    CALLBACK = "callback"
    HOME_VISIT = "home_visit"
    STAFF = "staff"


class ForWhom(StrEnum):
    """Who a request is for."""

    SELF = "self"
    FAMILY = "family"
    OTHER = "other"


class ContactPreference(StrEnum):
    """How the citizen wants to be answered."""

    CHAT = "chat"
    PHONE_CALL = "phone_call"


class ConsentHow(StrEnum):
    """How the citizen agreed to their request being shared with another service."""

    CHAT = "chat"
    PHONE = "phone"
    IN_PERSON = "in_person"


class StaffRole(StrEnum):
    """What a staff member may do (each role includes the ones before it)."""

    STAFF = "staff"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    def includes(self, other: StaffRole) -> bool:
        """Tell whether this role has at least the rights of ``other``."""
        order = list(StaffRole)
        return order.index(self) >= order.index(other)


class InboundKind(StrEnum):
    """What an inbound message carries."""

    TEXT = "text"
    BUTTON = "button"
    CONTACT = "contact"
    LOCATION = "location"
    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    STICKER = "sticker"
    EDITED = "edited"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"
    OTHER = "other"


class InboundStatus(StrEnum):
    """Processing state of an inbound message."""

    RECEIVED = "received"
    PROCESSED = "processed"
    FAILED = "failed"
    PARKED = "parked"  # failed too often: the citizen got an apology, staff see it in the digest


class OutboxStatus(StrEnum):
    """Delivery state of an outbound message; ``rank`` only ever grows (receipts never go back)."""

    PENDING = "pending"
    SENDING = "sending"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def rank(self) -> int:
        """Position in the forward-only order; final states share the highest rank."""
        return _OUTBOX_RANK[self]

    @property
    def is_final(self) -> bool:
        """True when no later event may change the status."""
        return self.rank == _OUTBOX_RANK[OutboxStatus.DELIVERED]


_OUTBOX_RANK = {
    OutboxStatus.PENDING: 0,
    OutboxStatus.SENDING: 1,
    OutboxStatus.QUEUED: 2,
    OutboxStatus.SENT: 3,
    OutboxStatus.DELIVERED: 4,
    OutboxStatus.UNDELIVERED: 4,
    OutboxStatus.FAILED: 4,
    OutboxStatus.CANCELLED: 4,
}


class ReferralStatus(StrEnum):
    """Where a referral to another agency stands."""

    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DONE = "done"


class SlotService(StrEnum):
    """What an appointment is with."""

    SOCIAL_WORKER = "social_worker"
    PSYCHOLOGIST = "psychologist"
    RECEPTION = "reception"


class BookingStatus(StrEnum):
    """State of an appointment or a mobile-unit booking."""

    BOOKED = "booked"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class WaitingStatus(StrEnum):
    """State of a waiting-list entry: waiting, offered a freed time, or closed (booked or left)."""

    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    LEFT = "left"


class VisitStatus(StrEnum):
    """State of a mobile-unit visit."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    DONE = "done"


class AnnouncementStatus(StrEnum):
    """State of an announcement to subscribers."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    SENT = "sent"


class AuditActor(StrEnum):
    """Who did something recorded in the audit log."""

    STAFF = "staff"
    CITIZEN = "citizen"
    SYSTEM = "system"
