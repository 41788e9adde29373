"""A vault with the life of a small organisation in it, for the page tour and the screenshots: ICM's register,
people in several activities, mailing consents, requests in every state (unconfirmed, open, due soon, overdue,
waiting for tasks, answered), a breach on its clock, and a privacy officer and an instructor to sign in as.
All synthetic; what staff write (notes, the breach) is in Dutch, as ICM's staff would write it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from tests.discovery import planted
from tests.rights.helpers import BY, add_person
from waarborg.access import breaches
from waarborg.access.users import DPO, add_user
from waarborg.consent import receipts
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.discovery.database import SqlSource
from waarborg.discovery.report import discover
from waarborg.discovery.store import save_report
from waarborg.rights import fulfil, intake
from waarborg.vault.service import Vault

PASSWORD = "een-lang-wachtwoord-2026"
OFFICER, INSTRUCTOR = "fg", "trainer"
COURSE = "Excel"  # the instructor's course


@dataclass(frozen=True)
class Seeded:
    people: dict[str, str]  # name -> e-mail address
    requests: dict[str, str]  # what it shows -> request id
    breach: int


def seed(vault: Vault, send: Callable[[Mail], None], base_url: str) -> Seeded:
    """Fill ``vault``; mail (receipts, confirmation links) goes to ``send`` with links to ``base_url``."""
    people = {
        "an": add_person(vault, ["courses", "newsletter"], seed=21, email="an@example.nl", course=COURSE)[0],
        "bo": add_person(vault, ["courses"], seed=22, email="bo@example.nl", course="Projectmanagement")[0],
        "cas": add_person(vault, ["courses", "newsletter"], seed=23, email="cas@example.nl", course=COURSE)[0],
        "dewi": add_person(vault, ["applications"], seed=24, email="dewi@example.nl")[0],
        "eef": add_person(vault, ["newsletter"], seed=25, email="eef@example.nl")[0],
    }
    _consents(vault, people)
    with vault.unit() as unit:
        add_user(unit.data, vault.register, OFFICER, DPO, PASSWORD)
        add_user(unit.data, vault.register, INSTRUCTOR, "instructor", PASSWORD, [COURSE])
    _scan(vault)
    return Seeded(people, _requests(vault, send, base_url, people), _breach(vault))


def _consents(vault: Vault, people: dict[str, str]) -> None:
    with vault.unit() as unit:
        for name, options, granted in (("an", ["tips", "offers"], True), ("cas", None, True), ("eef", ["events"], True),
                                       ("eef", ["offers"], False)):  # fmt: skip
            subject = vault.find_subject(unit, "email", people[name], by=BY)
            assert subject is not None
            receipts.record(vault, unit, subject, "newsletter", options, granted=granted, via="web_form", by=BY)


def _requests(vault: Vault, send: Callable[[Mail], None], base_url: str, people: dict[str, str]) -> dict[str, str]:
    """One request per state the queue shows; ``unconfirmed`` came through the website and waits for its link,
    ``waiting`` is done here and waits for the other systems' tasks."""

    def take(kind: str, who: str, days_ago: int, channel: str = "post", **given: Any) -> str:
        received = now() - timedelta(days=days_ago)
        opened = intake.intake(vault, send, kind, people[who], base_url=base_url, by=BY, channel=channel, lang="nl",
                               received_at=received, **given)  # fmt: skip
        return opened.request.id

    checked = "teruggebeld op het telefoonnummer dat wij hebben"
    made = {
        "open": take("erasure", "bo", 2),
        "unconfirmed": take("access", "cas", 1, channel="web_form"),
        "due_soon": take("restriction", "an", 26, verified=checked),
        "overdue": take("access", "dewi", 40, verified=checked),
        "answered": take("objection", "eef", 5, verified=checked),
        "waiting": take("rectification", "an", 12, verified=checked,
                        details={"activity": "courses", "changes": {"phone": "0612345678"}}),
    }  # fmt: skip
    for done in ("answered", "waiting"):  # the correction waits for the systems that hold a copy
        fulfil.fulfil(vault, send, made[done], by=BY)
    return made


def _scan(vault: Vault) -> None:
    """A discovery report, as `waarborg discover --save` keeps one: the planted course administration."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'administration.db'}"
        engine = create_engine(url)
        planted.fill_admin(engine, people=40)
        engine.dispose()
        with SqlSource(url) as source:
            report = discover(source, register=vault.register)
    with vault.unit() as unit:
        save_report(unit, report.as_dict("en"))


def _breach(vault: Vault) -> int:
    with vault.unit() as unit:
        breach = breaches.record_breach(
            unit.data,
            aware_at=now() - timedelta(hours=20),
            description="Een laptop met een export van de deelnemerslijst is in de trein blijven liggen.",
            activities=["courses"],
            fields=["email", "phone"],
            risk="risk",
            known_activities=set(vault.register.activities),
        )
        unit.data.flush()
        return int(breach.id)
