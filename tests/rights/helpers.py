"""Fixtures and helpers for requests: seed vaults, synthetic people, mail through a real local SMTP server.

Loaded for the whole suite by tests/conftest.py (the CLI and web tests use them too)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from faker import Faker

from tests.conftest import open_vault
from tests.core.test_mail import Inbox, free_port
from tests.factories import ROOT
from waarborg.access.policy import operator
from waarborg.core.mail import Mail, SmtpMailer
from waarborg.demo import synthetic_record
from waarborg.register.loader import load_register
from waarborg.rights import fulfil
from waarborg.rights import models as request_models
from waarborg.rights.fulfil import Fulfilled, Instructions
from waarborg.vault import tasks
from waarborg.vault.service import Vault

SEEDS = ROOT / "examples" / "registers"
BY = operator("cli:dpo")
BASE = "https://privacy.example.nl"
assert request_models.Request.__tablename__  # the request tables join the metadata before create_all


class Post:
    """The local SMTP server's inbox, read as the requester reads it."""

    def __init__(self, inbox: Inbox, port: int) -> None:
        self.inbox = inbox
        self.url = f"smtp://127.0.0.1:{port}"
        self.send: Callable[[Mail], None] = SmtpMailer("127.0.0.1", port, "privacy@example.nl").send

    def last(self, to: str) -> EmailMessage:
        found = [m for _f, rcpt, m in self.inbox.messages if to in rcpt]
        assert found, f"no mail to {to}"
        parsed = message_from_bytes(found[-1].as_bytes(), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def count(self, to: str) -> int:
        return sum(1 for _f, rcpt, _m in self.inbox.messages if to in rcpt)

    def text(self, to: str) -> str:
        message = self.last(to)
        part = message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())

    def link(self, to: str) -> str:
        match = re.search(r"https://privacy\.example\.nl/r/(\S+)", self.text(to))
        assert match, "no confirmation link"
        return match.group(1)

    def code(self, to: str) -> str:
        match = re.search(r"\b(\d{6})\b", self.text(to))
        assert match, "no code"
        return match.group(1)


@pytest.fixture
def post() -> Iterator[Post]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield Post(inbox, port)
    controller.stop()


def seed_vault(name: str, db_url: str, master_key: bytes) -> Vault:
    return open_vault(load_register(SEEDS / f"{name}.yaml").register, db_url, master_key)


@pytest.fixture
def seeded(db_url: str, master_key: bytes) -> Iterator[Callable[[str], Vault]]:
    opened: list[Vault] = []

    def make(name: str) -> Vault:
        vault = seed_vault(name, db_url, master_key)
        opened.append(vault)
        return vault

    yield make
    for vault in opened:
        vault.close()


def add_person(vault: Vault, activities: list[str], seed: int = 1, **fixed: Any) -> tuple[str, dict[str, Any]]:
    """One synthetic person with a full record in each activity; their e-mail address and the records' values."""
    rng = random.Random(seed)
    rng.random = lambda: 0.0  # type: ignore[method-assign]  # fill every field
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    person: dict[str, Any] = {}
    values: dict[str, Any] = {}
    with vault.unit() as unit:
        for activity in activities:
            record = synthetic_record(vault.register.activities[activity], faker, rng, person)
            record.update({k: v for k, v in fixed.items() if k in vault.register.activities[activity].fields})
            vault.add_record(unit, activity, record, by=BY)
            values[activity] = record
    return str(fixed.get("email", person["user.contact.email"])), values


def linked(vault: Vault) -> list[str]:
    """Activities whose records carry an e-mail address (so a request by e-mail finds them)."""
    return [
        key
        for key, spec in vault.register.activities.items()
        if any(f.category == "user.contact.email" for f in spec.fields.values())
        and not any(f.category.startswith("user.government_id") and f.required for f in spec.fields.values())
    ]


def subject_of(vault: Vault, email: str) -> str:
    with vault.unit() as unit:
        found = vault.find_subject(unit, "email", email, by=BY)
    assert found is not None
    return found


def complete(vault: Vault, post: Post, request_id: str, given: Instructions | None = None) -> Fulfilled:
    """Fulfil, then (as the owners would) mark every open task done, so the answer goes."""
    done = fulfil.fulfil(vault, post.send, request_id, by=BY, given=given or Instructions())
    if done.request.status != "waiting":
        return done
    with vault.unit() as unit:
        for task in tasks.listed(unit, request_id=request_id):
            if task.status == "open":
                tasks.close(vault, unit, task.id, "done", f"done in {task.name}", by=BY)
    closed = fulfil.close_if_done(vault, post.send, request_id, by=BY)
    assert closed is not None
    return closed
