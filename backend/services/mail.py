"""Outgoing e-mail: SMTP when configured, otherwise files in the data dir's outbox.

Always called after the transaction commits, never inside it."""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailer:
    smtp_url: str | None  # smtp://user:pass@host:587 (STARTTLS) or smtps://... (TLS)
    outbox: Path
    sender: str

    async def send(self, *, to: str, subject: str, text: str) -> None:
        """Send one message; a delivery failure is logged, never raised to the caller."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        message.set_content(text)
        try:
            if self.smtp_url:
                await asyncio.to_thread(self._send_smtp, message)
            else:
                await asyncio.to_thread(self._write_outbox, message)
        except (OSError, smtplib.SMTPException):
            log.exception("could not deliver an e-mail (subject %r)", subject)

    def _send_smtp(self, message: EmailMessage) -> None:
        url = urlsplit(self.smtp_url or "")
        host, port = (
            url.hostname or "localhost",
            url.port or (465 if url.scheme == "smtps" else 587),
        )
        context = ssl.create_default_context()
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, context=context, timeout=30)
        else:
            client = smtplib.SMTP(host, port, timeout=30)
        with client:
            if url.scheme == "smtp":
                client.starttls(context=context)
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)

    def _write_outbox(self, message: EmailMessage) -> None:
        self.outbox.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        fd = os.open(self.outbox / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(bytes(message))
