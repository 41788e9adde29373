"""Art 14 notices, igen's potentials: the message within a month through a real SMTP server, yes → five years,
no or silence → only the name and "niet benaderen"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message

import pytest
from fastapi.testclient import TestClient

from tests.conftest import open_vault
from tests.core.test_mail import Inbox, smtp  # noqa: F401  (fixture)
from tests.factories import ROOT
from waarborg.access.policy import operator
from waarborg.consent import notices, receipts
from waarborg.core.mail import mailer_for
from waarborg.core.periods import Period
from waarborg.core.timeutil import now
from waarborg.register.due import add_period
from waarborg.register.loader import load_register
from waarborg.retention.sweep import sweep
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

BY = operator("test")
T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
BASE = "https://privacy.igen.example"


@pytest.fixture
def igen(db_url: str, master_key: bytes) -> Iterator[Vault]:
    vault = open_vault(load_register(ROOT / "examples" / "registers" / "igen.yaml").register, db_url, master_key)
    yield vault
    vault.close()


def potential(vault: Vault, email: str, source: str = "public_sources") -> str:
    with vault.unit() as unit:
        added = vault.add_record(unit, "potentials", {"name": "Noor el Amrani", "email": email}, collected_at=T0,
                                 source=source, by=BY)  # fmt: skip
    return added.subject_id


def send(vault: Vault, port: int, at: datetime) -> notices.NoticeReport:
    return notices.send_due(vault, mailer_for(f"smtp://127.0.0.1:{port}", "privacy@igen.example"), at,
                            base_url=BASE, by=BY)  # fmt: skip


def links_in(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^(Ja|Nee): (\S+)\s*$", text, re.MULTILINE)}


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def test_a_notice_goes_out_within_a_month_and_a_yes_keeps_five_years(igen: Vault, smtp: tuple[Inbox, int]) -> None:  # noqa: F811
    inbox, port = smtp
    subject = potential(igen, "noor@example.nl")
    potential(igen, "self@example.nl", source="data_subject")  # told at collection: no Art 14 notice
    month = add_period(T0, Period(months=1))
    assert send(igen, port, month - timedelta(seconds=1)).sent == 0
    assert send(igen, port, month).as_dict() == {"sent": 1, "failed": 0, "unreachable": 0, "lapsed": 0}
    assert send(igen, port, month).sent == 0  # once
    [(_sender, recipients, message)] = inbox.messages
    text = body(message)
    assert recipients == ["noor@example.nl"] and message["Subject"] == "igen Group B.V. verwerkt je gegevens"
    assert "Indeed, Monsterboard of LinkedIn" in text and "Autoriteit Persoonsgegevens" in text
    answer = links_in(text)
    assert set(answer) == {"ja", "nee"}
    with TestClient(create_app(igen)) as client:
        path = answer["ja"].removeprefix(BASE)
        assert "toestemming" in client.get(path).text
        assert client.post(path, data={"lang": "nl"}).status_code == 200
        assert "al beantwoord" in client.post(path).text  # a replay changes nothing
    with igen.unit() as unit:
        assert receipts.current(unit, subject) == {"potentials": {"keep_five_years": True}}
        record = igen.get_subject(unit, subject, by=BY).records[0]
    # the answer (given now, through the page) is consent_given: the five-year rule sets the date
    assert record.due_rule == 1 and record.due_at is not None and record.due_at > add_period(month, Period(years=5))


def test_silence_or_a_no_leaves_only_the_name_on_the_do_not_contact_list(igen: Vault, smtp: tuple[Inbox, int]) -> None:  # noqa: F811
    inbox, port = smtp
    silent = potential(igen, "stil@example.nl")
    saying_no = potential(igen, "nee@example.nl")
    month = add_period(T0, Period(months=1))
    assert send(igen, port, month).sent == 2
    no_link = next(links_in(body(m))["nee"] for _s, to, m in inbox.messages if to == ["nee@example.nl"])
    with TestClient(create_app(igen)) as client:
        assert client.post(no_link.removeprefix(BASE)).status_code == 200
    four_weeks = add_period(month, Period(weeks=4))
    assert send(igen, port, four_weeks - timedelta(seconds=1)).lapsed == 0
    assert send(igen, port, four_weeks).lapsed == 1  # the silent one
    sweep(igen, now(), by=BY)  # the no was given now, through the page; the silence lapsed at four_weeks
    with igen.unit() as unit:
        for subject in (silent, saying_no):
            record = igen.get_subject(unit, subject, by=BY).records[0]
            assert (record.status, record.values) == ("minimised", {"name": "Noor el Amrani"})
        assert igen.find_subject(unit, "email", "stil@example.nl", by=BY) is None


def test_an_undeliverable_notice_stays_due(igen: Vault) -> None:
    potential(igen, "noor@example.nl")
    month = add_period(T0, Period(months=1))
    nowhere = mailer_for("smtp://127.0.0.1:9", "privacy@igen.example")
    report = notices.send_due(igen, nowhere, month, base_url=BASE, by=BY)
    assert (report.sent, report.failed) == (0, 1)
    assert notices.send_due(igen, mailer_for("outbox:/tmp/waarborg-test-outbox", "p@igen.example"), month,
                            base_url=BASE, by=BY).sent == 1  # fmt: skip
