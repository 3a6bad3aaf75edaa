"""Whatever a stranger or a broken provider sends to the webhooks: a 4xx or a polite reply, never a 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.channel_env import ACCOUNT_SID, TELEGRAM_SECRET, THIRA_NUMBER, Deployment, deployment

ACCEPTABLE = {200, 204, 400, 403, 404, 413, 422}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
UPDATE_KEYS = st.sampled_from(
    ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"]
)
CHAT = st.fixed_dictionaries({"id": st.integers(), "type": st.sampled_from(["private", "group", "x"])})
MESSAGE = st.fixed_dictionaries(
    {"message_id": st.integers(), "date": st.integers(), "chat": CHAT},
    optional={"text": JSON, "caption": JSON, "photo": JSON, "document": JSON, "contact": JSON, "from": JSON},
)
SMS_KEYS = ["MessageSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "AccountSid"]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.Runner, Deployment]]:
    """One deployment for every generated request (a fresh one per example would take minutes)."""
    database = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    runner = asyncio.Runner()
    context = deployment(f"sqlite:///{database}", spool_dir=Path(database).parent / "spool")
    env = runner.run(context.__aenter__())
    try:
        yield runner, env
    finally:
        runner.run(context.__aexit__(None, None, None))
        runner.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(update_id=st.integers(min_value=-(2**70), max_value=2**70), key=UPDATE_KEYS, value=JSON | MESSAGE)
def test_any_update_with_the_secret_is_answered_without_a_server_error(
    running: tuple[asyncio.Runner, Deployment], update_id: int, key: str, value: Any
) -> None:
    runner, env = running
    response = runner.run(env.post_update({"update_id": update_id, key: value}))
    assert response.status_code in ACCEPTABLE, response.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2000), secret=st.sampled_from([TELEGRAM_SECRET, "wrong", ""]))
def test_raw_bytes_to_the_telegram_webhook(
    running: tuple[asyncio.Runner, Deployment], body: bytes, secret: str
) -> None:
    runner, env = running
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    response = runner.run(env.http.post("/webhooks/telegram/thira", content=body, headers=headers))
    assert response.status_code in ACCEPTABLE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.dictionaries(
        st.sampled_from(SMS_KEYS) | st.text(max_size=8), st.text(max_size=300), max_size=8
    ),
    sender=st.sampled_from(["+306912345678", "6912345678", "+12025550123", "", "abc", "+30\x00691"]),
)
def test_any_signed_twilio_form_is_answered_without_a_server_error(
    running: tuple[asyncio.Runner, Deployment], fields: dict[str, str], sender: str
) -> None:
    runner, env = running
    form = {"To": THIRA_NUMBER, "From": sender, **fields}
    response = runner.run(env.post_sms(form))
    assert response.status_code in ACCEPTABLE, response.text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2000))
def test_unsigned_bytes_to_the_sms_webhook_are_refused(
    running: tuple[asyncio.Runner, Deployment], body: bytes
) -> None:
    runner, env = running
    response = runner.run(
        env.http.post("/webhooks/twilio/sms", content=body, headers={"X-Twilio-Signature": "x"})
    )
    assert response.status_code == 403


async def test_a_superscript_media_count_is_text_not_a_crash(database_url: str) -> None:
    """'¹' passes str.isdigit() but not int(): Twilio never sends it, a stranger may."""
    async with deployment(database_url) as env:
        form = {"MessageSid": "SMsuperscript1", "AccountSid": ACCOUNT_SID, "From": "+306900000777",
                "To": THIRA_NUMBER, "Body": "", "NumMedia": "¹"}  # fmt: skip
        assert (await env.post_sms(form)).status_code == 200
