"""Prepared statements give what Core gives: the same rows and types, SQLAlchemy's errors without values,
and every statement seen by the engine's listeners."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, event, insert, select
from sqlalchemy.exc import IntegrityError

from waarborg.access.policy import operator
from waarborg.core.prepared import Prepared
from waarborg.vault.models import Record
from waarborg.vault.service import Vault
from waarborg.vault.tables import ApiKey

RECORDS = select(Record.id, Record.collected_at, Record.purposes, Record.due_at, Record.status).where(
    Record.subject_id == bindparam("subject")
)


def test_rows_and_types_are_those_of_core(vault: Vault) -> None:
    with vault.unit() as unit:
        added = vault.add_record(unit, "newsletter", {"email": "an@example.nl"}, by=operator("test"))
    with vault.unit() as unit:
        core = [tuple(row) for row in unit.data.execute(RECORDS, {"subject": added.subject_id})]
        fast = Prepared(RECORDS).rows(unit.data, {"subject": added.subject_id})
    assert fast == core and len(fast) == 1
    collected_at, purposes = fast[0][1], fast[0][2]
    assert collected_at.tzinfo is UTC and isinstance(purposes, list)


def test_a_limit_the_statement_holds_itself_is_sent(vault: Vault) -> None:
    for n in range(3):
        with vault.unit() as unit:
            vault.add_record(unit, "newsletter", {"email": f"p{n}@example.nl"}, by=operator("test"))
    with vault.unit() as unit:
        assert len(Prepared(select(Record.id).limit(2)).rows(unit.data)) == 2


def test_an_error_is_sqlalchemys_and_carries_no_values(vault: Vault) -> None:
    add = Prepared(insert(ApiKey.__table__))  # type: ignore[arg-type]
    row: dict[str, Any] = {"id": "k1", "name": "site", "prefix": "abcd", "digest": b"secret-digest-value",
                           "activities": ["newsletter"], "can_read": False, "created_at": datetime.now(UTC),
                           "revoked_at": None}  # fmt: skip
    with vault.unit() as unit:
        add.run(unit.data, row)
    with pytest.raises(IntegrityError) as caught, vault.unit() as unit:
        add.run(unit.data, row)
    assert "secret-digest-value" not in str(caught.value) and "site" not in str(caught.value)


def test_the_engines_listeners_see_every_statement(vault: Vault) -> None:
    seen: list[str] = []

    def listener(*args: Any) -> None:
        seen.append(args[2])

    event.listen(vault.data_engine, "before_cursor_execute", listener)
    try:
        with vault.unit() as unit:
            Prepared(RECORDS).rows(unit.data, {"subject": "nobody"})
    finally:
        event.remove(vault.data_engine, "before_cursor_execute", listener)
    assert any("FROM records" in statement for statement in seen)
