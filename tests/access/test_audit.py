"""The audit trail: every change and look is recorded; any edit, deletion, insertion or swap is found."""

from __future__ import annotations

from sqlalchemy import text

from waarborg.access.audit import entries_for, verify
from waarborg.access.policy import operator
from waarborg.vault.service import Vault


def fill(vault: Vault) -> str:
    with vault.unit() as unit:
        subject = vault.add_record(
            unit, "newsletter", {"email": "an@example.nl"}, by=operator("apikey:1:website")
        ).subject_id
        vault.add_event(unit, subject, "unsubscribed", activity="newsletter", by=operator("cli:fg"))
        vault.find_subject(unit, "email", "an@example.nl", by=operator("cli:fg"))
        vault.get_subject(unit, subject, by=operator("cli:fg"))
        vault.add_record(unit, "newsletter", {"email": "bo@example.nl"}, by=operator("apikey:1:website"))
    return subject


def problems(vault: Vault) -> list[str]:
    with vault.unit() as unit:
        return [str(p) for p in verify(unit.data, vault.ring.audit_key)]


def tamper(vault: Vault, *statements: str) -> None:
    with vault.data_engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_every_change_and_look_is_recorded_without_values(vault: Vault) -> None:
    subject = fill(vault)
    with vault.unit() as unit:
        entries = list(entries_for(unit.data, subject))
    assert [e.kind for e in entries] == ["record.added", "event.added", "subject.found", "subject.read"]
    assert [e.actor for e in entries] == ["apikey:1:website", "cli:fg", "cli:fg", "cli:fg"]
    assert entries[3].payload["fields"] == ["email"] and entries[3].payload["activities"] == ["newsletter"]
    assert all("an@example.nl" not in str(e.payload) for e in entries)
    assert problems(vault) == []


def test_an_edited_entry_is_named(vault: Vault) -> None:
    fill(vault)
    tamper(vault, "UPDATE audit_entries SET actor = 'cli:someone-else' WHERE seq = 3")
    assert problems(vault) == ["entry 3: edited: its content does not match its seal"]


def test_a_deleted_entry_is_named(vault: Vault) -> None:
    fill(vault)
    tamper(vault, "DELETE FROM audit_entries WHERE seq = 2")
    found = problems(vault)
    assert found[0] == "entry 2: missing: entries 2 were deleted"


def test_deleting_the_newest_entries_is_found_through_the_head(vault: Vault) -> None:
    fill(vault)
    tamper(vault, "DELETE FROM audit_entries WHERE seq >= 4")
    assert problems(vault) == [
        "entry 4: the trail ends at entry 3 but its head says 6: the newest entries were deleted"
    ]


def test_an_inserted_entry_is_named(vault: Vault) -> None:
    fill(vault)
    tamper(
        vault,
        "UPDATE audit_entries SET seq = seq + 100 WHERE seq >= 3",
        "UPDATE audit_entries SET seq = seq - 99 WHERE seq >= 103",
        "INSERT INTO audit_entries (seq, at, kind, actor, subject_id, payload, prev, seal) "
        "SELECT 3, at, kind, 'cli:intruder', subject_id, payload, prev, seal FROM audit_entries WHERE seq = 2",
        "UPDATE audit_head SET seq = 7",
    )
    found = problems(vault)
    assert found[0] == "entry 3: does not follow the entry before it (inserted, deleted or moved)"
    assert "entry 4: edited: its content does not match its seal" in found  # renumbered, so its seal breaks


def test_swapped_entries_are_named(vault: Vault) -> None:
    fill(vault)
    tamper(
        vault,
        "UPDATE audit_entries SET seq = 100 WHERE seq = 2",
        "UPDATE audit_entries SET seq = 2 WHERE seq = 3",
        "UPDATE audit_entries SET seq = 3 WHERE seq = 100",
    )
    found = problems(vault)
    assert found[0].startswith("entry 2: ")
    assert any(p.startswith("entry 3: ") for p in found)


def test_the_chain_cannot_be_resealed_without_the_audit_key(vault: Vault) -> None:
    import hashlib

    fill(vault)
    # An intruder with the database but not the key store recomputes the seals with a guessed key.
    with vault.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_entries SET seal = :seal WHERE seq = 1"), {"seal": hashlib.sha256(b"guess").digest()}
        )
    assert problems(vault)[0].startswith("entry 1: edited")


def test_concurrent_writers_keep_one_chain(vault: Vault) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def worker(n: int) -> None:
        for i in range(15):
            with vault.unit() as unit:
                vault.add_record(unit, "newsletter", {"email": f"w{n}-{i}@example.nl"}, by=operator(f"worker:{n}"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(worker, range(4)))
    assert problems(vault) == []
    with vault.unit() as unit:
        assert vault.audit_count(unit) == 61  # and the first entry, that the head is sealed


def test_a_changed_register_is_recorded_once(vault: Vault) -> None:

    from waarborg.access.audit import last_of_kind

    me = operator("cli:fg")
    with vault.unit() as unit:
        assert vault.note_register(unit, me) is True
        assert vault.note_register(unit, me) is False  # the same register again: nothing new
    vault.register = vault.register.model_copy(
        update={"statement": vault.register.statement.model_copy(update={"version": "2.0"})}
    )
    with vault.unit() as unit:
        assert vault.note_register(unit, me) is True
        entry = last_of_kind(unit.data, "register.changed")
        assert entry is not None and entry.payload["version"] == "2.0" and entry.payload["previous"]
    assert problems(vault) == []


def test_the_last_register_change_is_found_through_an_index(vault: Vault) -> None:
    from tests.vault.test_service import plan

    fill(vault)
    found = plan(
        vault, "SELECT seq FROM audit_entries WHERE kind = :k ORDER BY seq DESC LIMIT 1", {"k": "register.changed"}
    )
    assert "ix_audit_entries_kind" in found, found
