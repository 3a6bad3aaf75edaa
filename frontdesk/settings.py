"""Runtime settings, read once from the environment (prefix ``FRONTDESK_``)."""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changethis", "change-me", "changeme", "secret", "placeholder", "xxx"})
MIN_SECRET_LENGTH = 32
BUNDLED_CENTERS_FILE = Path(__file__).parent / "data" / "centers.toml"


class Environment(StrEnum):
    """Where the service runs; only development accepts a missing secret key."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every setting of the service; built once at start-up and passed in, never read from globals."""

    model_config = SettingsConfigDict(env_prefix="FRONTDESK_", extra="ignore", frozen=True)

    env: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite:///./var/frontdesk.db"
    centers_file: Path = BUNDLED_CENTERS_FILE
    public_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr | None = None
    log_level: str = "INFO"
    # A line per HTTP request: off by default (CPU on the busiest path, and little to say that logs need).
    access_log: bool = False

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_api_url: str = "https://api.twilio.com"
    telegram_api_url: str = "https://api.telegram.org"

    token_ttl_minutes: int = Field(default=8 * 60, ge=5, le=7 * 24 * 60)

    # E-mail for urgent-case alerts (centers file ``[centers.X.alerts] email``); unset: no e-mail alerts.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = None

    # Inbound: where verified messages wait while the database is down, and when a message that keeps
    # failing is set aside (the citizen gets an apology, staff see it in the digest).
    spool_dir: Path = Path("var/spool")
    # Fitted understanding models, each under the hash of its training data: later starts load, not fit.
    model_cache_dir: Path = Path("var/models")
    inbound_attempts: int = Field(default=3, ge=1, le=20)
    # Conversation workers per process: citizens answered at once (each citizen's messages stay in order).
    answer_workers: int = Field(default=8, ge=1, le=256)
    # Processes `frontdesk serve` starts to answer messages (0: the web process answers them itself). With
    # PostgreSQL, 1 or 2 keep the webhooks fast under load; SQLite has one writer, so keep 0 there.
    answer_processes: int = Field(default=0, ge=0, le=32)

    # Delivery: pacing below the providers' limits, retries, and caps against SMS pumping.
    telegram_messages_per_second: int = Field(default=25, ge=1, le=30)
    telegram_chat_interval_seconds: float = Field(default=1.05, ge=0.0)
    twilio_messages_per_second: int = Field(default=1, ge=1, le=1000)
    # Twilio's 429 carries no Retry-After the client exposes: wait this long before the next try.
    twilio_throttle_seconds: float = Field(default=1.0, gt=0)
    provider_timeout_seconds: float = Field(default=10.0, gt=0)
    sender_concurrency: int = Field(default=16, ge=1, le=512)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=600.0, gt=0)
    give_up_after_hours: float = Field(default=24.0, gt=0)
    sms_countries: Annotated[list[str], NoDecode] = ["GR"]
    sms_per_number_per_hour: int = Field(default=30, ge=1)
    sms_per_center_per_hour: int = Field(default=600, ge=1)
    # What one SMS segment costs, for the announcement composer's estimate (Twilio to Greece, roughly).
    sms_price_eur: float = Field(default=0.045, ge=0, le=10)

    # Retention, in days: messages and delivery data, idle conversation state, closed cases (then anonymised).
    retention_messages_days: int = Field(default=730, ge=1)
    retention_conversations_days: int = Field(default=90, ge=1)
    retention_receipts_days: int = Field(default=90, ge=1)
    retention_closed_cases_days: int = Field(default=5 * 365, ge=1)
    retention_tokens_days: int = Field(default=30, ge=1)

    @field_validator("public_url", "twilio_api_url", "telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"must be an http(s) URL, got {value!r}")
        return value.rstrip("/")

    @field_validator("sms_countries", mode="before")
    @classmethod
    def _countries(cls, value: object) -> object:
        # FRONTDESK_SMS_COUNTRIES=GR,CY reads better than JSON in an environment file.
        if isinstance(value, str) and not value.strip().startswith("["):
            return [part.strip().upper() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.is_development:
            return self
        key = self.secret_key.get_secret_value() if self.secret_key else ""
        if key.strip().lower() in PLACEHOLDER_SECRETS or len(key) < MIN_SECRET_LENGTH:
            raise ValueError(
                "FRONTDESK_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters outside development "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @property
    def is_development(self) -> bool:
        """True for a laptop demo: development mode and a loopback public URL."""
        return self.env is Environment.DEVELOPMENT and is_loopback_url(self.public_url)

    @property
    def public_url_is_public(self) -> bool:
        """True when providers on the internet can reach ``public_url`` (webhooks instead of polling)."""
        return not is_loopback_url(self.public_url) and urlsplit(self.public_url).scheme == "https"

    @property
    def smtp_enabled(self) -> bool:
        """True when alerts can be e-mailed (a server and a sender address are configured)."""
        return bool(self.smtp_host and self.smtp_from)

    @property
    def sms_enabled(self) -> bool:
        """True when a Twilio account is configured."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)


def is_loopback_url(url: str) -> bool:
    """Tell whether a URL points at this machine or a private network."""
    host = urlsplit(url).hostname or ""
    if host in {"localhost", ""} or host.endswith(".localhost") or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local
