"""A center's canned replies: its wording of the built-in ones per language, its own replies, back to the default."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.canned import CANNED_REPLIES, canned_entries, canned_replies, canned_replies_for
from frontdesk.clock import FixedClock
from storage.canned import CannedReplyError, add_canned_reply, revert_canned_text, save_canned_text
from storage.centers import get_center_by_slug
from storage.enums import Language, StaffRole
from storage.models import AuditEvent, Staff
from tests.api_env import api_app


async def _admin(session: AsyncSession, slug: str, clock: FixedClock) -> Staff:
    """An administrator of a bundled center."""
    center = await get_center_by_slug(session, slug=slug)
    assert center is not None
    admin = Staff(center_id=center.id, role=StaffRole.ADMIN, email=f"admin@{slug}.gr", password_hash="!")
    admin.created_at = clock.now()
    session.add(admin)
    await session.flush()
    return admin


async def test_a_center_words_a_reply_its_way_and_goes_back(session: AsyncSession, clock: FixedClock) -> None:
    thira, palamas = await _admin(session, "thira", clock), await _admin(session, "palamas", clock)
    now = clock.now()
    await save_canned_text(
        session, admin=thira, key="received", language=Language.EL, text="  Λάβαμε το μήνυμά σας.  ", now=now,
        builtin_keys=CANNED_REPLIES,
    )  # fmt: skip
    greek = await canned_replies_for(session, center_id=thira.center_id, language=Language.EL)
    assert greek["received"] == "Λάβαμε το μήνυμά σας."
    assert list(greek) == list(CANNED_REPLIES)
    # Other languages and other centers keep the built-in text.
    arabic = await canned_replies_for(session, center_id=thira.center_id, language=Language.AR)
    assert arabic == canned_replies("ar")
    assert await canned_replies_for(
        session, center_id=palamas.center_id, language=Language.EL
    ) == canned_replies("el")
    # Saving again changes the same row.
    await save_canned_text(
        session, admin=thira, key="received", language=Language.EL, text="Λάβαμε το αίτημά σας.", now=now,
        builtin_keys=CANNED_REPLIES,
    )  # fmt: skip
    entry = (await canned_entries(session, center_id=thira.center_id, language=Language.EL))[0]
    assert (
        entry.text == "Λάβαμε το αίτημά σας."
        and entry.changed
        and entry.default == canned_replies("el")["received"]
    )
    assert await revert_canned_text(
        session, admin=thira, key="received", language=Language.EL, now=now, builtin_keys=CANNED_REPLIES
    )
    assert await canned_replies_for(
        session, center_id=thira.center_id, language=Language.EL
    ) == canned_replies("el")
    assert not await revert_canned_text(
        session, admin=thira, key="received", language=Language.EL, now=now, builtin_keys=CANNED_REPLIES
    )
    actions = (
        await session.scalars(sa.select(AuditEvent.action).where(AuditEvent.staff_id == thira.id))
    ).all()
    assert actions == ["canned_reply.save", "canned_reply.save", "canned_reply.revert"]


async def test_a_center_adds_its_own_replies_greek_first(session: AsyncSession, clock: FixedClock) -> None:
    thira, palamas = await _admin(session, "thira", clock), await _admin(session, "palamas", clock)
    now, builtin = clock.now(), CANNED_REPLIES
    with pytest.raises(CannedReplyError) as refused:
        await add_canned_reply(session, admin=thira, key="ωράριο", texts={Language.EN: "Hours"}, now=now,
                               builtin_keys=builtin)  # fmt: skip
    assert refused.value.code == "greek"
    for key, code in (("received", "used"), ("", "key"), ("a/b", "key"), ("x" * 41, "key")):
        with pytest.raises(CannedReplyError) as refused:
            await add_canned_reply(session, admin=thira, key=key, texts={Language.EL: "Κείμενο"}, now=now,
                                   builtin_keys=builtin)  # fmt: skip
        assert refused.value.code == code, key
    key = await add_canned_reply(
        session, admin=thira, key="  θερινό   ωράριο ", texts={Language.EL: "Τον Αύγουστο κλείνουμε στις 13:00."},
        now=now, builtin_keys=builtin,
    )  # fmt: skip
    assert key == "θερινό ωράριο"
    with pytest.raises(CannedReplyError) as refused:
        await add_canned_reply(
            session, admin=thira, key=key, texts={Language.EL: "Άλλο"}, now=now, builtin_keys=builtin
        )
    assert refused.value.code == "used"
    greek = await canned_replies_for(session, center_id=thira.center_id, language=Language.EL)
    assert list(greek)[-1] == key and greek[key].startswith("Τον Αύγουστο")
    # Not offered in a language it is not written in, until it is; another center never sees it.
    assert key not in await canned_replies_for(session, center_id=thira.center_id, language=Language.EN)
    english = [
        e
        for e in await canned_entries(session, center_id=thira.center_id, language=Language.EN)
        if e.key == key
    ]
    assert english[0].text == "" and english[0].default is None and not english[0].changed
    await save_canned_text(session, admin=thira, key=key, language=Language.EN, text="In August we close at 13:00.",
                           now=now, builtin_keys=builtin)  # fmt: skip
    assert (await canned_replies_for(session, center_id=thira.center_id, language=Language.EN))[
        key
    ].startswith("In August")
    assert key not in await canned_replies_for(session, center_id=palamas.center_id, language=Language.EL)
    # A reply of another center's name cannot gain a language without its Greek text.
    with pytest.raises(CannedReplyError):
        await save_canned_text(session, admin=palamas, key=key, language=Language.EN, text="x", now=now,
                               builtin_keys=builtin)  # fmt: skip
    with pytest.raises(CannedReplyError):
        await save_canned_text(session, admin=thira, key="received", language=Language.EL, text="   ", now=now,
                               builtin_keys=builtin)  # fmt: skip
    # Removing the English text keeps the Greek; removing the Greek removes the reply.
    assert await revert_canned_text(
        session, admin=thira, key=key, language=Language.EN, now=now, builtin_keys=builtin
    )
    assert key in await canned_replies_for(session, center_id=thira.center_id, language=Language.EL)
    assert not await revert_canned_text(
        session, admin=palamas, key=key, language=Language.EL, now=now, builtin_keys=builtin
    )
    assert await revert_canned_text(
        session, admin=thira, key=key, language=Language.EL, now=now, builtin_keys=builtin
    )
    assert [
        e.key for e in await canned_entries(session, center_id=thira.center_id, language=Language.EL)
    ] == list(builtin)


async def test_the_api_gives_the_centers_replies_and_admins_change_them(
    database_url: str, clock: FixedClock
) -> None:
    async with api_app(database_url, clock) as api:
        admin = api.auth(role=StaffRole.ADMIN)
        put = await api.http.put(
            "/api/v1/canned-replies/closed/el", json={"text": "Κλείσαμε το αίτημα."}, headers=admin
        )
        assert put.status_code == 200 and put.json() == {"key": "closed", "text": "Κλείσαμε το αίτημα."}
        own = await api.http.put(
            "/api/v1/canned-replies/ωράριο/el", json={"text": "Ανοιχτά 8-15."}, headers=admin
        )
        assert own.status_code == 200
        greek = (
            await api.http.get("/api/v1/canned-replies", params={"language": "el"}, headers=api.auth())
        ).json()
        assert {"key": "closed", "text": "Κλείσαμε το αίτημα."} in greek and greek[-1]["key"] == "ωράριο"
        other = (
            await api.http.get(
                "/api/v1/canned-replies", params={"language": "el"}, headers=api.auth("palamas")
            )
        ).json()
        assert len(other) == len(CANNED_REPLIES) and "Κλείσαμε το αίτημα." not in [r["text"] for r in other]
        # Staff and coordinators read them; only administrators change them.
        for role in (StaffRole.STAFF, StaffRole.COORDINATOR):
            headers = api.auth(role=role)
            assert (
                await api.http.put("/api/v1/canned-replies/closed/el", json={"text": "x"}, headers=headers)
            ).status_code == 403
            assert (
                await api.http.delete("/api/v1/canned-replies/closed/el", headers=headers)
            ).status_code == 403
        assert (
            await api.http.put("/api/v1/canned-replies/νέο/en", json={"text": "x"}, headers=admin)
        ).status_code == 422
        assert (
            await api.http.put("/api/v1/canned-replies/closed/el", json={"text": ""}, headers=admin)
        ).status_code == 422
        assert (await api.http.delete("/api/v1/canned-replies/closed/el", headers=admin)).status_code == 204
        assert (await api.http.delete("/api/v1/canned-replies/closed/el", headers=admin)).status_code == 404
        assert (
            await api.http.delete(
                "/api/v1/canned-replies/ωράριο/el", headers=api.auth("palamas", StaffRole.ADMIN)
            )
        ).status_code == 404
        assert (await api.http.delete("/api/v1/canned-replies/ωράριο/el", headers=admin)).status_code == 204
        greek = (
            await api.http.get("/api/v1/canned-replies", params={"language": "el"}, headers=api.auth())
        ).json()
        assert [r["key"] for r in greek] == list(CANNED_REPLIES)
