"""Rectification, restriction, objection and portability: what each leaves behind, and for whom."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.rights.helpers import BASE, BY, Post, add_person, complete, subject_of
from waarborg.access import audit
from waarborg.access.policy import Principal
from waarborg.consent import receipts
from waarborg.consent.audience import audience
from waarborg.core.errors import InputError, NotFoundError
from waarborg.rights import fulfil, intake, requests
from waarborg.vault.models import Record
from waarborg.vault.service import Vault
from waarborg.vault.tables import Task


def _fulfil(vault: Vault, post: Post, kind: str, email: str, details: dict[str, object] | None = None,
            given: fulfil.Instructions | None = None) -> fulfil.Fulfilled:  # fmt: skip
    opened = intake.intake(vault, post.send, kind, email, base_url=BASE, by=BY, verified="known caller",
                           details=details)  # fmt: skip
    return complete(vault, post, opened.request.id, given)


def test_rectification_replaces_the_value_keeps_only_the_fact_and_tells_the_recipients(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("icm")
    email, values = add_person(vault, ["courses", "newsletter"], seed=3)
    subject = subject_of(vault, email)
    old_phone = values["courses"]["phone"]
    done = _fulfil(
        vault, post, "rectification", email, {"changes": {"phone": "0612345678", "email": "nieuw@example.nl"}}
    )
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject, by=BY)
        assert vault.find_subject(unit, "email", "nieuw@example.nl", by=BY) == subject
        assert vault.find_subject(unit, "email", email, by=BY) is None, "the old address no longer finds them"
        tasks = list(unit.data.execute(select(Task).where(Task.request_id == done.request.id)).scalars())
        entries = audit.of_kind(unit.data, "record.rectified")
    courses = next(r for r in view.records if r.activity == "courses")
    assert courses.values is not None and courses.values["phone"] == "+31612345678"
    assert old_phone not in json.dumps([r.values for r in view.records])
    assert {e.payload["fields"][0] for e in entries} >= {"email"} and "0612345678" not in json.dumps(
        [e.payload for e in entries]
    )
    assert {t.action for t in tasks} == {"rectification"} and tasks, "Art 19: each recipient is told"
    assert email in post.last(email)["To"], "the answer goes where the request came from"


def test_rectification_of_a_field_not_held_is_refused(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["newsletter"], seed=4)
    opened = intake.intake(vault, post.send, "rectification", email, base_url=BASE, by=BY, verified="known",
                           details={"changes": {"course": "Excel"}})  # fmt: skip
    with pytest.raises(InputError, match="course not held for this person"):
        fulfil.fulfil(vault, post.send, opened.request.id, by=BY)


def test_rectification_of_a_field_no_activity_declares_is_refused_before_opening(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["newsletter"], seed=4)
    with pytest.raises(InputError, match="bsn is not a field of the register"):
        intake.intake(vault, post.send, "rectification", email, base_url=BASE, by=BY, verified="known",
                      details={"changes": {"bsn": "111222333"}})  # fmt: skip
    with vault.unit() as unit:
        assert requests.listed(unit, closed=True) == []
    assert post.count(email) == 0


def test_restriction_hides_the_person_from_staff_and_audiences(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["newsletter"], seed=6)
    subject = subject_of(vault, email)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", None, granted=True, via="web_form", by=BY)
        assert [m.subject_id for m in audience(vault, unit, "newsletter", None, datetime.now(UTC), by=BY)] == [subject]
    _fulfil(vault, post, "restriction", email)
    marketer = Principal("user:marketer", frozenset({"read", "export"}), frozenset({"newsletter"}))
    with vault.unit() as unit:
        assert audience(vault, unit, "newsletter", None, datetime.now(UTC), by=BY) == []
        with pytest.raises(NotFoundError):
            vault.get_subject(unit, subject, by=marketer)
        assert vault.get_subject(unit, subject, by=BY).records, "the DPO still sees restricted data"


def test_an_objection_to_direct_marketing_is_absolute(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ikwerkindezorg")
    email, _ = add_person(vault, ["newsletter", "membership"], seed=7)
    subject = subject_of(vault, email)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", None, granted=True, via="web_form", by=BY)
    done = _fulfil(vault, post, "objection", email, {"direct_marketing": True})
    with vault.unit() as unit:
        assert audience(vault, unit, "newsletter", None, datetime.now(UTC), by=BY) == []
        held = set(unit.data.execute(select(Record.activity).where(Record.subject_id == subject)).scalars())
    assert held == {"newsletter", "membership"}, "an objection to marketing erases nothing by itself"
    assert done.request.outcome is not None and done.request.outcome["marketing_stopped"] == ["newsletter"]
    assert "direct marketing" in post.text(email)


def test_an_objection_to_a_legitimate_interest_erases_that_activity_only(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("igen")
    email, _ = add_person(vault, ["business_contacts", "newsletter"], seed=8)
    subject = subject_of(vault, email)
    done = _fulfil(vault, post, "objection", email, {"activities": ["applicants", "newsletter"]})
    assert done.request.outcome is not None and done.request.outcome["not_applicable"] == ["newsletter"]
    done = _fulfil(vault, post, "objection", email, {"activities": ["business_contacts"]})
    with vault.unit() as unit:
        left = {
            r.activity: r.status
            for r in unit.data.execute(select(Record).where(Record.subject_id == subject)).scalars()
        }
    assert left.get("newsletter") == "active" and left.get("business_contacts") in (None, "restricted")


def test_portability_carries_only_what_the_person_gave_on_consent_or_contract(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ivio")
    email, _ = add_person(vault, ["identity_contact", "correspondence"], seed=9)
    done = _fulfil(vault, post, "portability", email)
    assert done.package is not None
    archive = zipfile.ZipFile(io.BytesIO(done.package))
    assert set(archive.namelist()) == {"data.json", "data.csv"}
    records = json.loads(archive.read("data.json"))["records"]
    assert {r["activity"] for r in records} == {"identity_contact"}, "correspondence rests on a legitimate interest"
