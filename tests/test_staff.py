"""Staff accounts: argon2 hashes, unique e-mails, sensible passwords."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.clock import FixedClock
from storage.centers import get_center_by_slug
from storage.enums import StaffRole
from storage.passwords import Passwords
from storage.staff import StaffError, create_staff, get_staff_by_email

PASSWORDS = Passwords.cheap()


async def test_create_and_verify(session: AsyncSession, clock: FixedClock) -> None:
    center = await get_center_by_slug(session, slug="palamas")
    assert center is not None
    staff = await create_staff(
        session,
        center_id=center.id,
        role=StaffRole.COORDINATOR,
        email=" Maria@Palamas.GR ",
        password="long enough pw",
        passwords=PASSWORDS,
        now=clock.now(),
    )
    assert staff.email == "maria@palamas.gr"
    assert staff.password_hash.startswith("$argon2id$")
    assert await PASSWORDS.verify(staff.password_hash, "long enough pw")
    assert not await PASSWORDS.verify(staff.password_hash, "wrong password")
    assert not await PASSWORDS.verify("not-a-hash", "long enough pw")
    assert await get_staff_by_email(session, email="MARIA@palamas.gr") is staff


async def test_refuses_duplicates_short_passwords_and_bad_emails(
    session: AsyncSession, clock: FixedClock
) -> None:
    center = await get_center_by_slug(session, slug="thira")
    assert center is not None
    await create_staff(
        session,
        center_id=center.id,
        role=StaffRole.STAFF,
        email="a@thira.gov.gr",
        password="0123456789",
        passwords=PASSWORDS,
        now=clock.now(),
    )
    with pytest.raises(StaffError, match="already exists"):
        await create_staff(
            session,
            center_id=center.id,
            role=StaffRole.ADMIN,
            email="A@thira.gov.gr",
            password="0123456789",
            passwords=PASSWORDS,
            now=clock.now(),
        )
    with pytest.raises(StaffError, match="at least 10"):
        await create_staff(
            session,
            center_id=center.id,
            role=StaffRole.STAFF,
            email="b@thira.gov.gr",
            password="short",
            passwords=PASSWORDS,
            now=clock.now(),
        )
    with pytest.raises(StaffError, match="not an e-mail"):
        await create_staff(
            session,
            center_id=center.id,
            role=StaffRole.STAFF,
            email="nobody",
            password="0123456789",
            passwords=PASSWORDS,
            now=clock.now(),
        )


def test_roles_include_lower_roles() -> None:
    assert StaffRole.ADMIN.includes(StaffRole.COORDINATOR)
    assert StaffRole.COORDINATOR.includes(StaffRole.STAFF)
    assert not StaffRole.STAFF.includes(StaffRole.COORDINATOR)
