"""The product's app plus two bare endpoints, served together for bench/webhooks.py.

    .venv/bin/python bench/webhook_server.py --port 8765 --database-url sqlite:///tmp/bench.db
                                             [--answer-processes N] [--send --telegram-api-url URL]

The bare endpoints return what the webhooks return (empty TwiML, ``{"ok": true}``) and do nothing else:
the baseline a webhook is compared with, in the same process on the same event loop. With the
environment variable BENCH_NO_ANSWERS set, stored messages are not answered: acceptance alone is timed.
With ``--send`` the scheduler and the sender run too (bench/endtoend.py), Telegram's pacing lifted (the
stand-in at ``--telegram-api-url`` is not Telegram). Served on uvloop with httptools, as ``frontdesk serve``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import uvicorn
import uvloop
from fastapi import Response

# BENCH_PRODUCT_ROOT serves another source tree of the product (bench/endtoend.py --before).
sys.path.insert(0, os.environ.get("BENCH_PRODUCT_ROOT") or str(Path(__file__).resolve().parent.parent))

from api.app import create_app
from api.routes.webhooks import EMPTY_TWIML
from bot.jobs.service import Service
from bot.understanding.models import keep_models_in
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from tests.standins import TelegramStandIn, TwilioStandIn

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "bench-token"
THIRA_NUMBER = "+302286099999"
TELEGRAM_TOKEN = "424242:BENCH-TOKEN"
TELEGRAM_SECRET = "bench-secret"


async def serve(
    port: int, database_url: str, answer_processes: int, send: bool, telegram_api_url: str | None, spool: Path
) -> None:
    """Run the app with the providers' stand-ins until killed."""
    twilio = await TwilioStandIn().start()
    telegram_url = telegram_api_url or (await TelegramStandIn().start()).url
    settings = Settings(
        env="test", database_url=database_url, secret_key="b" * 40, public_url=f"http://127.0.0.1:{port}",
        twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_url=twilio.url,
        telegram_api_url=telegram_url, log_level="WARNING", answer_processes=answer_processes, spool_dir=spool,
    )  # fmt: skip
    if send:
        # Not validated on purpose: above Telegram's 30 a second, which the stand-in does not have. A public
        # URL makes the service set its webhook rather than poll the stand-in.
        settings = settings.model_copy(
            update={
                "telegram_messages_per_second": 1_000_000, "telegram_chat_interval_seconds": 0.0,
                "public_url": "https://frontdesk.bench.example",
            }
        )  # fmt: skip
    environ = {
        "FRONTDESK_THIRA_SMS_NUMBER": THIRA_NUMBER,
        "FRONTDESK_THIRA_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "FRONTDESK_THIRA_TELEGRAM_SECRET": TELEGRAM_SECRET,
    }
    keep_models_in(settings.model_cache_dir)  # as `frontdesk serve` does
    runtime = Runtime.build(settings, environ=environ)
    service = Service(runtime)
    app = create_app(runtime, service, scheduler=send)
    if os.environ.get("BENCH_NO_ANSWERS"):
        service.workers.submit = lambda *args: None  # type: ignore[method-assign]

    @app.post("/bench/bare-sms", include_in_schema=False)
    async def bare_sms() -> Response:
        return Response(EMPTY_TWIML, media_type="application/xml")

    @app.post("/bench/bare-telegram", include_in_schema=False)
    async def bare_telegram() -> dict[str, bool]:
        return {"ok": True}

    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, http="httptools"
    )
    worker_environment = {
        **os.environ, **environ, "FRONTDESK_DATABASE_URL": database_url, "FRONTDESK_ENV": "test",
        "FRONTDESK_SECRET_KEY": "b" * 40, "FRONTDESK_LOG_LEVEL": "WARNING",
    }  # fmt: skip
    command = [sys.executable, "-m", "frontdesk.cli", "work", "--of", str(answer_processes), "--index"]
    answering = [
        await asyncio.create_subprocess_exec(*command, str(index), env=worker_environment)
        for index in range(answer_processes)
    ]
    try:
        await uvicorn.Server(config).serve()
    finally:
        for process in answering:
            process.terminate()


def main() -> None:
    """Parse the arguments and serve."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--answer-processes", type=int, default=0)
    parser.add_argument("--send", action="store_true", help="run the scheduler and the sender")
    parser.add_argument("--telegram-api-url")
    parser.add_argument("--spool-dir", type=Path, required=True)
    arguments = parser.parse_args()
    uvloop.run(
        serve(
            arguments.port, arguments.database_url, arguments.answer_processes, arguments.send,
            arguments.telegram_api_url, arguments.spool_dir,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
