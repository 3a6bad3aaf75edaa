"""Settings: environment prefix, URLs and the refusal of placeholder secrets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from frontdesk.settings import Settings


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_DATABASE_URL", "postgresql+psycopg://db/frontdesk")
    monkeypatch.setenv("FRONTDESK_TWILIO_API_URL", "http://127.0.0.1:9999/")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/frontdesk"
    assert settings.twilio_api_url == "http://127.0.0.1:9999"
    assert not settings.sms_enabled


def test_development_on_loopback_needs_no_secret() -> None:
    assert Settings(secret_key=None).is_development


@pytest.mark.parametrize("placeholder", [None, "changethis", "secret", "short-but-real"])
def test_production_refuses_placeholder_secret(placeholder: str | None) -> None:
    with pytest.raises(ValidationError, match="FRONTDESK_SECRET_KEY"):
        Settings(env="production", secret_key=placeholder)


def test_public_url_counts_as_production_even_in_development_mode() -> None:
    with pytest.raises(ValidationError, match="FRONTDESK_SECRET_KEY"):
        Settings(public_url="https://kk.thira.gov.gr", secret_key="changethis")


def test_production_accepts_a_long_random_secret() -> None:
    settings = Settings(env="production", public_url="https://kk.thira.gov.gr", secret_key="k" * 48)
    assert settings.public_url_is_public
    assert settings.secret_key is not None
    assert "k" * 48 not in repr(settings)


def test_rejects_non_http_urls() -> None:
    with pytest.raises(ValidationError, match="http"):
        Settings(telegram_api_url="ftp://example.org")


def test_sms_enabled_with_account_and_token() -> None:
    assert Settings(twilio_account_sid="AC123", twilio_auth_token="tok").sms_enabled
