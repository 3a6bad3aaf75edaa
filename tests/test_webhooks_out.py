"""New cases announced to a center's own system as signed JSON, with retries."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from bot.delivery.webhooks_out import signature
from bot.jobs import JobContext
from bot.jobs.webhooks import webhooks_job
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import BUNDLED_CENTERS_FILE, Settings
from tests.conversation import Citizen
from tests.standins import WebhookReceiver


async def test_new_cases_reach_the_centers_system_signed_and_retried(
    database_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    receiver = await WebhookReceiver(fail_first=1).start()
    centers = tmp_path / "centers.toml"
    text = BUNDLED_CENTERS_FILE.read_text(encoding="utf-8")
    hook = f'case_webhook_url = "{receiver.url}/hook"\ncase_webhook_secret = "${{HOOK_SECRET}}"\n'
    centers.write_text(
        text.replace("[centers.thira.mobile_unit]", hook + "\n[centers.thira.mobile_unit]"), encoding="utf-8"
    )
    settings = Settings(
        env="test", database_url=database_url, secret_key="w" * 40, centers_file=centers, retry_base_seconds=1
    )
    runtime = Runtime.build(settings, environ={"HOOK_SECRET": "hook-secret"}, clock=clock)
    await runtime.prepare()
    clients = ChannelClients()
    context = JobContext(runtime, clients, Sender(runtime, clients))
    try:
        citizen = Citizen(runtime, address="+306900000999")
        await citizen.send("Hello")
        await citizen.send("6")  # talk to a person: a new case
        assert await webhooks_job(context) == "delivered=0 retried=1 failed=0"
        assert await webhooks_job(context) == "delivered=0 retried=0 failed=0"  # waiting for its backoff
        clock.advance(timedelta(seconds=5))
        assert await webhooks_job(context) == "delivered=1 retried=0 failed=0"
        ((headers, body),) = receiver.received
        payload = json.loads(body)
        assert payload["event"] == "case.created" and payload["center"] == "thira"
        assert payload["case"]["reference"] == (await citizen.cases())[0].reference
        assert "+306900000999" not in body.decode()  # no personal data leaves in the announcement
        expected = signature("hook-secret", headers["X-FrontDesk-Timestamp"], body)
        assert headers["X-FrontDesk-Signature"] == expected and headers["X-FrontDesk-Event"] == "case.created"
    finally:
        await runtime.close()
        await receiver.stop()
