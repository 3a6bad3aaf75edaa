"""Every table of Front Desk; importing this module registers them all on ``Base.metadata``."""

from storage.models.audit import AuditEvent
from storage.models.booking import (
    Appointment,
    AppointmentSlot,
    BlockedTime,
    MobileVisit,
    VisitBooking,
    WaitingEntry,
)
from storage.models.canned import CannedReply
from storage.models.case import Case, CaseAlert, CaseAttachment, CaseNote, Referral, WebhookDelivery
from storage.models.center import Area, Center
from storage.models.citizen import ChannelIdentity, Citizen
from storage.models.conversation import Conversation
from storage.models.message import DeliveryReceipt, InboundMessage, OutboxMessage
from storage.models.staff import SignInFailures, Staff, StaffInvite, StaffToken
from storage.models.subscription import Announcement, Subscription

__all__ = [
    "Announcement",
    "Appointment",
    "AppointmentSlot",
    "Area",
    "AuditEvent",
    "BlockedTime",
    "CannedReply",
    "Case",
    "CaseAlert",
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
    "SignInFailures",
    "Staff",
    "StaffInvite",
    "StaffToken",
    "Subscription",
    "VisitBooking",
    "WaitingEntry",
    "WebhookDelivery",
]
