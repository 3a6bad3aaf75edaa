"""Every table of Front Desk; importing this module registers them all on ``Base.metadata``."""

from storage.models.audit import AuditEvent
from storage.models.booking import Appointment, AppointmentSlot, MobileVisit, VisitBooking
from storage.models.case import Case, CaseAttachment, CaseNote, Referral, WebhookDelivery
from storage.models.center import Area, Center
from storage.models.citizen import ChannelIdentity, Citizen
from storage.models.conversation import Conversation
from storage.models.message import DeliveryReceipt, InboundMessage, OutboxMessage
from storage.models.staff import Staff, StaffToken
from storage.models.subscription import Announcement, Subscription

__all__ = [
    "Announcement",
    "Appointment",
    "AppointmentSlot",
    "Area",
    "AuditEvent",
    "Case",
    "CaseAttachment",
    "CaseNote",
    "Center",
    "ChannelIdentity",
    "Citizen",
    "Conversation",
    "DeliveryReceipt",
    "InboundMessage",
    "MobileVisit",
    "OutboxMessage",
    "Referral",
    "Staff",
    "StaffToken",
    "Subscription",
    "VisitBooking",
    "WebhookDelivery",
]
