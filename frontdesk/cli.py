"""The ``frontdesk`` command: serve, database, staff accounts and centers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from pydantic import SecretStr, ValidationError

from bot.understanding.models import keep_models_in
from frontdesk.centers_file import CentersFileError, load_centers_file
from frontdesk.logs import configure_logging, uvicorn_log_config
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage import migrate
from storage.centers import get_center_by_slug
from storage.enums import Channel, StaffRole
from storage.staff import StaffError, create_staff, get_staff_by_email, set_password

app = typer.Typer(help="Front Desk: chat-bot and SMS front desk for Community Centers.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
staff_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
centers_app = typer.Typer(help="The centers file.", no_args_is_help=True)
jobs_app = typer.Typer(help="Scheduled jobs.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(staff_app, name="staff")
app.add_typer(centers_app, name="centers")
app.add_typer(jobs_app, name="jobs")

DEMO_ADMIN_EMAIL = "admin@frontdesk.local"
DEMO_CENTER = "thira"
T = TypeVar("T")


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def load_settings() -> Settings:
    """Read the settings, or stop with a readable message."""
    try:
        settings = Settings()
    except ValidationError as error:
        lines = [f"  FRONTDESK_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()]
        raise _fail("Configuration error:\n" + "\n".join(lines)) from None
    configure_logging(settings.log_level)
    keep_models_in(settings.model_cache_dir)
    if settings.secret_key is None:
        # A laptop demo needs no set-up; outside development the settings refuse to start without a key.
        settings = settings.model_copy(update={"secret_key": SecretStr(secrets.token_urlsafe(48))})
    return settings


def build_runtime(settings: Settings) -> Runtime:
    """The runtime, or stop with the centers file's problems listed."""
    try:
        return Runtime.build(settings)
    except CentersFileError as error:
        raise _fail(f"Cannot start: the centers file has problems:\n{error}") from None


def run_prepared(runtime: Runtime, work: Callable[[Runtime], Awaitable[T]], *, announce: bool = True) -> T:
    """Check the flows, migrate, sync the centers, run ``work`` and close the database."""
    from bot.flows.check import check_flows

    async def main() -> T:
        try:
            check_flows()
            await runtime.prepare(announce=announce)
            return await work(runtime)
        finally:
            await runtime.close()

    return asyncio.run(main())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API, webhooks and console (migrates and syncs the centers first)."""
    import uvicorn

    from api.app import create_app

    settings = load_settings()
    runtime = build_runtime(settings)
    answering = _start_answering(settings.answer_processes)
    try:
        uvicorn.run(
            create_app(runtime), host=host, port=port, log_level=settings.log_level.lower(),
            log_config=uvicorn_log_config(settings.log_level), access_log=settings.access_log,
        )  # fmt: skip
    finally:
        for process in answering:
            process.terminate()
        for process in answering:
            process.wait(timeout=30)


def _start_answering(count: int) -> list[subprocess.Popen[bytes]]:
    # Our own interpreter and module with numbers we made: nothing here comes from outside.
    command = [sys.executable, "-m", "frontdesk.cli", "work", "--of", str(count), "--index"]
    return [subprocess.Popen([*command, str(index)]) for index in range(count)]  # noqa: S603


# How much lower the answering processes' CPU priority is than the web process's (nice(2)).
ANSWERING_NICENESS = 10


@app.command()
def work(
    index: Annotated[int, typer.Option(help="This process's number, from 0.")] = 0,
    of: Annotated[int, typer.Option(help="How many answering processes there are.")] = 1,
) -> None:
    """Answer stored messages (started by ``serve`` when FRONTDESK_ANSWER_PROCESSES is set)."""
    from bot.conversation.workers import poll_and_answer

    if not 0 <= index < of:
        raise _fail("--index must be between 0 and --of - 1")
    # Acknowledgements, which providers time, come first: under a full CPU the answers wait, not the webhooks.
    os.nice(ANSWERING_NICENESS)
    with contextlib.suppress(KeyboardInterrupt):
        run_prepared(
            build_runtime(load_settings()), lambda runtime: poll_and_answer(runtime, index=index, of=of)
        )


@app.command()
def chat(
    center: Annotated[str, typer.Option(help="Slug of the center the citizen writes to.")],
    channel: Annotated[Channel, typer.Option(help="sms or telegram.")],
    user: Annotated[str, typer.Option(help="The citizen's address: phone number or Telegram chat id.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per outbound message.")] = False,
) -> None:
    """Citizen simulator: each stdin line is one inbound message through the real path."""
    from bot.simulator import run_chat

    address = user
    if channel is Channel.SMS:
        from bot.conversation.turn import normalise_phone

        address = normalise_phone(user) or ""
        if not address:
            raise _fail(f"--user {user!r} is not a phone number")

    async def converse(runtime: Runtime) -> None:
        if runtime.centers.by_slug(center) is None:
            raise _fail(f"no center {center!r}; the centers file has: {_slugs(runtime)}")
        await run_chat(
            runtime, center=center, channel=channel, address=address, lines=sys.stdin, as_json=as_json
        )

    run_prepared(build_runtime(load_settings()), converse)


@jobs_app.command("run")
def jobs_run(
    name: Annotated[
        str,
        typer.Argument(
            help="outbox, inbound, spool, retention, webhooks, reminders, announcements, visit_changes, alerts …"
        ),
    ],
    now: Annotated[str | None, typer.Option(help="Run as if the time were this ISO-8601 instant.")] = None,
) -> None:
    """Run one scheduled job once."""
    from datetime import UTC, datetime

    from bot.jobs import JOBS
    from bot.jobs.service import Service
    from frontdesk.clock import FixedClock

    if name not in JOBS:
        raise _fail(f"no job {name!r}; jobs: {', '.join(sorted(JOBS))}")
    runtime = build_runtime(load_settings())
    if now is not None:
        try:
            instant = datetime.fromisoformat(now)
        except ValueError:
            raise _fail(f"--now {now!r} is not an ISO-8601 date and time") from None
        runtime.clock = FixedClock(instant if instant.tzinfo else instant.replace(tzinfo=UTC))

    async def run(runtime: Runtime) -> str | None:
        service = Service(runtime)
        await service.clients.start()
        try:
            # Jobs are safe to run twice: an operator's run does not wait for the scheduler's leader.
            return await service.run_job(name, only_if_leading=False)
        finally:
            await service.stop()

    summary = run_prepared(runtime, run)
    if summary is None:
        typer.echo(f"{name}: failed (see the log)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{name}: {summary}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    settings = load_settings()
    migrate.upgrade(settings.database_url)
    typer.echo(f"database at revision {migrate.current_revision(settings.database_url)}")


@centers_app.command("check")
def centers_check() -> None:
    """Validate the centers file and show which channels are on."""
    import os

    settings = load_settings()
    try:
        config = load_centers_file(settings.centers_file, os.environ)
    except CentersFileError as error:
        raise _fail(str(error)) from None
    for center in config.centers:
        channels = [
            name for name, on in (("sms", center.sms_number), ("telegram", center.telegram_enabled)) if on
        ]
        areas = len(center.mobile_unit.areas) if center.mobile_unit else 0
        typer.echo(f"{center.slug}: channels={','.join(channels) or 'none'} mobile-unit areas={areas}")


@staff_app.command("add")
def staff_add(
    center: Annotated[str, typer.Option(help="Slug of the center.")],
    role: Annotated[StaffRole, typer.Option(help="staff, coordinator or admin.")],
    email: Annotated[str, typer.Option(help="Login e-mail.")],
    password: Annotated[
        str | None, typer.Option(help="Password; generated and printed when omitted.")
    ] = None,
) -> None:
    """Create a staff account."""
    chosen = password or secrets.token_urlsafe(12)

    async def add(runtime: Runtime) -> str:
        async with runtime.sessions.begin() as session:
            found = await get_center_by_slug(session, slug=center)
            if found is None:
                raise _fail(f"no center {center!r}; the centers file has: {_slugs(runtime)}")
            try:
                staff = await create_staff(
                    session,
                    center_id=found.id,
                    role=role,
                    email=email,
                    password=chosen,
                    passwords=runtime.passwords,
                    now=runtime.clock.now(),
                )
            except StaffError as error:
                raise _fail(str(error)) from None
            return staff.email

    created = run_prepared(build_runtime(load_settings()), add, announce=False)
    typer.echo(f"created {role.value} {created} at {center}")
    if password is None:
        typer.echo(f"password: {chosen}")


@staff_app.command("demo")
def staff_demo() -> None:
    """Create (or reset) the demo admin and print its login."""
    password = secrets.token_urlsafe(12)

    async def ensure(runtime: Runtime) -> None:
        async with runtime.sessions.begin() as session:
            existing = await get_staff_by_email(session, email=DEMO_ADMIN_EMAIL)
            if existing is not None:
                await set_password(session, staff=existing, password=password, passwords=runtime.passwords)
                return
            found = await get_center_by_slug(session, slug=DEMO_CENTER)
            if found is None:
                raise _fail(f"the demo needs center {DEMO_CENTER!r}; the centers file has: {_slugs(runtime)}")
            await create_staff(
                session,
                center_id=found.id,
                role=StaffRole.ADMIN,
                email=DEMO_ADMIN_EMAIL,
                password=password,
                passwords=runtime.passwords,
                now=runtime.clock.now(),
                full_name="Demo admin",
            )

    run_prepared(build_runtime(load_settings()), ensure, announce=False)
    typer.echo(f"Demo admin of center '{DEMO_CENTER}': {DEMO_ADMIN_EMAIL} / {password}")


def _slugs(runtime: Runtime) -> str:
    return ", ".join(center.slug for center in runtime.centers.centers)


def main() -> None:
    """Entry point of the console script."""
    app(prog_name="frontdesk")


if __name__ == "__main__":
    main()
