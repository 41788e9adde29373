"""The vault: intake, linking, encryption at rest, crypto-shredding, key rotation, events, indexes."""

from __future__ import annotations

import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from tests.conftest import POSTGRES, open_vault
from tests.factories import make_register
from waarborg.access.policy import for_api_key, operator
from waarborg.core.db import make_engine
from waarborg.core.errors import InputError, MasterKeyError, NotFoundError, RecordError
from waarborg.rights import models as request_models
from waarborg.vault import keystore
from waarborg.vault.models import Record, Subject
from waarborg.vault.service import Vault

EMAIL = "An.de.Vries@Example.NL"


def add(vault: Vault, activity: str = "newsletter", **data: object) -> str:
    with vault.unit() as unit:
        return vault.add_record(unit, activity, data or {"email": EMAIL}, by=operator("test")).subject_id


def all_stored_bytes(db_url: str) -> bytes:
    """Every value in every table, as bytes: what someone with a copy of the database sees."""
    engine = make_engine(db_url)
    out = bytearray()
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    out += value if isinstance(value, bytes | memoryview) else str(value).encode()
    engine.dispose()
    return bytes(out)


def test_a_record_is_stored_for_one_subject_and_shown(vault: Vault) -> None:
    subject_id = add(vault)
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject_id, by=operator("test"))
    assert view.identifiers == [("email", "an.de.vries@example.nl")]  # identifiers link case-insensitively
    [record] = view.records
    assert record.activity == "newsletter" and record.basis == "consent"
    assert record.values == {"email": "An.de.Vries@example.nl"}
    assert record.purposes == ["marketing.communications.email"] and record.status == "active"


def test_the_same_email_leads_to_the_same_subject(vault: Vault) -> None:
    first = add(vault)
    second = add(vault, "courses", name="An de Vries", email="an.de.vries@example.nl", course="AVG")
    third = add(vault, email="AN.DE.VRIES@EXAMPLE.NL")
    assert first == second == third
    with vault.unit() as unit:
        assert len(vault.get_subject(unit, first, by=operator("test")).records) == 3
        assert vault.find_subject(unit, "email", " an.de.vries@EXAMPLE.nl ", by=operator("test")) == first
        assert unit.data.execute(select(Subject)).scalars().all().__len__() == 1


def test_rows_of_one_batch_sharing_an_email_share_a_subject(vault: Vault) -> None:
    from waarborg.vault.service import Submission

    with vault.unit() as unit:
        items = [
            Submission(vault.validate("newsletter", {"email": e}), datetime.now(UTC))
            for e in ("a@example.nl", "b@example.nl", "A@example.nl")
        ]
        added = vault.add_records(unit, "newsletter", items, by=operator("test"))
    assert added[0].subject_id == added[2].subject_id != added[1].subject_id


def test_personal_data_is_not_readable_in_the_database(vault: Vault, db_url: str) -> None:
    add(vault, "courses", name="Zoë Wildervanck", email="zoe.wildervanck@example.nl", course="Privacyrecht")
    stored = all_stored_bytes(db_url).lower()
    for value in ("wildervanck", "zoë".encode().decode(), "privacyrecht"):
        assert value.encode() not in stored


def test_undeclared_fields_bad_values_and_unknown_activities_change_nothing(vault: Vault) -> None:
    for activity, data in (
        ("newsletter", {"email": "x@example.nl", "colour": "blue"}),
        ("newsletter", {"email": "not-an-address"}),
        ("courses", {"email": "x@example.nl"}),
        ("nonsense", {"email": "x@example.nl"}),
    ):
        with pytest.raises(RecordError) as caught, vault.unit() as unit:
            vault.add_record(unit, activity, data, by=operator("test"))
        assert activity in str(caught.value)
        assert "x@example.nl" not in str(caught.value) and "not-an-address" not in str(caught.value)
    with vault.unit() as unit:
        assert unit.data.execute(select(Record)).first() is None
        assert unit.data.execute(select(Subject)).first() is None


def test_a_failing_unit_writes_nothing(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.unit() as unit:
        vault.add_record(unit, "newsletter", {"email": "a@example.nl"}, by=operator("test"))
        raise RuntimeError("the caller fails after the vault did its part")
    with vault.unit() as unit:
        assert unit.data.execute(select(Subject)).first() is None
        assert keystore.subject_keys(unit.keys, vault.ring, ["x"]) == {}


def test_events_must_be_declared_and_belong_to_a_subject(vault: Vault) -> None:
    subject_id = add(vault)
    with vault.unit() as unit:
        assert vault.add_event(unit, subject_id, "unsubscribed", activity="newsletter", by=operator("test")) > 0
    with pytest.raises(InputError, match="not declared"), vault.unit() as unit:
        vault.add_event(unit, subject_id, "graduated", by=operator("test"))
    with pytest.raises(NotFoundError), vault.unit() as unit:
        vault.add_event(unit, "0" * 32, "unsubscribed", by=operator("test"))
    with vault.unit() as unit:
        assert [e.name for e in vault.get_subject(unit, subject_id, by=operator("test")).events] == ["unsubscribed"]


def test_erasure_destroys_the_key(vault: Vault) -> None:
    subject_id = add(vault)
    with vault.unit() as unit:
        vault.erase_subject(unit, subject_id, by=operator("test"))
    with vault.unit() as unit:
        with pytest.raises(NotFoundError):
            vault.get_subject(unit, subject_id, by=operator("test"))
        assert vault.find_subject(unit, "email", EMAIL, by=operator("test")) is None
        assert keystore.subject_keys(unit.keys, vault.ring, [subject_id]) == {}


@pytest.mark.skipif(POSTGRES, reason="copies the SQLite database file; on PostgreSQL the same holds for pg_dump")
def test_a_restored_backup_stays_unreadable_after_erasure(tmp_path: Path, master_key: bytes) -> None:
    register = make_register().register
    data, keys = tmp_path / "data.db", tmp_path / "keys.db"
    vault = Vault.open(
        register, f"sqlite:///{data}", master_key=master_key, keystore_url=f"sqlite:///{keys}", create=True
    )
    subject_id = add(vault)
    vault.close()
    shutil.copy(data, tmp_path / "backup.db")  # the nightly backup of the data (the key store is kept apart)
    vault = Vault.open(register, f"sqlite:///{data}", master_key=master_key, keystore_url=f"sqlite:///{keys}")
    with vault.unit() as unit:
        vault.erase_subject(unit, subject_id, by=operator("test"))
    vault.close()
    shutil.copy(tmp_path / "backup.db", data)  # restore the backup
    vault = Vault.open(register, f"sqlite:///{data}", master_key=master_key, keystore_url=f"sqlite:///{keys}")
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject_id, by=operator("test"))
    vault.close()
    assert view.status == "active"  # the restored rows are back...
    assert view.identifiers == [("email", None)]  # ...but unreadable: the key is gone
    assert [r.values for r in view.records] == [None]


def test_a_wrong_master_key_is_refused(vault: Vault, register, db_url: str) -> None:  # type: ignore[no-untyped-def]
    add(vault)
    with pytest.raises(MasterKeyError, match="does not open the key store"):
        Vault.open(register, db_url, master_key=secrets.token_bytes(32))


def test_key_rotation_keeps_data_readable_with_the_new_key_only(
    vault: Vault,
    register,
    db_url: str,  # type: ignore[no-untyped-def]
    master_key: bytes,
) -> None:
    subject_id = add(vault)
    new = secrets.token_bytes(32)
    with vault.unit() as unit:
        assert keystore.rewrap_all(unit.keys, master_key, new) >= 2
    rotated = open_vault(register, db_url, new)
    with rotated.unit() as unit:
        assert rotated.get_subject(unit, subject_id, by=operator("test")).identifiers == [
            ("email", "an.de.vries@example.nl")
        ]
    rotated.close()
    with pytest.raises(MasterKeyError):
        Vault.open(register, db_url, master_key=master_key)


def plan(vault: Vault, sql: str, params: dict[str, object]) -> str:
    assert request_models.Request.__tablename__  # the request tables are created with the vault
    with vault.data_engine.connect() as connection:
        if POSTGRES:
            connection.execute(text("SET enable_seqscan = off"))
            rows = connection.execute(text("EXPLAIN " + sql), params)
        else:
            rows = connection.execute(text("EXPLAIN QUERY PLAN " + sql), params)
        return " ".join(str(part) for row in rows for part in row)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("SELECT subject_id FROM identifiers WHERE blind = :b AND kind = :k", {"b": b"x" * 32, "k": "email"}),
        ("SELECT * FROM identifiers WHERE subject_id = :s", {"s": "x"}),
        ("SELECT * FROM records WHERE subject_id = :s ORDER BY collected_at", {"s": "x"}),
        ("SELECT * FROM events WHERE subject_id = :s", {"s": "x"}),
        ("SELECT id FROM records WHERE due_at <= :d", {"d": "2030-01-01"}),
        ("SELECT id FROM records WHERE activity = :a AND status = :st", {"a": "newsletter", "st": "active"}),
        ("SELECT id FROM events WHERE record_id = :r", {"r": "x"}),
        (
            "SELECT subject_id FROM records WHERE activity = :a AND status = 'active' AND subject_id > :s "
            "GROUP BY subject_id ORDER BY subject_id LIMIT 10",
            {"a": "newsletter", "s": ""},
        ),
        ("SELECT id FROM holds WHERE subject_id = :s", {"s": "x"}),
        ("SELECT id FROM notices WHERE sent_at IS NULL AND due_at <= :d", {"d": "2030-01-01"}),
        ("SELECT id FROM notices WHERE subject_id = :s AND activity = :a", {"s": "x", "a": "newsletter"}),
        ("SELECT id FROM cookie_consents WHERE visitor = :v ORDER BY at DESC LIMIT 1", {"v": "x"}),
        ("SELECT option FROM consent_receipts WHERE subject_id = :s AND activity = :a", {"s": "x", "a": "newsletter"}),
        ("SELECT id FROM do_not_contact WHERE blind = :b AND kind = :k", {"b": b"x" * 32, "k": "email"}),
        (
            "SELECT subject_id FROM records WHERE due_at <= :d AND status IN ('active', 'restricted') LIMIT 10",
            {"d": "2030-01-01"},
        ),
        (
            "SELECT id FROM requests WHERE status IN ('unverified', 'verified') AND due_at < :d ORDER BY due_at",
            {"d": "2030-01-01"},
        ),
        ("SELECT id FROM requests WHERE subject_id = :s", {"s": "x"}),
        ("SELECT * FROM request_steps WHERE request_id = :r ORDER BY id", {"r": "x"}),
        ("SELECT * FROM tasks WHERE request_id = :r ORDER BY id", {"r": "x"}),
        ("SELECT id FROM tasks WHERE status = 'open' AND due_at < :d", {"d": "2030-01-01"}),
    ],
)
def test_hot_queries_on_personal_data_use_an_index(vault: Vault, sql: str, params: dict[str, object]) -> None:
    add(vault)
    found = plan(vault, sql, params)
    if POSTGRES:
        assert "Index" in found, found
    else:
        assert "USING INDEX" in found or "USING COVERING INDEX" in found, found


def test_an_event_starts_the_rules_that_wait_for_it(vault: Vault) -> None:
    from waarborg.core.timeutil import parse_time

    with vault.unit() as unit:
        added = vault.add_record(
            unit,
            "courses",
            {"name": "An", "email": "an@example.nl", "course": "AVG"},
            collected_at=parse_time("2026-01-10"),
            by=operator("test"),
        )
        assert vault.record_due_at(unit, added.record_id) is None  # the rule waits for course_completed
        vault.add_event(
            unit,
            added.subject_id,
            "course_completed",
            activity="courses",
            at=parse_time("2026-06-30"),
            by=operator("test"),
        )
        due = vault.record_due_at(unit, added.record_id)
        assert due is not None and due.astimezone(parse_time("2027-06-30").tzinfo).date().isoformat() == "2027-06-30"
        vault.add_event(
            unit,
            added.subject_id,
            "course_completed",
            activity="newsletter",
            at=parse_time("2026-09-01"),
            by=operator("test"),
        )
        assert vault.record_due_at(unit, added.record_id) == due  # another activity's event does not count
        [record] = vault.get_subject(unit, added.subject_id, by=operator("test")).records
        assert record.due_rule == 0


def _with_phone(data: dict[str, Any]) -> None:
    data["activities"]["courses"]["fields"]["phone"] = {"category": "user.contact.phone_number", "identifier": True}


def test_an_identifier_is_seen_only_through_an_activity_that_collected_it(db_url: str, master_key: bytes) -> None:
    vault = open_vault(make_register(_with_phone).register, db_url, master_key)
    try:
        with vault.unit() as unit:
            subject_id = vault.add_record(unit, "courses", {"name": "An", "email": EMAIL, "phone": "06 12345678"},
                                          by=operator("test")).subject_id  # fmt: skip
            vault.add_record(unit, "newsletter", {"email": EMAIL}, by=operator("test"))
            newsletter_key = for_api_key("k1", "site", frozenset({"newsletter"}), can_read=True)
            courses_key = for_api_key("k2", "lms", frozenset({"courses"}), can_read=True)
            assert dict(vault.get_subject(unit, subject_id, by=newsletter_key).identifiers) == {
                "email": "an.de.vries@example.nl"
            }, "the newsletter never asked for the phone number"
            assert set(dict(vault.get_subject(unit, subject_id, by=courses_key).identifiers)) == {"email", "phone"}
            assert set(dict(vault.get_subject(unit, subject_id, by=operator("dpo")).identifiers)) == {"email", "phone"}
    finally:
        vault.close()
