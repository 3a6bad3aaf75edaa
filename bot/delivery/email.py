"""E-mail to staff (urgent-case alerts) through the SMTP server of the settings, with aiosmtplib."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from frontdesk.settings import Settings

IMPLICIT_TLS_PORT = 465


class EmailFailed(Exception):
    """The SMTP server could not be reached or refused the message; the message names the cause only."""


async def send_email(settings: Settings, *, to: list[str], subject: str, body: str) -> None:
    """Send a plain-text e-mail; raises EmailFailed.

    Port 465 speaks TLS from the start; otherwise STARTTLS is used when the server offers it, and is
    required when a user name is set, so a password never crosses the network in the clear.
    """
    assert settings.smtp_host is not None and settings.smtp_from is not None
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    implicit = settings.smtp_port == IMPLICIT_TLS_PORT
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            use_tls=implicit,
            start_tls=False if implicit else (None if settings.smtp_user is None else True),
            timeout=settings.provider_timeout_seconds,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        raise EmailFailed(type(error).__name__) from None
