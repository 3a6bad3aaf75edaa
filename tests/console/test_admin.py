"""Admin in the browser: accounts with set-password links, roles, switching off, alert channels, canned replies."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from frontdesk.urgency import AlertsSpec
from storage.enums import Language
from storage.models import AuditEvent
from tests.console.case_seed import seed_case
from tests.console.conftest import assert_accessible, new_context, sign_in
from tests.console.server import ConsoleServer


def audited(console_server: ConsoleServer, action: str) -> int:
    """How many audit rows of this action the admin of Thira left."""
    admin = console_server.staff_ids["admin@thira"]

    async def count() -> int:
        async with console_server.runtime.sessions() as session:
            found = await session.scalar(
                sa.select(sa.func.count()).where(AuditEvent.action == action, AuditEvent.staff_id == admin)
            )
            return int(found or 0)

    return console_server.call(count)


def test_admin_creates_an_account_whose_link_lets_the_colleague_in(
    page: Page, browser: Browser, console_server: ConsoleServer
) -> None:
    created_before, invites_before = (
        audited(console_server, "staff.create"),
        audited(console_server, "staff.invite"),
    )
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin")
    page.get_by_label("E-mail").fill("new.worker@thira.gr")
    page.get_by_label("Full name").fill("Νέα Κοινωνική Λειτουργός")
    page.get_by_label("Role", exact=True).select_option("staff")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("status")).to_contain_text("Set-password link for Νέα Κοινωνική Λειτουργός")
    link = page.get_by_label("Link", exact=True).input_value()
    assert re.fullmatch(re.escape(console_server.url) + r"/set-password#[\w-]{40,}", link)
    assert "#" not in page.url and link.split("#")[1] not in page.url  # the token never travels in an address
    expect(page.locator("tr", has_text="new.worker@thira.gr")).to_contain_text("Active")
    assert audited(console_server, "staff.create") == created_before + 1
    assert audited(console_server, "staff.invite") == invites_before + 1
    # The colleague opens the link, chooses a password and signs in to the console.
    other = new_context(browser, console_server)
    try:
        colleague = other.new_page()
        colleague.goto(link)
        colleague.locator("#p").fill("a long new password")
        colleague.locator("button").click()
        expect(colleague.locator("#m")).to_contain_text("Done")
        colleague.goto("/console/login")
        colleague.get_by_role("button", name="English").click()
        colleague.locator("#email").fill("new.worker@thira.gr")
        colleague.locator("#password").fill("a long new password")
        colleague.locator("form[action='/console/login'] button").click()
        colleague.wait_for_url("**/console/queue")
    finally:
        other.close()


def test_admin_changes_a_role_and_switches_an_account_off_and_on(
    page: Page, console_server: ConsoleServer
) -> None:
    updates_before = audited(console_server, "staff.update")
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin")
    page.get_by_label("E-mail").fill("temp.helper@thira.gr")
    page.get_by_role("button", name="Create the account").click()
    row = page.locator("tr", has_text="temp.helper@thira.gr")
    row.get_by_label("Role of temp.helper@thira.gr").select_option("coordinator")
    row.get_by_role("button", name="Change").click()
    expect(row.get_by_label("Role of temp.helper@thira.gr")).to_have_value("coordinator")
    row.get_by_role("button", name="Switch off temp.helper@thira.gr").click()
    expect(row).to_contain_text("Switched off")
    expect(row.get_by_role("button", name="New link temp.helper@thira.gr")).to_have_count(0)
    row.get_by_role("button", name="Switch on temp.helper@thira.gr").click()
    expect(row).to_contain_text("Active")
    row.get_by_role("button", name="New link temp.helper@thira.gr").click()
    expect(page.get_by_role("status")).to_contain_text("temp.helper@thira.gr")
    assert audited(console_server, "staff.update") == updates_before + 3
    # The admin's own row has no controls: nobody locks themselves out by a slip.
    own = page.locator("tr", has_text="admin@thira.gr")
    expect(own.get_by_role("button", name=re.compile("Switch off"))).to_have_count(0)


def test_a_used_email_is_refused_politely(page: Page) -> None:
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin")
    page.get_by_label("E-mail").fill("staff@thira.gr")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("alert")).to_contain_text("already has an account")
    expect(page.get_by_label("E-mail")).to_have_value("staff@thira.gr")


def test_another_centers_account_is_not_found(page: Page, console_server: ConsoleServer) -> None:
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin")
    palamas = console_server.staff_ids["staff@palamas"]
    csrf = page.locator("input[name=csrf]").first.input_value()
    for path, form in ((f"/console/admin/staff/{palamas}", {"active": "false"}),
                       (f"/console/admin/staff/{palamas}/invite", {})):  # fmt: skip
        response = page.request.post(
            path, form={"csrf": csrf, **form}, headers={"Origin": console_server.url}
        )
        assert response.status == 404, path


@pytest.fixture
def thira_alerts(console_server: ConsoleServer) -> Iterator[None]:
    """Thira with alert channels in its centers file, for as long as the test lasts."""
    runtime = console_server.runtime
    original = runtime.centers
    alerts = AlertsSpec(telegram_chat_id="-1001234567890", email="duty@thira.gr", coordinator_sms_number="6944000111",
                        repeat_minutes=20)  # fmt: skip
    centers = tuple(
        spec.model_copy(update={"alerts": alerts}) if spec.slug == "thira" else spec
        for spec in original.centers
    )
    runtime.centers = dataclasses.replace(original, centers=centers)
    try:
        yield
    finally:
        runtime.centers = original


def test_alert_channels_and_canned_replies_are_shown(page: Page, thira_alerts: None) -> None:
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin")
    channels = page.locator(".alert-channels")
    expect(channels).to_contain_text("-1001234567890")
    expect(channels).to_contain_text("duty@thira.gr")
    expect(channels).to_contain_text("+306944000111")
    expect(channels).to_contain_text("20 minutes")
    expect(page.locator(".canned-list li").first).to_contain_text("We have received your request")
    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".canned-list li").first).to_contain_text("استلمنا طلبكم")


def test_only_admins_see_admin(browser: Browser, console_server: ConsoleServer) -> None:
    for email in ("staff@thira.gr", "coordinator@thira.gr"):
        context = new_context(browser, console_server)
        try:
            page = context.new_page()
            sign_in(page, email)
            expect(page.get_by_role("link", name="Admin")).to_have_count(0)
            assert page.request.get("/console/admin").status == 403
            csrf = page.locator("input[name=csrf]").first.input_value()
            refused = page.request.post(
                "/console/admin/staff", form={"csrf": csrf, "email": "x@thira.gr", "role": "admin"},
                headers={"Origin": console_server.url},
            )  # fmt: skip
            assert refused.status == 403
        finally:
            context.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_admin_passes_axe(page: Page, language: str, thira_alerts: None) -> None:
    sign_in(page, "admin@thira.gr", language)
    page.goto("/console/admin")
    assert_accessible(page)
    page.locator("#new-email").fill(f"axe.{language}@thira.gr")
    page.locator("form.new-staff button").click()
    expect(page.locator(".banner.invite")).to_be_visible()
    assert_accessible(page)
    assert not page.problems  # type: ignore[attr-defined]


def test_admin_words_a_greek_reply_and_staff_are_offered_it_on_a_case(
    page: Page, console_server: ConsoleServer
) -> None:
    saved_before, reverted_before = (
        audited(console_server, "canned_reply.save"),
        audited(console_server, "canned_reply.revert"),
    )
    own_text = "Τον Αύγουστο το κέντρο κλείνει στις 13:00."
    sign_in(page, "admin@thira.gr")
    page.goto("/console/admin?language=el")
    reply = page.locator(".canned-list li", has=page.get_by_label("Documents to bring"))
    text = "Φέρτε ταυτότητα, ΑΜΚΑ, ΑΦΜ και το τελευταίο εκκαθαριστικό της εφορίας σας."
    reply.get_by_label("Documents to bring").fill(text)
    expect(reply.locator("[aria-live]")).to_contain_text("2 SMS · UCS-2")  # Greek: 70 characters per SMS
    reply.get_by_role("button", name="Save Documents to bring").click()
    expect(reply.get_by_label("Documents to bring")).to_have_value(text)
    expect(reply).to_contain_text("changed")
    expect(reply.locator(".canned-default")).to_contain_text("ΑΜΚΑ")
    # A reply of the center's own, Greek first; a name already in use is refused.
    page.get_by_label("Name of the reply").fill("received")
    page.get_by_label("Text in Greek").fill(own_text)
    page.get_by_role("button", name="Add the reply").click()
    expect(page.get_by_role("alert")).to_contain_text("already a canned reply with that name")
    expect(page.get_by_label("Text in Greek")).to_have_value(own_text)
    page.problems.clear()  # type: ignore[attr-defined]  # the refusal answered 400, as it should
    page.get_by_label("Name of the reply").fill("Θερινό ωράριο")
    page.get_by_role("button", name="Add the reply").click()
    expect(page.get_by_label("Θερινό ωράριο")).to_have_value(own_text)
    assert_accessible(page)
    assert audited(console_server, "canned_reply.save") == saved_before + 2
    # Staff see both on a Greek case and fill the reply box with one.
    case = seed_case(console_server, language=Language.EL)
    page.goto(f"/console/cases/{case.id}")
    picker = page.get_by_label("Canned reply in the citizen's language")
    expect(picker.locator("option", has_text="εκκαθαριστικό")).to_have_count(1)
    expect(picker.locator("option", has_text="Τον Αύγουστο")).to_have_count(1)
    picker.select_option(text)
    expect(page.get_by_label("Reply to the citizen")).to_have_value(text)
    # Back to the built-in text; the center's own reply removed; the case page follows.
    page.goto("/console/admin?language=el")
    page.get_by_role("button", name="Back to the built-in text Documents to bring").click()
    expect(page.get_by_label("Documents to bring")).to_contain_text("άδεια διαμονής")
    page.get_by_role("button", name="Remove the reply Θερινό ωράριο").click()
    expect(page.get_by_label("Θερινό ωράριο")).to_have_count(0)
    assert audited(console_server, "canned_reply.revert") == reverted_before + 2
    page.goto(f"/console/cases/{case.id}")
    expect(picker.locator("option", has_text="εκκαθαριστικό")).to_have_count(0)
    expect(picker.locator("option", has_text="Τον Αύγουστο")).to_have_count(0)
    assert not page.problems  # type: ignore[attr-defined]
