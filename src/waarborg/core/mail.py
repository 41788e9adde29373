"""Sending mail: over SMTP, or into an outbox folder of .eml files (the demo, and machines without a server).

    mailer = mailer_for("smtp://mail.example.nl:587?starttls=true", "privacy@example.nl")
    mailer.send(Mail(to="an@example.nl", subject="...", text="...", headers=unsubscribe_headers))

The URL comes from ``WAARBORG_SMTP_URL``; a user name and password in it are used to log in and never shown
(errors name the server, never the recipient). A refused or failed delivery raises ``DeliveryError``.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from waarborg.core.errors import DeliveryError, InputError
from waarborg.core.files import write_private


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. application/zip
    data: bytes


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    lang: str = "nl"
    attachments: tuple[Attachment, ...] = ()


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


def message(mail: Mail, sender: str) -> EmailMessage:
    built = EmailMessage()
    built["From"], built["To"], built["Subject"] = sender, mail.to, mail.subject
    built["Date"] = formatdate(localtime=False)
    built["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    for name, value in mail.headers.items():
        built[name] = value
    built.set_content(mail.text)
    if mail.html is not None:
        built.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        built.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename)
    built["Content-Language"] = mail.lang  # after the content: setting it clears Content-* headers
    return built


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    tls: str = "none"  # none | starttls | ssl
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 15.0

    def send(self, mail: Mail) -> None:
        where = f"the mail server at {self.host}:{self.port}"
        try:
            if self.tls == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.tls == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message(mail, self.sender))
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError(f"{where} refused the recipient") from None
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(f"{where} refused the user name or password in WAARBORG_SMTP_URL") from None
        except (OSError, smtplib.SMTPException) as error:
            reason = type(error).__name__ if isinstance(error, smtplib.SMTPException) else error.strerror or "error"
            raise DeliveryError(f"{where} did not take the message ({reason})") from None


@dataclass(frozen=True)
class OutboxMailer:
    """Writes each message as an .eml file: what would have been sent, readable in any mail program."""

    folder: Path
    sender: str

    def send(self, mail: Mail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        write_private(path, bytes(message(mail, self.sender)))


def mailer_for(url: str, sender: str) -> Mailer:
    """The mailer an URL names; InputError (without the password) when it names none."""
    if url.startswith("outbox:"):
        return OutboxMailer(Path(url.removeprefix("outbox:")), sender)
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InputError("WAARBORG_SMTP_URL: expected smtp://host:port, smtps://host:port or outbox:DIR")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
    tls = "ssl" if parts.scheme == "smtps" else "starttls" if starttls else "none"
    try:
        port = parts.port or (465 if tls == "ssl" else 25)
    except ValueError:
        raise InputError("WAARBORG_SMTP_URL: the port is not a number") from None
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpMailer(parts.hostname, port, sender, tls, username, password)
