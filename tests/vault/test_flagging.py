"""Free text scanned on intake: other people's data and health terms are flagged by field and kind, never
by value, in the audit trail and in what the caller gets back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from tests.rights.helpers import BY
from waarborg.access import audit
from waarborg.vault.importer import import_file
from waarborg.vault.models import Record
from waarborg.vault.service import Vault

NOTE = "Overleg met collega Daan Hoekstra (06-98765432) over mijn burn-out."


def _matching(portfolio: str) -> dict[str, object]:
    return {"email": "sanne.vermeulen@example.nl", "name": "Sanne Vermeulen", "portfolio": portfolio,
            "correspondence": "Geen bijzonderheden."}  # fmt: skip


def test_a_note_about_someone_else_is_flagged_by_field_and_kind(seeded: Callable[[str], Vault]) -> None:
    vault = seeded("ikwerkindezorg")
    with vault.unit() as unit:
        added = vault.add_record(unit, "matching", _matching(NOTE), by=BY)
        flagged = audit.of_kind(unit.data, "record.flagged")
    assert added.flags == ("portfolio:HEALTH", "portfolio:NAME", "portfolio:PHONE")
    assert [entry.payload["flags"] for entry in flagged] == [list(added.flags)]
    assert flagged[0].subject_id == added.subject_id and flagged[0].payload["record"] == added.record_id
    stored = json.dumps([entry.payload for entry in flagged])
    assert "Hoekstra" not in stored and "98765432" not in stored, "the trail names fields and kinds, not values"


def test_the_persons_own_name_and_address_in_free_text_are_not_flagged(seeded: Callable[[str], Vault]) -> None:
    vault = seeded("ikwerkindezorg")
    own = "Ik, Sanne Vermeulen, ben bereikbaar via sanne.vermeulen@example.nl."
    with vault.unit() as unit:
        added = vault.add_record(unit, "matching", _matching(own), by=BY)
        assert audit.of_kind(unit.data, "record.flagged") == []
    assert added.flags == ()


def test_an_import_batch_is_flagged_in_one_entry(seeded: Callable[[str], Vault], tmp_path: Path) -> None:
    vault = seeded("ikwerkindezorg")
    rows = [{**_matching(NOTE if i % 2 else "Geen bijzonderheden."), "email": f"p{i}@example.nl"} for i in range(6)]
    path = tmp_path / "matching.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    assert import_file(vault, "matching", path, batch_size=10).imported == 6
    with vault.unit() as unit:
        assert audit.of_kind(unit.data, "record.flagged") == []
        [entry] = audit.of_kind(unit.data, "records.flagged")
        flagged = set(unit.data.execute(select(Record.id).where(Record.id.in_(entry.payload["records"]))).scalars())
    assert entry.payload["count"] == 3 and len(flagged) == 3
    assert entry.payload["flags"] == ["portfolio:HEALTH", "portfolio:NAME", "portfolio:PHONE"]
