"""The centers file: the bundled sample's facts, ${VAR} references and start-up errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.centers_file import CentersFileError, load_centers_file
from frontdesk.settings import BUNDLED_CENTERS_FILE
from storage.enums import CenterService, Language

MINIMAL = """
[centers.demo]
name = {{ el = "Κέντρο Κοινότητας Δοκιμής" }}
municipality = {{ el = "Δήμος Δοκιμής" }}
region = {{ el = "Αττική" }}
address = {{ el = "Οδός 1" }}
{extra}
[centers.demo.hours]
{hours}
"""


def center_text(extra: str = "", hours: str = '"mon-fri" = "08:00-15:00"') -> str:
    return MINIMAL.format(extra=extra, hours=hours)


def write(tmp_path: Path, extra: str = "", hours: str = '"mon-fri" = "08:00-15:00"') -> Path:
    path = tmp_path / "centers.toml"
    path.write_text(center_text(extra, hours), encoding="utf-8")
    return path


def test_bundled_sample_has_the_five_centers_with_their_public_facts() -> None:
    config = load_centers_file(BUNDLED_CENTERS_FILE, {})
    assert [c.slug for c in config.centers] == ["alonissos", "thira", "mylopotamos", "palamas", "aigialeia"]
    alonissos = config.by_slug("alonissos")
    assert alonissos is not None
    assert alonissos.phones == ["+302424350208"]
    assert "Πατητήρι" in alonissos.address[Language.EL]
    thira = config.by_slug("thira")
    assert thira is not None
    assert thira.hours["mon"] == [["08:00", "15:30"]] and "sat" not in thira.hours
    assert thira.staff == {"social_worker": 2, "psychologist": 1}
    assert thira.mobile_unit is not None
    assert [a.name[Language.EL] for a in thira.mobile_unit.areas] == [
        "Ανάφη",
        "Ίος",
        "Σίκινος",
        "Φολέγανδρος",
    ]
    assert [a.name[Language.EN] for a in thira.mobile_unit.areas] == [
        "Anafi",
        "Ios",
        "Sikinos",
        "Folegandros",
    ]
    mylopotamos = config.by_slug("mylopotamos")
    assert mylopotamos is not None and "ΚΑΠΗ" in mylopotamos.address[Language.EL]
    assert mylopotamos.hours["fri"] == [["08:00", "16:00"]]
    palamas = config.by_slug("palamas")
    assert palamas is not None and palamas.hours["wed"] == [["07:00", "15:00"]]
    assert palamas.mobile_unit is not None and len(palamas.mobile_unit.areas) >= 5
    aigialeia = config.by_slug("aigialeia")
    assert aigialeia is not None
    assert aigialeia.extended_hours["mon"] == [["16:00", "20:00"]]
    assert aigialeia.staff["driver"] == 1 and aigialeia.staff["social_worker_part_time"] == 1
    assert aigialeia.mobile_unit is not None and aigialeia.mobile_unit.home_visits
    assert CenterService.HOME_VISITS in aigialeia.services


def test_channels_are_off_when_their_variables_are_unset() -> None:
    config = load_centers_file(BUNDLED_CENTERS_FILE, {})
    assert all(c.sms_number is None and not c.telegram_enabled for c in config.centers)
    thira_notices = [n for n in config.notices if n.startswith("center 'thira'")]
    assert thira_notices == [
        "center 'thira': SMS channel off (FRONTDESK_THIRA_SMS_NUMBER not set)",
        "center 'thira': Telegram channel off "
        "(FRONTDESK_THIRA_TELEGRAM_TOKEN, FRONTDESK_THIRA_TELEGRAM_SECRET not set)",
    ]


def test_channel_variables_fill_in_the_credentials() -> None:
    environ = {
        "FRONTDESK_THIRA_SMS_NUMBER": "+30 694 000 0001",
        "FRONTDESK_THIRA_TELEGRAM_TOKEN": "123:abc",
        "FRONTDESK_THIRA_TELEGRAM_SECRET": "s3cret_token",
    }
    thira = load_centers_file(BUNDLED_CENTERS_FILE, environ).by_slug("thira")
    assert thira is not None
    assert thira.sms_number == "+306940000001"
    assert thira.telegram_enabled
    assert thira.telegram_token is not None and thira.telegram_token.get_secret_value() == "123:abc"


def test_half_configured_telegram_is_off_not_broken() -> None:
    thira = load_centers_file(BUNDLED_CENTERS_FILE, {"FRONTDESK_THIRA_TELEGRAM_TOKEN": "1:x"}).by_slug(
        "thira"
    )
    assert thira is not None and not thira.telegram_enabled


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("colour = 'blue'", "center 'demo', field colour: Extra inputs are not permitted"),
        ("sms_number = '12345'", "field sms_number: Value error, '12345' is not a valid phone number"),
        ("sms_number = '${lower_case}'", "field sms_number: malformed reference"),
        ("sms_number = '${FRONTDESK_X'", "field sms_number: malformed reference"),
        (
            "email = '${FRONTDESK_UNSET_EMAIL}'",
            "field email: environment variable FRONTDESK_UNSET_EMAIL is not set",
        ),
        ("timezone = 'Mars/Olympus'", "field timezone: Value error, 'Mars/Olympus' is not an IANA time zone"),
        ("telegram_token = '1:x'", "telegram_token and telegram_secret are set together"),
        ("sms_segment_cap = 40", "field sms_segment_cap"),
        ("services = ['juggling']", "field services[0]"),
        ("slot_minutes = { psychologist = 50 }", "slot_minutes names roles not in staff: psychologist"),
        (
            "staff = { psychologist = 1 }\nslot_minutes = { psychologist = 5 }",
            "field slot_minutes.psychologist",
        ),
        ("reminder_hours = [24, 24]", "field reminder_hours: Value error, reminder hours repeat"),
        ("reminder_hours = [0]", "field reminder_hours[0]"),
        (
            "interpreters = [{ id = 'fa-1', languages = ['xx'], hours = { tue = '10:00-13:00' } }]",
            "field interpreters[0].languages[0]",
        ),
        (
            "interpreters = [{ id = 'fa-1', languages = ['fa'], hours = { tue = '10-13' } }]",
            "field interpreters[0].hours: Value error, tue: '10-13' is not a time range",
        ),
        (
            "interpreters = [{ id = 'a', languages = ['fa'], hours = {} }, "
            "{ id = 'a', languages = ['ar'], hours = {} }]",
            "interpreter ids repeat: a",
        ),
    ],
)
def test_bad_configuration_names_file_center_and_field(tmp_path: Path, extra: str, expected: str) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(CentersFileError) as raised:
        load_centers_file(path, {})
    message = str(raised.value)
    assert f"centers file {path}" in message
    assert expected in message


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("mon = '8-15'", "center 'demo', field hours: Value error, mon: '8-15' is not a time range"),
        (
            "mon = '15:00-08:00'",
            "center 'demo', field hours: Value error, mon: '15:00-08:00' ends before it starts",
        ),
        ("monday = '08:00-15:00'", "center 'demo', field hours: Value error, 'monday' is not a day"),
        ("mon = '25:00-26:00'", "is not a valid time of day"),
    ],
)
def test_malformed_hours_name_the_day(tmp_path: Path, hours: str, expected: str) -> None:
    path = write(tmp_path, hours=hours)
    with pytest.raises(CentersFileError) as raised:
        load_centers_file(path, {})
    assert expected in str(raised.value)


def test_greek_name_is_required(tmp_path: Path) -> None:
    path = tmp_path / "centers.toml"
    path.write_text(center_text().replace('el = "Κέντρο Κοινότητας Δοκιμής"', 'en = "Demo"'))
    with pytest.raises(CentersFileError, match=r"center 'demo', field name: Value error, the Greek text"):
        load_centers_file(path, {})


def test_two_centers_cannot_share_an_sms_number(tmp_path: Path) -> None:
    text = center_text("sms_number = '+306940000001'")
    text += text.replace("[centers.demo", "[centers.other")
    path = tmp_path / "centers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        CentersFileError, match=r"center 'other', field sms_number: .* already the number of center 'demo'"
    ):
        load_centers_file(path, {})


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "sms_number = '1'\nemail = 'nope'")
    with pytest.raises(CentersFileError) as raised:
        load_centers_file(path, {})
    assert "field sms_number" in str(raised.value) and "field email" in str(raised.value)


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[centers.demo\nname = 1")
    with pytest.raises(CentersFileError, match=r"broken.toml: not valid TOML"):
        load_centers_file(broken, {})
    with pytest.raises(CentersFileError, match="cannot be read"):
        load_centers_file(tmp_path / "absent.toml", {})


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = tmp_path / "centers.toml"
    path.write_text(center_text() + "\n[typo]\nname = 1\n")
    with pytest.raises(CentersFileError, match="unknown top-level key"):
        load_centers_file(path, {})


def test_booking_rules_slot_lengths_interpreters_and_reminders(tmp_path: Path) -> None:
    extra = (
        "staff = { social_worker = 2, psychologist = 1, lawyer = 1, driver = 1 }\n"
        "slot_minutes = { psychologist = 60, lawyer = 30 }\n"
        "interpreters = [{ id = 'fa-1', languages = ['fa', 'ps'], hours = { 'tue-wed' = '10:00-13:00' } }]\n"
        "reminder_hours = [2, 48]"
    )
    demo = load_centers_file(write(tmp_path, extra), {}).centers[0]
    assert demo.slot_minutes == {"psychologist": 60, "lawyer": 30}
    assert demo.reminder_hours == [48, 2]
    [interpreter] = demo.interpreters
    assert interpreter.languages == [Language.FA, Language.PS]
    assert interpreter.hours == {"tue": [["10:00", "13:00"]], "wed": [["10:00", "13:00"]]}
    plain = load_centers_file(write(tmp_path), {}).centers[0]
    assert (plain.slot_minutes, plain.interpreters, plain.reminder_hours) == ({}, [], [24, 2])
