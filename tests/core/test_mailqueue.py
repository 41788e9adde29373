"""The mail queue: messages go out after the answer, an unknown address's message is dropped, a failing
server is tried again, and closing sends what is waiting."""

from __future__ import annotations

import threading

import pytest

from waarborg.core.errors import DeliveryError
from waarborg.core.mail import Mail
from waarborg.core.mailqueue import MailQueue


def _mail(to: str) -> Mail:
    return Mail(to=to, subject="Uw link", text="https://p.example.nl/portal/t/x")


def test_queued_mail_is_sent_and_undeliverable_is_dropped() -> None:
    sent: list[str] = []
    queue = MailQueue(lambda mail: sent.append(mail.to))
    queue.put(_mail("an@example.nl"))
    queue.put(_mail("-"), deliver=False)
    queue.join()
    assert sent == ["an@example.nl"]
    queue.close()


def test_a_failing_server_is_tried_again_then_the_message_is_dropped_without_its_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tries: list[int] = []
    answered = threading.Event()

    def send(mail: Mail) -> None:
        tries.append(1)
        if len(tries) < 3:
            raise DeliveryError("the mail server at mail:25 did not take the message (timeout)")
        answered.set()

    queue = MailQueue(send, tries=4, pause=0.01)
    queue.put(_mail("an@example.nl"))
    assert answered.wait(5) and len(tries) == 3
    never = MailQueue(lambda mail: (_ for _ in ()).throw(DeliveryError("refused")), tries=2, pause=0.01)
    never.put(_mail("bo@example.nl"))
    never.join()
    assert "dropped after 2 tries" in caplog.text and "bo@example.nl" not in caplog.text
    queue.close()
    never.close()


def test_closing_sends_what_is_waiting() -> None:
    sent: list[str] = []
    queue = MailQueue(lambda mail: sent.append(mail.to))
    for n in range(20):
        queue.put(_mail(f"p{n}@example.nl"))
    queue.close()
    assert len(sent) == 20
