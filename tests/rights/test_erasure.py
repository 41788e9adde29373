"""Erasure: everything goes except what a hold or a law keeps, restricted, and the answer says why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.rights.helpers import BASE, BY, Post, add_person, complete, subject_of
from waarborg.retention import holds
from waarborg.rights import fulfil, intake
from waarborg.vault.models import Record, Subject, SubjectKey
from waarborg.vault.service import Vault
from waarborg.vault.tables import DoNotContact, Task


def _erase(vault: Vault, post: Post, email: str, **details: object) -> fulfil.Fulfilled:
    opened = intake.intake(vault, post.send, "erasure", email, base_url=BASE, by=BY, verified="seen in person",
                           details=dict(details))  # fmt: skip
    return complete(vault, post, opened.request.id)


def test_a_fiscal_hold_leaves_exactly_the_held_records_restricted_and_says_why(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["courses", "newsletter", "applications"])
    subject = subject_of(vault, email)
    until = datetime.now(UTC) + timedelta(days=7 * 365)
    with vault.unit() as unit:
        held = set(unit.data.execute(select(Record.id).where(Record.subject_id == subject,
                                                             Record.activity == "courses")).scalars())  # fmt: skip
        holds.place(vault, unit, subject, kind="statutory", reference="AWR art 52(4)",
                    reason="course invoices are part of the fiscal administration", until=until,
                    activities=["courses"], by=BY)  # fmt: skip
    done = _erase(vault, post, email)
    with vault.unit() as unit:
        left = {r.id: r.status for r in unit.data.execute(select(Record).where(Record.subject_id == subject)).scalars()}
        keys = unit.keys.execute(select(func.count()).select_from(SubjectKey).where(SubjectKey.subject_id == subject))
        assert keys.scalar_one() == 1, "a kept record must stay readable for the tax inspector"
    assert set(left) == held and set(left.values()) == {"restricted"}
    assert done.request.outcome is not None and done.request.outcome["erased"] == 2
    answer = post.text(email)
    assert "AWR art 52(4)" in answer and "course invoices are part of the fiscal administration" in answer
    assert f"{until.year}" in answer, "the answer says until when"
    assert done.request.outcome["do_not_contact"] is False
    with vault.unit() as unit:
        assert unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one() == 0


def test_fields_a_tax_law_keeps_stay_and_the_rest_of_the_record_goes(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ikwerkindezorg")
    email, values = add_person(vault, ["matching"])
    subject = subject_of(vault, email)
    invoiced = datetime.now(UTC)
    with vault.unit() as unit:
        vault.add_event(unit, subject, "last_invoice", at=invoiced, activity="matching", by=BY)
    done = _erase(vault, post, email)
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject, by=BY)
    [record] = view.records
    assert record.status == "restricted"
    assert set(record.values or {}) == {"name", "gender", "date_of_birth", "address", "email", "phone",
                                        "bank_account"} & set(values["matching"])  # fmt: skip
    assert "portfolio" not in (record.values or {}) and "care_request" not in (record.values or {})
    answer = post.text(email)
    assert "De belastingwet" in answer and "wettelijke bewaarplicht" in answer, "the law, cited"
    assert record.due_at is not None and record.due_at.year == invoiced.year + 7, "seven years after the last invoice"
    places = done.request.outcome["done_where"] if done.request.outcome else []
    systems = {vault.register.systems[k].name for k in vault.register.activities["matching"].systems}
    assert systems <= {p["name"] for p in places}, "each system of the activity gets a task"
    assert "Mollie: gedaan" in answer, "the answer says what was done where"


def test_without_holds_the_person_goes_entirely_and_on_the_list_only_when_asked(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("igen")
    email, _ = add_person(vault, ["newsletter", "applicants"])
    other, _ = add_person(vault, ["newsletter"], seed=2)
    subject = subject_of(vault, email)
    done = _erase(vault, post, email, no_contact=True)
    with vault.unit() as unit:
        assert unit.data.get(Subject, subject) is None
        assert unit.keys.get(SubjectKey, subject) is None, "the key is destroyed"
        assert unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one() >= 1
        assert vault.find_subject(unit, "email", other, by=BY) is not None, "nobody else is touched"
        tasks = unit.data.execute(select(func.count()).select_from(Task).where(Task.request_id == done.request.id))
        assert tasks.scalar_one() == len(done.request.tasks) > 0
    assert done.request.outcome is not None and done.request.outcome["subject_removed"] is True
    assert "verwijderd" in post.text(email)
