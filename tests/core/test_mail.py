"""Mail over a real local SMTP server (aiosmtpd), into an outbox folder, and the failures."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from waarborg.cli.app import app
from waarborg.core.errors import DeliveryError, InputError
from waarborg.core.mail import Mail, OutboxMailer, SmtpMailer, mailer_for


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_message_arrives_with_its_headers(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    mailer = mailer_for(f"smtp://127.0.0.1:{port}", "privacy@voorbeeld.nl")
    headers = {
        "List-Unsubscribe": "<https://privacy.voorbeeld.nl/u/T>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    mailer.send(Mail(to="an@example.nl", subject="Je gegevens", text="Hallo An", headers=headers))
    sender, recipients, received = inbox.messages[0]
    assert (sender, recipients) == ("privacy@voorbeeld.nl", ["an@example.nl"])
    assert received["Subject"] == "Je gegevens" and received["Content-Language"] == "nl"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Hallo An" in received.get_payload(decode=False)


def test_a_server_that_is_not_there_is_a_clear_error_without_the_address() -> None:
    port = free_port()
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}") as caught:
        SmtpMailer("127.0.0.1", port, "privacy@voorbeeld.nl", timeout=2).send(Mail("an@example.nl", "s", "t"))
    assert "an@example.nl" not in str(caught.value)


@pytest.mark.parametrize("url", ["http://mail.example.nl", "smtp://", "smtp://host:port", "mail.example.nl"])
def test_a_bad_smtp_url_is_refused_without_echoing_it(url: str) -> None:
    with pytest.raises(InputError, match="WAARBORG_SMTP_URL") as caught:
        mailer_for(url.replace("host", "user:secret@host"), "privacy@voorbeeld.nl")
    assert "secret" not in str(caught.value)


def test_the_outbox_keeps_each_message_as_eml(tmp_path: Path) -> None:
    mailer = mailer_for(f"outbox:{tmp_path / 'outbox'}", "privacy@voorbeeld.nl")
    assert isinstance(mailer, OutboxMailer)
    mailer.send(Mail(to="an@example.nl", subject="Subject", text="Body", lang="en"))
    [written] = (tmp_path / "outbox").glob("*.eml")
    assert message_from_bytes(written.read_bytes())["To"] == "an@example.nl"


def test_mail_test_command(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    env = {"WAARBORG_SMTP_URL": f"smtp://127.0.0.1:{port}", "WAARBORG_MAIL_FROM": "privacy@voorbeeld.nl"}
    result = CliRunner().invoke(app, ["mail", "test", "--to", "An@Example.nl", "--lang", "en"], env=env)
    assert result.exit_code == 0, result.stderr
    assert inbox.messages[0][2]["Subject"] == "Test message from Waarborg"
    bad = CliRunner().invoke(app, ["mail", "test", "--to", "not an address"], env=env)
    assert bad.exit_code == 2
