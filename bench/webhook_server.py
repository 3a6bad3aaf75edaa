"""The product's app plus two bare endpoints, served together for bench/webhooks.py.

    .venv/bin/python bench/webhook_server.py --port 8765 --database-url sqlite:///tmp/bench.db

The bare endpoints return what the webhooks return (empty TwiML, ``{"ok": true}``) and do nothing else:
the baseline a webhook is compared with, in the same process on the same event loop. With the
environment variable BENCH_NO_ANSWERS set, stored messages are not answered: acceptance alone is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import uvicorn
from fastapi import Response

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import create_app
from api.routes.webhooks import EMPTY_TWIML
from bot.jobs.service import Service
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from tests.standins import TelegramStandIn, TwilioStandIn

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "bench-token"
THIRA_NUMBER = "+302286099999"
TELEGRAM_TOKEN = "424242:BENCH-TOKEN"
TELEGRAM_SECRET = "bench-secret"


async def serve(port: int, database_url: str, answer_processes: int) -> None:
    """Run the app with the providers' stand-ins until killed."""
    telegram, twilio = await TelegramStandIn().start(), await TwilioStandIn().start()
    spool = (
        Path(database_url[10:]).parent / "spool"
        if database_url.startswith("sqlite")
        else Path("var/bench-spool")
    )
    settings = Settings(
        env="test", database_url=database_url, secret_key="b" * 40, public_url=f"http://127.0.0.1:{port}",
        twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_url=twilio.url,
        telegram_api_url=telegram.url, log_level="WARNING", answer_processes=answer_processes, spool_dir=spool,
    )  # fmt: skip
    environ = {
        "FRONTDESK_THIRA_SMS_NUMBER": THIRA_NUMBER,
        "FRONTDESK_THIRA_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "FRONTDESK_THIRA_TELEGRAM_SECRET": TELEGRAM_SECRET,
    }
    runtime = Runtime.build(settings, environ=environ)
    service = Service(runtime)
    app = create_app(runtime, service, scheduler=False)
    if os.environ.get("BENCH_NO_ANSWERS"):
        service.workers.submit = lambda *args: None  # type: ignore[method-assign]

    @app.post("/bench/bare-sms", include_in_schema=False)
    async def bare_sms() -> Response:
        return Response(EMPTY_TWIML, media_type="application/xml")

    @app.post("/bench/bare-telegram", include_in_schema=False)
    async def bare_telegram() -> dict[str, bool]:
        return {"ok": True}

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
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
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.port, arguments.database_url, arguments.answer_processes))


if __name__ == "__main__":
    main()
