"""The email channel: one message per run per watch, listing its new documents, through SMTP.

The server and credentials come from the environment, never the archive or the logs:

    COURT_ARCHIVE_SMTP_HOST       the server (required for email)
    COURT_ARCHIVE_SMTP_PORT       its port (587)
    COURT_ARCHIVE_SMTP_STARTTLS   auto: STARTTLS when the server offers it (the default);
                                  require: fail when it does not; off: never
    COURT_ARCHIVE_SMTP_USER, COURT_ARCHIVE_SMTP_PASSWORD   log in with these, only over TLS
                                  (unless STARTTLS is off, for a relay on the same host)
    COURT_ARCHIVE_SMTP_FROM       the sender (court-archiver@<this host>)
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from storage.watches.payload import summary_text

logger = logging.getLogger(__name__)

TIMEOUT = 30.0
STARTTLS_MODES = ("auto", "require", "off")


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send mail."""

    host: str
    port: int = 587
    starttls: str = "auto"
    user: str | None = None
    password: str | None = None
    sender: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpConfig | str:
        """The configuration the environment gives, or why it gives none."""
        env = os.environ if env is None else env
        host = env.get("COURT_ARCHIVE_SMTP_HOST", "")
        if not host:
            return "$COURT_ARCHIVE_SMTP_HOST is not set"
        starttls = env.get("COURT_ARCHIVE_SMTP_STARTTLS", "auto").lower()
        if starttls not in STARTTLS_MODES:
            return f"$COURT_ARCHIVE_SMTP_STARTTLS is {starttls!r}, not one of {', '.join(STARTTLS_MODES)}"
        try:
            port = int(env.get("COURT_ARCHIVE_SMTP_PORT") or 587)
        except ValueError:
            return "$COURT_ARCHIVE_SMTP_PORT is not a number"
        return cls(
            host,
            port,
            starttls,
            env.get("COURT_ARCHIVE_SMTP_USER") or None,
            env.get("COURT_ARCHIVE_SMTP_PASSWORD") or None,
            env.get("COURT_ARCHIVE_SMTP_FROM") or f"court-archiver@{socket.getfqdn()}",
        )


def message(
    sender: str, to: Sequence[str], watch: str, summaries: Sequence[dict[str, Any]], now: datetime
) -> EmailMessage:
    """The one message of a run: a line and the facts of each new document."""
    mail = EmailMessage()
    count = f"{len(summaries)} new document{'s' if len(summaries) != 1 else ''}"
    mail["Subject"] = f"[court-archiver] {watch}: {count}"
    mail["From"], mail["To"] = sender, ", ".join(to)
    mail["Date"], mail["Message-ID"] = format_datetime(now), make_msgid(domain="court-archiver")
    mail["X-Court-Archive-Watch"] = watch
    body = [f"Watch {watch!r}: {count} since it last wrote.", ""]
    body += [summary_text(summary) + "\n" for summary in summaries]
    mail.set_content("\n".join(body))
    return mail


def _describe(exc: Exception) -> str:
    """An SMTP failure in a few words: never the credentials."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} ({exc.smtp_code})"
    return f"{type(exc).__name__}: {exc}" if isinstance(exc, (OSError, ValueError)) else type(exc).__name__


def send(config: SmtpConfig, mail: EmailMessage) -> str | None:
    """Send `mail`; None when the server accepted it for every recipient, else why not."""
    try:
        with smtplib.SMTP(config.host, config.port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            offered = smtp.has_extn("starttls")
            if config.starttls == "require" and not offered:
                return "the server does not offer STARTTLS (COURT_ARCHIVE_SMTP_STARTTLS=require)"
            secure = offered and config.starttls != "off"
            if secure:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config.user:
                if not secure and config.starttls != "off":
                    return "not sending the SMTP password in clear: the server offers no STARTTLS"
                smtp.login(config.user, config.password or "")
            refused = smtp.send_message(mail)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        return _describe(exc)
    if refused:  # the others have it: sending it again would repeat it to them
        logger.warning("The SMTP server refused %d of the recipients of %s", len(refused), mail["Subject"])
    return None
