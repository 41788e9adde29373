"""An erasure is final on disk: right after it, while the server still runs, a file-level copy of the key
store (the database file and its write-ahead log) holds none of the erased person's wrapped key bytes, so a
stolen copy plus the master key opens nothing of them. SQLite only: on PostgreSQL the same is a matter of
VACUUM and the WAL archive (docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import POSTGRES
from tests.factories import make_register
from waarborg.access.policy import operator
from waarborg.rights import erasure
from waarborg.vault.models import SubjectKey
from waarborg.vault.service import Vault

pytestmark = pytest.mark.skipif(POSTGRES, reason="file-level copies of SQLite files; PostgreSQL: docs/deploy.md")
BY = operator("test")


def _on_disk(database: Path) -> bytes:
    """What a copy of the files taken now holds: the database file and its write-ahead log."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.parametrize("how", ["request", "vault"])
def test_no_wrapped_key_bytes_stay_on_disk_after_an_erasure(tmp_path: Path, master_key: bytes, how: str) -> None:
    data, keys = tmp_path / "data.db", tmp_path / "keys.db"
    vault = Vault.open(make_register().register, f"sqlite:///{data}", master_key=master_key,
                       keystore_url=f"sqlite:///{keys}", create=True)  # fmt: skip
    try:
        with vault.unit() as unit:
            people = [
                vault.add_record(unit, "newsletter", {"email": f"p{n}@example.nl"}, by=BY).subject_id for n in range(30)
            ]
        gone = people[7]
        with vault.unit() as unit:
            wrapped = unit.keys.execute(select(SubjectKey.wrapped).where(SubjectKey.subject_id == gone)).scalar_one()
            kept = unit.keys.execute(select(SubjectKey.wrapped).where(SubjectKey.subject_id == people[8])).scalar_one()
        assert wrapped in _on_disk(keys) and kept in _on_disk(keys)
        with vault.unit() as unit:
            if how == "request":
                from datetime import UTC, datetime

                erasure.erase(vault, unit, gone, datetime.now(UTC), by=BY)
            else:
                vault.erase_subject(unit, gone, by=BY)
        copy = _on_disk(keys)  # taken at once, with the vault (the server) still open
        assert wrapped[-16:] not in copy, "the erased person's wrapped key is still in the key store's files"
        assert kept in copy, "someone else's key went too"
    finally:
        vault.close()
