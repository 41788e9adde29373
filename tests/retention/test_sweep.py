"""The sweep's steps on a vault: delete, per-field rules, minimise, anonymise, holds, idempotence, dry run."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import open_vault
from tests.retention.helpers import BY, SECOND, T0, add, count, event, has_key, retention_register, state
from waarborg.access import audit
from waarborg.access.policy import Principal
from waarborg.core.errors import ForbiddenError, InputError, RefusedError
from waarborg.core.periods import Period
from waarborg.register.due import add_period
from waarborg.retention import holds
from waarborg.retention.sweep import plan, sweep
from waarborg.vault.models import Identifier, Record, Subject
from waarborg.vault.service import Vault
from waarborg.vault.tables import DoNotContact, Statistic

FOUR_WEEKS = timedelta(weeks=4)


def test_a_record_goes_at_its_due_instant_and_not_a_second_earlier(vault: Vault) -> None:
    added = add(vault, "newsletter", {"email": "an@example.nl"})
    event(vault, added.subject_id, "unsubscribed", T0 + timedelta(days=3))
    due = T0 + timedelta(days=3) + FOUR_WEEKS
    assert sweep(vault, due - SECOND, by=BY).records == 0
    assert count(vault, Record) == 1
    report = sweep(vault, due, by=BY)
    assert report.counts == {"newsletter": {"delete": 1}} and report.subjects_removed == 1
    assert count(vault, Record) == count(vault, Subject) == count(vault, Identifier) == 0
    assert not has_key(vault, added.subject_id)
    with vault.unit() as unit:
        swept = audit.last_of_kind(unit.data, "retention.swept")
        assert swept is not None and swept.payload["counts"] == {"newsletter": {"delete": 1}}
        assert "an@example.nl" not in str(swept.payload)
        assert audit.verify(unit.data, vault.ring.audit_key) == []


def test_a_subject_with_other_records_stays(vault: Vault) -> None:
    first = add(vault, "courses", {"name": "An", "email": "an@example.nl", "course": "Excel"})
    add(vault, "newsletter", {"email": "an@example.nl"})
    event(vault, first.subject_id, "unsubscribed", T0)
    report = sweep(vault, T0 + FOUR_WEEKS, by=BY)
    assert report.subjects_removed == 0
    with vault.unit() as unit:
        view = vault.get_subject(unit, first.subject_id, by=BY)
    assert [r.activity for r in view.records] == ["courses"] and view.identifiers == [("email", "an@example.nl")]


def test_rules_per_field_remove_part_of_a_record_then_the_rest(vault: Vault) -> None:
    added = add(vault, "matching", {"name": "An", "email": "an@example.nl", "iban": "NL91ABNA0417164300",
                                     "notes": "Zoekt werk in de thuiszorg"})  # fmt: skip
    invoice = T0 + timedelta(days=30)
    event(vault, added.subject_id, "last_invoice", invoice)
    five, seven = add_period(invoice, Period(years=5)), add_period(invoice, Period(years=7))
    assert sweep(vault, five, by=BY).counts == {"matching": {"delete_fields": 1}}
    with vault.unit() as unit:
        record = vault.get_subject(unit, added.subject_id, by=BY).records[0]
    assert record.values == {"name": "An", "email": "an@example.nl", "iban": "NL91ABNA0417164300"}
    assert (record.due_at, record.due_rule) == (seven, 0)
    assert sweep(vault, seven - SECOND, by=BY).records == 0
    assert sweep(vault, seven, by=BY).counts == {"matching": {"delete": 1}}
    assert count(vault, Subject) == 0


def test_minimise_keeps_the_name_and_puts_the_address_on_the_do_not_contact_list(vault: Vault) -> None:
    added = add(vault, "potentials", {"name": "Ayşe Öztürk", "email": "Ayse@Example.nl", "cv": "10 jaar zorg"})
    event(vault, added.subject_id, "no_answer", T0 + timedelta(days=10))
    assert sweep(vault, T0 + timedelta(days=10), by=BY).counts == {"potentials": {"minimise": 1}}
    with vault.unit() as unit:
        record = vault.get_subject(unit, added.subject_id, by=BY).records[0]
        assert vault.find_subject(unit, "email", "ayse@example.nl", by=BY) is None  # the address is gone
        listed = unit.data.execute(select(DoNotContact.kind, DoNotContact.blind)).all()
    assert (record.status, record.values, record.due_at) == ("minimised", {"name": "Ayşe Öztürk"}, None)
    assert listed == [("email", vault.ring.blind_index("email", "ayse@example.nl"))]
    assert count(vault, Identifier) == 0
    assert sweep(vault, T0 + timedelta(days=800), by=BY).records == 0  # a minimised record has no end date


def test_anonymise_keeps_only_course_score_and_year(vault: Vault) -> None:
    added = add(vault, "evaluations", {"email": "an@example.nl", "course": "Excel", "score": "8"})
    event(vault, added.subject_id, "course_completed", T0)
    assert sweep(vault, add_period(T0, Period(months=6)), by=BY).counts == {"evaluations": {"anonymise": 1}}
    with vault.unit() as unit:
        facts = unit.data.execute(select(Statistic.activity, Statistic.year, Statistic.facts)).all()
    assert facts == [("evaluations", 2026, {"course": "Excel", "score": "8"})]
    assert count(vault, Subject) == 0 and count(vault, Record) == 0


def test_a_hold_restricts_instead_of_deleting_until_it_ends(vault: Vault) -> None:
    added = add(vault, "newsletter", {"email": "an@example.nl"})
    event(vault, added.subject_id, "unsubscribed", T0)
    until = T0 + timedelta(days=400)
    with vault.unit() as unit:
        hold_id = holds.place(vault, unit, added.subject_id, kind="legal", reference="C/13/123456",
                              reason="claim about a course fee", until=until, by=BY)  # fmt: skip
    assert sweep(vault, T0 + FOUR_WEEKS, by=BY).counts == {"newsletter": {"restrict": 1}}
    with vault.unit() as unit:
        dpo_view = vault.get_subject(unit, added.subject_id, by=BY)
        assert [(r.status, r.due_at) for r in dpo_view.records] == [("restricted", until)]
        staff = Principal("user:mila", frozenset({"read"}))
        with pytest.raises(Exception, match="not found"):
            vault.get_subject(unit, added.subject_id, by=staff)
    assert sweep(vault, until - SECOND, by=BY).records == 0
    assert sweep(vault, until, by=BY).counts == {"newsletter": {"delete": 1}}
    with vault.unit() as unit:
        assert holds.listed(unit, in_force_only=False)[0].id == hold_id if count(vault, Subject) else True


def test_releasing_a_hold_lets_the_next_sweep_delete(vault: Vault) -> None:
    added = add(vault, "newsletter", {"email": "an@example.nl"})
    event(vault, added.subject_id, "unsubscribed", T0)
    with vault.unit() as unit:
        hold_id = holds.place(vault, unit, added.subject_id, kind="statutory", reference="AWR art 52",
                              reason="fiscal records", until=T0 + timedelta(days=3000), by=BY)  # fmt: skip
    sweep(vault, T0 + FOUR_WEEKS, by=BY)
    with vault.unit() as unit:
        released = holds.release(vault, unit, hold_id, by=BY)
        assert released.released_at is not None
        with pytest.raises(RefusedError, match="already released"):
            holds.release(vault, unit, hold_id, by=BY)
    assert sweep(vault, T0 + FOUR_WEEKS + timedelta(days=1), by=BY).counts == {"newsletter": {"delete": 1}}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "forever"}, "kind"),
        ({"reference": " "}, "reference"),
        ({"reason": ""}, "reason"),
        ({"until": T0 - timedelta(days=1)}, "not in the future"),
        ({"activities": ["courses"]}, "holds no data of 'courses'"),
    ],
)
def test_a_bad_hold_is_refused_and_stores_nothing(vault: Vault, change: dict[str, object], message: str) -> None:
    added = add(vault, "newsletter", {"email": "an@example.nl"})
    arguments: dict[str, object] = {"kind": "legal", "reference": "C/1", "reason": "claim",
                                    "until": T0 + timedelta(days=9000), "activities": None}  # fmt: skip
    arguments.update(change)
    with pytest.raises(InputError, match=message), vault.unit() as unit:
        holds.place(vault, unit, added.subject_id, by=BY, **arguments)  # type: ignore[arg-type]
    with vault.unit() as unit:
        assert holds.listed(unit, in_force_only=False) == []


def test_a_role_without_restrict_cannot_place_a_hold(vault: Vault) -> None:
    added = add(vault, "newsletter", {"email": "an@example.nl"})
    reader = Principal("user:mila", frozenset({"read"}))
    with pytest.raises(ForbiddenError), vault.unit() as unit:
        holds.place(vault, unit, added.subject_id, kind="legal", reference="C/1", reason="claim",
                    until=T0 + timedelta(days=9000), by=reader)  # fmt: skip


def test_a_second_sweep_finds_nothing_to_do(vault: Vault) -> None:
    for n in range(5):
        added = add(vault, "newsletter", {"email": f"p{n}@example.nl"})
        event(vault, added.subject_id, "unsubscribed", T0)
    assert sweep(vault, T0 + FOUR_WEEKS, by=BY, batch=2).records == 5
    before = state(vault)
    assert sweep(vault, T0 + FOUR_WEEKS, by=BY).records == 0
    assert state(vault) == before


def test_a_dry_run_lists_what_would_go_and_changes_nothing(vault: Vault) -> None:
    gone = add(vault, "newsletter", {"email": "gone@example.nl"})
    add(vault, "newsletter", {"email": "stays@example.nl"})
    event(vault, gone.subject_id, "unsubscribed", T0)
    before = state(vault)
    report = plan(vault, T0 + FOUR_WEEKS)
    assert state(vault) == before
    assert [(p.record_id, p.action, p.rule) for p in report.planned] == [(gone.record_id, "delete", 0)]
    assert report.subjects_removed == 1 and report.as_dict()["planned"][0]["rule"] == 1
    assert "gone@example.nl" not in str(report.as_dict())


def test_two_sweeps_at_once_never_process_a_record_twice(db_url: str, master_key: bytes) -> None:
    register = retention_register()
    first, second = open_vault(register, db_url, master_key), open_vault(register, db_url, master_key)
    try:
        for n in range(120):
            added = add(first, "newsletter", {"email": f"p{n}@example.nl"})
            event(first, added.subject_id, "unsubscribed", T0)
        sweep(first, T0, by=BY)  # settles the rules state: nothing is due yet
        reports = {}
        start = threading.Barrier(2)

        def run(name: str, vault: Vault) -> None:
            start.wait()
            reports[name] = sweep(vault, T0 + FOUR_WEEKS, by=BY, batch=7)

        threads = [threading.Thread(target=run, args=(n, v)) for n, v in (("a", first), ("b", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        done_a, done_b = reports["a"].processed, reports["b"].processed
        assert len(done_a) + len(done_b) == 120
        assert not set(done_a) & set(done_b)
        assert count(first, Subject) == 0
    finally:
        first.close()
        second.close()


def _newsletter_kept_for(db_url: str, master_key: bytes, keep: str) -> Vault:
    """A vault with one unsubscribed subscriber, reopened under a register that keeps newsletters ``keep``."""
    from tests.factories import make_register
    from tests.retention.helpers import retention_data

    old = open_vault(retention_register(), db_url, master_key)
    added = add(old, "newsletter", {"email": "an@example.nl"})
    event(old, added.subject_id, "unsubscribed", T0)
    sweep(old, T0, by=BY)  # records the rules the due dates follow
    old.close()

    def changed(data: dict[str, Any]) -> None:
        retention_data(data)
        data["activities"]["newsletter"]["retention"][0]["keep"] = keep

    return open_vault(make_register(changed).register, db_url, master_key)


def test_register_change_that_deletes_earlier_waits_for_confirmation(db_url: str, master_key: bytes) -> None:
    from waarborg.retention import rules_state

    new = _newsletter_kept_for(db_url, master_key, "P1W")
    try:
        with pytest.raises(RefusedError, match="1 record"):
            sweep(new, T0 + timedelta(weeks=2), by=BY)
        assert count(new, Record) == 1
        with new.unit() as unit:
            result = rules_state.compute(new, unit, T0 + timedelta(weeks=2))
            assert result.changed == ["newsletter"] and result.moves["newsletter"].earlier == 1
            rules_state.apply(new, unit, result, by=BY, confirmed=True)
        assert sweep(new, T0 + timedelta(weeks=2), by=BY).records == 1
    finally:
        new.close()


def test_register_change_that_keeps_longer_applies_without_asking(db_url: str, master_key: bytes) -> None:
    new = _newsletter_kept_for(db_url, master_key, "P8W")
    try:
        assert sweep(new, T0 + FOUR_WEEKS, by=BY).records == 0
        assert sweep(new, T0 + 2 * FOUR_WEEKS, by=BY).records == 1
    finally:
        new.close()
