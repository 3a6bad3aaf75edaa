"""The monthly report, checked figure by figure against a month built by hand."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.clock import FixedClock
from storage.enums import (
    AuditActor,
    BookingStatus,
    CaseCategory,
    CasePriority,
    CaseSource,
    Channel,
    InboundKind,
    Language,
    ReferralStatus,
    SlotService,
    StaffRole,
    VisitStatus,
)
from storage.models import (
    Appointment,
    AppointmentSlot,
    Area,
    Case,
    ChannelIdentity,
    Citizen,
    InboundMessage,
    MobileVisit,
    Referral,
    VisitBooking,
)
from tests.api_env import api_app

THIRA = 2
MARCH = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
FEBRUARY = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


async def build_march(session: AsyncSession) -> None:
    add = session.add
    citizens = []
    for created in [FEBRUARY, FEBRUARY, MARCH, MARCH, MARCH]:
        citizen = Citizen(center_id=THIRA, locale=Language.EL, locale_confirmed=True, created_at=created)
        add(citizen)
        citizens.append(citizen)
    await session.flush()
    identities = []
    for index, citizen in enumerate(citizens):
        identity = ChannelIdentity(
            center_id=THIRA,
            citizen_id=citizen.id,
            channel=Channel.SMS,
            address=f"+30690000{index:04d}",
            created_at=citizen.created_at,
        )
        add(identity)
        identities.append(identity)
    await session.flush()
    # Citizens 0 (returning) and 2, 3 (new) write in March; citizen 1 only in February; citizen 4 only has a case.
    for number, identity in enumerate(identities[:4]):
        at = FEBRUARY if number == 1 else MARCH
        add(
            InboundMessage(
                center_id=THIRA,
                identity_id=identity.id,
                channel=Channel.SMS,
                provider_id=f"SM{number}",
                kind=InboundKind.TEXT,
                text="x",
                payload={},
                received_at=at,
            )
        )
    specs = [
        # citizen, category, priority, language, channel, created, response after (hours)
        (0, CaseCategory.FOOD_AID, CasePriority.NORMAL, Language.EL, Channel.SMS, MARCH, 2),
        (
            2,
            CaseCategory.FOOD_AID,
            CasePriority.HIGH,
            Language.AR,
            Channel.TELEGRAM,
            MARCH + timedelta(days=1),
            4,
        ),
        (
            3,
            CaseCategory.VIOLENCE,
            CasePriority.URGENT,
            Language.EL,
            Channel.SMS,
            MARCH + timedelta(days=2),
            1,
        ),
        (
            4,
            CaseCategory.HOUSING,
            CasePriority.NORMAL,
            Language.EN,
            Channel.TELEGRAM,
            MARCH + timedelta(days=3),
            10,
        ),
        (1, CaseCategory.HOUSING, CasePriority.LOW, Language.EL, Channel.SMS, FEBRUARY, 5),  # not in March
        # A home-visit request (the source says so).
        (
            4,
            CaseCategory.DISABILITY_ELDERLY,
            CasePriority.NORMAL,
            Language.EN,
            Channel.TELEGRAM,
            MARCH + timedelta(days=5),
            None,
        ),
        (
            0,
            CaseCategory.OTHER,
            CasePriority.NORMAL,
            Language.EL,
            Channel.SMS,
            MARCH + timedelta(days=4),
            None,
        ),
    ]
    cases = []
    for number, (who, category, priority, language, channel, created, hours) in enumerate(specs):
        case = Case(
            center_id=THIRA, reference=f"KK-T{number:03d}", citizen_id=citizens[who].id,
            identity_id=identities[who].id, channel=channel, language=language, category=category,
            priority=priority, priority_rank=priority.rank,
            source=CaseSource.HOME_VISIT if category is CaseCategory.DISABILITY_ELDERLY else CaseSource.REQUEST,
            summary="s", answers={}, created_at=created, updated_at=created,
            first_response_at=created + timedelta(hours=hours) if hours is not None else None,
        )  # fmt: skip
        add(case)
        cases.append(case)
    await session.flush()
    for case, agency, status in (
        (cases[0], "dypa", ReferralStatus.DONE),
        (cases[1], "dypa", ReferralStatus.REJECTED),
        (cases[2], "mental_health_centre", ReferralStatus.SENT),
    ):
        add(
            Referral(
                center_id=THIRA,
                case_id=case.id,
                agency=agency,
                reason="r",
                consent_snapshot={},
                status=status,
                created_at=case.created_at,
                updated_at=case.created_at,
            )
        )
    slot_times = [MARCH + timedelta(days=day) for day in (1, 2, 3, 4, 5, 6, 7)] + [FEBRUARY]
    slots = [
        AppointmentSlot(
            center_id=THIRA,
            service=SlotService.SOCIAL_WORKER,
            starts_at=at,
            ends_at=at + timedelta(minutes=30),
            capacity=1,
            booked=1,
            by_phone=False,
        )
        for at in slot_times
    ]
    for slot in slots:
        add(slot)
    await session.flush()
    for slot, status, who in zip(
        slots,
        (
            BookingStatus.ATTENDED,
            BookingStatus.ATTENDED,
            BookingStatus.NO_SHOW,
            BookingStatus.BOOKED,
            BookingStatus.CANCELLED,
            BookingStatus.CANCELLED,
            BookingStatus.CANCELLED,
            BookingStatus.ATTENDED,
        ),
        (0, 2, 3, 4, 0, 2, 3, 1),
        strict=True,
    ):
        add(Appointment(center_id=THIRA, slot_id=slot.id, citizen_id=citizens[who].id, status=status))
    # The three cancellations: by the citizen, by staff twice.
    await session.flush()
    cancelled = (
        await session.scalars(
            sa.select(Appointment)
            .where(
                Appointment.status == BookingStatus.CANCELLED,
                Appointment.slot_id.in_([slot.id for slot in slots]),  # the console's server holds others too
            )
            .order_by(Appointment.id)
        )
    ).all()
    for appointment, actor in zip(
        cancelled, (AuditActor.CITIZEN, AuditActor.STAFF, AuditActor.STAFF), strict=True
    ):
        appointment.cancelled_by = actor
    areas = {
        area.slug: area
        for area in (await session.scalars(sa.select(Area).where(Area.center_id == THIRA))).all()
    }
    visits = [
        MobileVisit(
            center_id=THIRA,
            area_id=areas["ios"].id,
            starts_at=MARCH,
            ends_at=MARCH + timedelta(hours=3),
            status=VisitStatus.DONE,
        ),
        MobileVisit(
            center_id=THIRA,
            area_id=areas["ios"].id,
            starts_at=MARCH + timedelta(days=14),
            ends_at=MARCH + timedelta(days=14, hours=3),
            status=VisitStatus.DONE,
        ),
        MobileVisit(
            center_id=THIRA,
            area_id=areas["anafi"].id,
            starts_at=MARCH + timedelta(days=7),
            ends_at=MARCH + timedelta(days=7, hours=3),
            status=VisitStatus.DONE,
        ),
        MobileVisit(
            center_id=THIRA,
            area_id=areas["anafi"].id,
            starts_at=MARCH + timedelta(days=10),
            ends_at=MARCH + timedelta(days=10, hours=3),
            status=VisitStatus.CANCELLED,
        ),
        MobileVisit(
            center_id=THIRA,
            area_id=areas["anafi"].id,
            starts_at=FEBRUARY,
            ends_at=FEBRUARY + timedelta(hours=3),
            status=VisitStatus.DONE,
        ),
    ]
    for visit in visits:
        add(visit)
    await session.flush()
    for visit, who, status in (
        (visits[0], 0, BookingStatus.ATTENDED),
        (visits[0], 2, BookingStatus.ATTENDED),
        (visits[1], 3, BookingStatus.NO_SHOW),
        (visits[2], 4, BookingStatus.ATTENDED),
        (visits[3], 0, BookingStatus.CANCELLED),
        (visits[4], 1, BookingStatus.ATTENDED),
    ):
        add(VisitBooking(center_id=THIRA, visit_id=visit.id, citizen_id=citizens[who].id, status=status))


async def test_monthly_report_counts_each_indicator(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        async with api.runtime.sessions.begin() as session:
            await build_march(session)
        headers = api.auth(role=StaffRole.COORDINATOR)
        report = (
            await api.http.get("/api/v1/reports/monthly", params={"month": "2027-03"}, headers=headers)
        ).json()
        assert report["center"] == "thira" and report["month"] == "2027-03"
        assert (report["citizens_served"], report["citizens_new"], report["citizens_returning"]) == (4, 3, 1)
        assert report["requests_total"] == 6
        assert report["requests_by_category"] == {
            "food_aid": 2, "violence": 1, "housing": 1, "other": 1, "disability_elderly": 1,
        }  # fmt: skip
        assert report["requests_by_priority"] == {"normal": 4, "high": 1, "urgent": 1}
        assert report["requests_by_language"] == {"el": 3, "ar": 1, "en": 2}
        assert report["requests_by_channel"] == {"sms": 3, "telegram": 3}
        assert report["home_visit_requests"] == 1
        assert report["referrals_by_agency"] == {"dypa": 2, "mental_health_centre": 1}
        assert report["referrals_by_outcome"] == {"done": 1, "rejected": 1, "sent": 1}
        assert (
            report["appointments_booked"],
            report["appointments_attended"],
            report["appointments_no_show"],
        ) == (4, 2, 1)
        assert report["appointments_cancelled_by"] == {"citizen": 1, "staff": 2}
        assert (report["visits_held"], report["visits_cancelled"]) == (3, 1)
        assert report["visits_by_area"] == {"ios": 2, "anafi": 1}
        assert report["visits_cancelled_by_area"] == {"anafi": 1}
        assert report["people_seen_by_area"] == {"ios": 2, "anafi": 1}
        # Answered after 1, 2, 4 and 10 hours: median 3, 90th percentile 8.2 (inclusive method).
        assert (report["response_hours_median"], report["response_hours_p90"]) == (3.0, 8.2)
        csv_response = await api.http.get(
            "/api/v1/reports/monthly", params={"month": "2027-03", "format": "csv"}, headers=headers
        )
        assert csv_response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(csv_response.text)))
        assert rows[0] == ["indicator", "key", "value"]
        assert ["requests_by_category", "food_aid", "2"] in rows and ["citizens_served", "", "4"] in rows


async def test_report_rules(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        assert (
            await api.http.get("/api/v1/reports/monthly", params={"month": "2027-03"}, headers=api.auth())
        ).status_code == 403
        coordinator = api.auth(role=StaffRole.COORDINATOR)
        assert (
            await api.http.get("/api/v1/reports/monthly", params={"month": "2027-13"}, headers=coordinator)
        ).status_code == 400
        assert (
            await api.http.get("/api/v1/reports/monthly", params={"month": "March"}, headers=coordinator)
        ).status_code == 422
        empty = (
            await api.http.get("/api/v1/reports/monthly", params={"month": "2020-01"}, headers=coordinator)
        ).json()
        assert (
            empty["requests_total"] == 0
            and empty["appointments_booked"] == 0
            and empty["response_hours_median"] is None
        )
