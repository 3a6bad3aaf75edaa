"""Tenant isolation, export and erasure through the staff API."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

import storage.models  # noqa: F401
from frontdesk.clock import FixedClock
from storage.base import Base
from storage.contacts import identity_for_phone
from storage.enums import AnnouncementStatus, Channel, StaffRole, VisitStatus
from storage.models import (
    Announcement,
    Appointment,
    AppointmentSlot,
    Area,
    BlockedTime,
    Case,
    Citizen,
    MobileVisit,
    Referral,
    VisitBooking,
)
from tests.api_env import Api, api_app
from tests.conversation import Citizen as Sender


async def open_case(api: Api, center: str, address: str, channel: Channel = Channel.SMS) -> None:
    sender = Sender(api.runtime, address=address, center=center, channel=channel)
    for answer in ("Hello", "2", "7", "1", f"Our roof fell in, call {address}", "1", "1", "1"):
        await sender.send(answer)


async def ids_of(api: Api, center: str) -> dict[str, int]:
    async with api.runtime.sessions() as session:
        center_id = 2 if center == "thira" else 4
        case = (
            await session.scalars(sa.select(Case).where(Case.center_id == center_id).order_by(Case.id))
        ).first()
        assert case is not None and case.citizen_id is not None
        referral = (await session.scalars(sa.select(Referral).where(Referral.case_id == case.id))).first()
    return {
        "case": case.id,
        "citizen": case.citizen_id,
        "referral": referral.id if referral else 0,
        "staff": api.staff_ids[(center, StaffRole.STAFF)],
        **await booking_ids(api, center_id),
    }


async def booking_ids(api: Api, center_id: int) -> dict[str, int]:
    """An appointment and a visit place that have started, leave and an announcement, at one center."""
    now = api.clock.now()
    async with api.runtime.sessions.begin() as session:
        existing = await session.scalar(sa.select(Announcement.id).where(Announcement.center_id == center_id))
        if existing is None:
            _, citizen = await identity_for_phone(
                session, center_id=center_id, phone="+306911111111", now=now
            )
            slot = AppointmentSlot(
                center_id=center_id, service="psychologist", starts_at=now - timedelta(minutes=10),
                ends_at=now + timedelta(minutes=40), capacity=1, booked=1, by_phone=False,
            )  # fmt: skip
            area = await session.scalar(sa.select(Area).where(Area.center_id == center_id).order_by(Area.id))
            assert area is not None
            visit = MobileVisit(
                center_id=center_id, area_id=area.id, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3),
                capacity=5, booked=1, status=VisitStatus.SCHEDULED,
            )  # fmt: skip
            session.add_all([slot, visit])
            await session.flush()
            _, other = await identity_for_phone(session, center_id=center_id, phone="+306911111112", now=now)
            slot.capacity = slot.booked = visit.booked = 2
            session.add_all([
                Appointment(center_id=center_id, slot_id=slot.id, citizen_id=citizen.id),
                Appointment(center_id=center_id, slot_id=slot.id, citizen_id=other.id),
                VisitBooking(center_id=center_id, visit_id=visit.id, citizen_id=citizen.id),
                VisitBooking(center_id=center_id, visit_id=visit.id, citizen_id=other.id),
                BlockedTime(center_id=center_id, service="psychologist", starts_at=now, ends_at=now + timedelta(days=1)),
                Announcement(center_id=center_id, texts={"el": "x"}, status=AnnouncementStatus.QUEUED, area_ids=[area.id]),
            ])  # fmt: skip
            await session.flush()

        async def first(model: Any, skip: int = 0) -> int:
            rows = await session.scalars(
                sa.select(model.id).where(model.center_id == center_id).order_by(model.id)
            )
            return int(rows.all()[skip])

        return {
            "appointment": await first(Appointment), "appointment2": await first(Appointment, 1),
            "visit": await first(MobileVisit), "visit_booking": await first(VisitBooking),
            "visit_booking2": await first(VisitBooking, 1), "leave": await first(BlockedTime),
            "announcement": await first(Announcement),
        }  # fmt: skip


ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/cases/{case}", None),
    ("PATCH", "/api/v1/cases/{case}", {"priority": "low"}),
    ("POST", "/api/v1/cases/{case}/claim", None),
    ("POST", "/api/v1/cases/{case}/notes", {"body": "x"}),
    ("POST", "/api/v1/cases/{case}/replies", {"text": "x"}),
    ("POST", "/api/v1/cases/{case}/referrals", {"agency": "dypa", "reason": "x"}),
    ("PATCH", "/api/v1/referrals/{referral}", {"status": "accepted"}),
    ("GET", "/api/v1/referrals/{referral}/slip", None),
    ("POST", "/api/v1/referrals/{referral}/send", None),
    ("GET", "/api/v1/citizens/{citizen}/export", None),
    ("PATCH", "/api/v1/staff/{staff}", {"active": True}),
    ("GET", "/api/v1/appointments/{appointment}", None),
    ("POST", "/api/v1/appointments/{appointment}/attendance", {"attended": True}),
    ("POST", "/api/v1/appointments/{appointment2}/cancel", {"reason": "x"}),
    ("GET", "/api/v1/visits/{visit}", None),
    ("POST", "/api/v1/visits/{visit}/bookings", {"phone": "6912345000"}),
    ("POST", "/api/v1/visits/{visit}/bookings/{visit_booking}/attendance", {"attended": True}),
    ("POST", "/api/v1/visits/{visit}/bookings/{visit_booking2}/cancel", None),
    (
        "PATCH",
        "/api/v1/visits/{visit}",
        {"starts_at": "2026-11-24T09:00:00+02:00", "ends_at": "2026-11-24T14:00:00+02:00"},
    ),
    ("POST", "/api/v1/visits/{visit}/cancel", {"reason": "x"}),
    ("GET", "/api/v1/announcements/{announcement}", None),
    ("DELETE", "/api/v1/leave/{leave}", None),
    ("DELETE", "/api/v1/citizens/{citizen}", None),
]


async def test_no_endpoint_or_role_reaches_another_centers_data(database_url: str, clock: FixedClock) -> None:
    async with api_app(database_url, clock) as api:
        for center in ("thira", "palamas"):
            await open_case(api, center, "+30690000010" + ("1" if center == "thira" else "2"))
            ids = await ids_of(api, center)
            admin = api.auth(center, StaffRole.ADMIN)
            await api.http.post(
                f"/api/v1/cases/{ids['case']}/referrals",
                json={"agency": "ngo", "reason": "roof"},
                headers=admin,
            )
        own, other = await ids_of(api, "thira"), await ids_of(api, "palamas")
        leaks = []
        for role in StaffRole:
            for method, template, body in ENDPOINTS:
                response = await api.http.request(
                    method, template.format(**other), json=body, headers=api.auth("thira", role)
                )
                if response.status_code not in (403, 404):
                    leaks.append((role.value, method, template, response.status_code))
        assert leaks == []
        # The other center's data is untouched, and listings never show it.
        async with api.runtime.sessions() as session:
            assert (await session.get_one(Citizen, other["citizen"])).erased_at is None
        for role in StaffRole:
            headers = api.auth("thira", role)
            cases = (await api.http.get("/api/v1/cases", headers=headers)).json()["items"]
            assert {item["center"] for item in cases} == {"thira"}
            staff = (await api.http.get("/api/v1/staff", headers=headers)).json()
            assert all(member["email"].endswith("@thira.gr") for member in staff)
        audit = (await api.http.get("/api/v1/audit", headers=api.auth("thira", StaffRole.ADMIN))).json()[
            "items"
        ]
        assert audit and all(
            str(other["case"]) != item["object_id"] or item["object_type"] != "case" for item in audit
        )
        # The same endpoints work on the own center (so the 404s above mean isolation, not breakage).
        for method, template, body in ENDPOINTS:
            response = await api.http.request(
                method, template.format(**own), json=body, headers=api.auth("thira", StaffRole.ADMIN)
            )
            assert response.status_code < 400, (method, template, response.status_code, response.text)


def _scan(connection: sa.Connection, needles: list[str]) -> list[str]:
    found = []
    for table in Base.metadata.sorted_tables:
        for row in connection.execute(sa.select(table)).mappings():
            for column, value in row.items():
                text = (
                    json.dumps(value, ensure_ascii=False, default=str)
                    if not isinstance(value, str)
                    else value
                )
                found += [f"{table.name}.{column}: {needle}" for needle in needles if needle in text]
    return found


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.TELEGRAM])
async def test_erasure_leaves_no_number_chat_id_or_message_text(
    database_url: str, clock: FixedClock, channel: Channel
) -> None:
    address = "+306977766655" if channel is Channel.SMS else "987654321"
    async with api_app(database_url, clock) as api:
        await open_case(api, "thira", address, channel)
        await Sender(api.runtime, address=address, channel=channel).send("thelw na pethanw")
        citizen_id = (await ids_of(api, "thira"))["citizen"]
        exported = (await api.http.get(f"/api/v1/citizens/{citizen_id}/export", headers=api.auth())).json()
        assert exported["channel_identities"][0]["address"] == address
        assert any("Our roof fell in" in (message["text"] or "") for message in exported["inbound_messages"])
        assert len(exported["cases"]) == 2 and exported["outbound_messages"]
        assert (
            await api.http.delete(f"/api/v1/citizens/{citizen_id}", headers=api.auth())
        ).status_code == 403
        assert (
            await api.http.delete(
                f"/api/v1/citizens/{citizen_id}", headers=api.auth(role=StaffRole.COORDINATOR)
            )
        ).status_code == 204
        async with api.runtime.engine.connect() as connection:
            leftovers = await connection.run_sync(_scan, [address, "Our roof fell in", "pethanw"])
        assert leftovers == []
        # The erased citizen's cases leave the active queue: closed as erased, by the coordinator.
        assert (await api.http.get("/api/v1/cases", headers=api.auth())).json()["items"] == []
        closed = await api.http.get("/api/v1/cases", params={"status": "closed"}, headers=api.auth())
        cases = closed.json()["items"]
        assert len(cases) == 2 and all(
            case["citizen"]["id"] is None and case["citizen"]["address"] is None for case in cases
        )
        detail = (await api.http.get(f"/api/v1/cases/{cases[0]['id']}", headers=api.auth())).json()
        assert detail["closed_reason"] == "erased" and detail["closed_at"] is not None
        assert detail["closed_by_id"] == api.staff_ids[("thira", StaffRole.COORDINATOR)]
        assert (await api.http.get(f"/api/v1/citizens/{citizen_id}/export", headers=api.auth())).json()[
            "channel_identities"
        ] == []
