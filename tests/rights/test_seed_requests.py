"""Every request type on every seed register, from intake to the answer in the person's mailbox."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from tests.rights.helpers import BASE, BY, Post, add_person, complete, linked
from waarborg.consent import receipts
from waarborg.rights import fulfil, intake, verification
from waarborg.rights.clock import KINDS
from waarborg.vault.models import Event, Record, Subject
from waarborg.vault.service import Vault

SEEDS = ["icm", "ivio", "ikwerkindezorg", "igen"]


def _correction(vault: Vault, activities: list[str]) -> dict[str, str]:
    for activity in activities:
        for name, field in vault.register.activities[activity].fields.items():
            if field.category == "user.contact.phone_number":
                return {name: "0687654321"}
    for activity in activities:
        for name, field in vault.register.activities[activity].fields.items():
            if field.category.startswith("user.name"):
                return {name: "Jan de Vries"}
    raise AssertionError("no field to correct")


def _details(kind: str, correction: dict[str, str]) -> dict[str, Any]:
    return {
        "rectification": {"changes": correction},
        "objection": {"direct_marketing": True},
        "question": {"text": "Welke gegevens hebben jullie van mij?"},
    }.get(kind, {})


def _grant_everything(vault: Vault, subject: str, activities: list[str]) -> None:
    with vault.unit() as unit:
        for activity in activities:
            if vault.register.activities[activity].consent is not None:
                receipts.record(vault, unit, subject, activity, None, granted=True, via="web_form", by=BY)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("seed", SEEDS)
def test_every_request_type_runs_from_intake_to_answer(
    seed: str, kind: str, seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded(seed)
    activities = linked(vault)
    email, _values = add_person(vault, activities)
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", email, by=BY)
    assert subject is not None
    _grant_everything(vault, subject, activities)
    correction = _correction(vault, activities)

    opened = intake.intake(vault, post.send, kind, email, base_url=BASE, by=BY, details=_details(kind, correction))
    assert opened.mail_error is None and opened.request.status == "unverified"
    receipt = post.text(email)
    assert opened.request.id in receipt
    with vault.unit() as unit:
        verification.confirm_link(vault, unit, post.link(email), datetime.now(UTC))

    given = fulfil.Instructions(answer="Uw naam en e-mailadres." if kind == "question" else None)
    done = complete(vault, post, opened.request.id, given)
    assert done.request.status == "fulfilled"
    assert [s.step for s in done.request.steps][-2:] == ["fulfilled", "answer_sent"]
    answer = post.last(email)
    assert vault.register.organisation.name in str(answer["Subject"])
    assert answer["Content-Language"] == vault.register.statement.language.value
    CHECKS[kind](vault, subject, done, post, email, correction)


def _access(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    with vault.unit() as unit:
        held = set(unit.data.execute(select(Record.id).where(Record.subject_id == subject)).scalars())
    attachment = next(post.last(email).iter_attachments())
    archive = zipfile.ZipFile(io.BytesIO(attachment.get_payload(decode=True)))
    lang = vault.register.statement.language.value
    assert {"data.json", "data.csv", f"overview-{lang}.html", f"overview-{lang}.pdf"} <= set(archive.namelist())
    assert {r["id"] for r in json.loads(archive.read("data.json"))["records"]} == held
    assert archive.read(f"overview-{lang}.pdf").startswith(b"%PDF")


def _portability(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    assert done.package is not None
    document = json.loads(zipfile.ZipFile(io.BytesIO(done.package)).read("data.json"))
    assert document["records"], "the person gave data on consent or contract in every seed"
    assert all(r["basis"] in ("consent", "contract") for r in document["records"])


def _rectification(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str,
                   correction: dict[str, str]) -> None:  # fmt: skip
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject, by=BY)
    [(name, value)] = correction.items()
    held = [r.values[name] for r in view.records if r.values and name in r.values]
    assert held and all(value.replace(" ", "")[-8:] in str(v).replace(" ", "") for v in held)


def _erasure(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    with vault.unit() as unit:
        left = list(unit.data.execute(select(Record.status).where(Record.subject_id == subject)).scalars())
        gone = unit.data.get(Subject, subject) is None
    assert gone or (left and set(left) == {"restricted"}), "only what the law keeps stays, restricted"
    assert done.request.outcome is not None and done.request.outcome["erased"] >= 1


def _restriction(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    with vault.unit() as unit:
        statuses = set(unit.data.execute(select(Record.status).where(Record.subject_id == subject)).scalars())
    assert statuses == {"restricted"}


def _objection(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    with vault.unit() as unit:
        objected = unit.data.execute(select(Event).where(Event.subject_id == subject, Event.name == "objected")).first()
        state = receipts.current(unit, subject)
    assert objected is not None
    assert not any(granted for options in state.values() for granted in options.values())


def _withdrawal(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    with vault.unit() as unit:
        state = receipts.current(unit, subject)
    assert not any(granted for options in state.values() for granted in options.values())
    asked = any(vault.register.activities[a].consent for a in linked(vault))
    assert bool(state) == asked, "where the seed asks consent, the withdrawal is on record"


def _question(vault: Vault, subject: str, done: fulfil.Fulfilled, post: Post, email: str, _c: Any) -> None:
    assert "Uw naam en e-mailadres." in post.text(email)


CHECKS: dict[str, Callable[..., None]] = {
    "access": _access, "rectification": _rectification, "erasure": _erasure, "restriction": _restriction,
    "portability": _portability, "objection": _objection, "withdraw_consent": _withdrawal, "question": _question,
}  # fmt: skip
