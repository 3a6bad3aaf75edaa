"""The ``frontdesk`` command as an operator runs it, in a fresh process."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import environment_without_settings

# Slow (a fresh process per command): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

FRONTDESK = [sys.executable, "-m", "frontdesk.cli"]


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FRONTDESK, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    clean = environment_without_settings()
    return {**clean, "FRONTDESK_DATABASE_URL": database_url}


def test_db_upgrade_and_staff_add(env: dict[str, str], tmp_path: Path) -> None:
    upgraded = run(["db", "upgrade"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert re.search(r"database at revision \d{4}", upgraded.stdout)
    added = run(
        ["staff", "add", "--center", "thira", "--role", "coordinator", "--email", "kk@thira.gov.gr"],
        env,
        tmp_path,
    )
    assert added.returncode == 0, added.stderr
    assert "created coordinator kk@thira.gov.gr at thira" in added.stdout
    assert "password: " in added.stdout
    again = run(
        [
            "staff",
            "add",
            "--center",
            "thira",
            "--role",
            "staff",
            "--email",
            "KK@thira.gov.gr",
            "--password",
            "0123456789",
        ],
        env,
        tmp_path,
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    unknown = run(
        [
            "staff",
            "add",
            "--center",
            "atlantis",
            "--role",
            "staff",
            "--email",
            "x@y.gr",
            "--password",
            "0123456789",
        ],
        env,
        tmp_path,
    )
    assert unknown.returncode == 2 and "no center 'atlantis'" in unknown.stderr
    bad_role = run(
        ["staff", "add", "--center", "thira", "--role", "king", "--email", "x@y.gr"], env, tmp_path
    )
    assert bad_role.returncode != 0


def test_staff_demo_prints_a_working_login(env: dict[str, str], tmp_path: Path) -> None:
    first = run(["staff", "demo"], env, tmp_path)
    second = run(["staff", "demo"], env, tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "admin@frontdesk.local / " in second.stdout


def test_bad_centers_file_stops_start_up_naming_file_center_and_field(
    env: dict[str, str], tmp_path: Path
) -> None:
    from frontdesk.settings import BUNDLED_CENTERS_FILE

    broken = tmp_path / "centers.toml"
    broken.write_text(
        BUNDLED_CENTERS_FILE.read_text(encoding="utf-8").replace(
            'sms_number = "${FRONTDESK_PALAMAS_SMS_NUMBER}"', 'sms_number = "${FRONTDESK_PALAMAS_SMS_NUMBER"'
        ),
        encoding="utf-8",
    )
    result = run(["serve"], {**env, "FRONTDESK_CENTERS_FILE": str(broken)}, tmp_path)
    assert result.returncode == 2
    assert f"centers file {broken}: center 'palamas', field sms_number: malformed reference" in result.stderr


def test_bad_setting_stops_start_up(env: dict[str, str], tmp_path: Path) -> None:
    result = run(
        ["db", "upgrade"],
        {**env, "FRONTDESK_ENV": "production", "FRONTDESK_SECRET_KEY": "changethis"},
        tmp_path,
    )
    assert result.returncode == 2
    assert "FRONTDESK_SECRET_KEY must be set" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_health_and_readiness_on_an_empty_database(env: dict[str, str], tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [*FRONTDESK, "serve", "--port", str(port)],
        env=env | {"FRONTDESK_ACCESS_LOG": "true"},  # off by default; on here to show it keeps no query
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline, "serve did not start within 60 s"
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/readyz?q=6912345678", timeout=5).status_code == 200
        time.sleep(2.5)  # the outbox job has run at least once
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "centers synced: alonissos, thira, mylopotamos, palamas, aigialeia" in output
    assert output.count("center 'thira': SMS channel off") == 1
    # Access lines carry the path without the query; the scheduler's ticks stay below INFO.
    assert '"GET /readyz HTTP/1.1" 200' in output and "6912345678" not in output
    assert "executed successfully" not in output and "Running job" not in output


def test_one_off_commands_leave_the_channel_notices_to_serve(env: dict[str, str], tmp_path: Path) -> None:
    demo = run(["staff", "demo"], env, tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "channel off" not in demo.stderr + demo.stdout
