"""A scanned database is someone else's, and may be hostile: table and column names built to break out of a
statement, values that look like SQL, a trigger that would write. The scan stays read-only and says nothing of
the values, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES
from tests.discovery.conftest import _fresh_postgres
from waarborg.discovery.database import SqlSource
from waarborg.discovery.report import discover, render_text

HOSTILE_TABLE = 'x"; DROP TABLE victims; --'
HOSTILE_COLUMN = 'e"mail'
SECRET = "geheim.persoon@example.nl"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[str]:
    url = _fresh_postgres("wb_discover_hostile") if POSTGRES else f"sqlite:///{tmp_path / 'hostile.db'}"
    engine = create_engine(url)
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE victims (id INTEGER PRIMARY KEY, naam VARCHAR(100))"))
        connection.execute(text("INSERT INTO victims VALUES (1, 'Sanne de Vries')"))
        connection.execute(text(f"CREATE TABLE {quote(HOSTILE_TABLE)} (id INTEGER PRIMARY KEY, "
                                f"{quote(HOSTILE_COLUMN)} VARCHAR(200), note TEXT)"))  # fmt: skip
        rows = [{"id": i, "m": SECRET if i == 1 else f"p{i}@example.nl", "n": "'); DELETE FROM victims; --"}
                for i in range(1, 40)]  # fmt: skip
        connection.execute(text(f"INSERT INTO {quote(HOSTILE_TABLE)} VALUES (:id, :m, :n)"), rows)
    engine.dispose()
    yield url


def _victims(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = int(connection.execute(text("SELECT COUNT(*) FROM victims")).scalar_one())
    engine.dispose()
    return count


def test_hostile_names_and_values_change_nothing_and_leak_nothing(hostile: str) -> None:
    before = hashlib.sha256(Path(hostile.removeprefix("sqlite:///")).read_bytes()).hexdigest() if not POSTGRES else ""
    with SqlSource(hostile) as source:
        report = discover(source, rows=100)
    assert _victims(hostile) == 1
    if not POSTGRES:
        assert hashlib.sha256(Path(hostile.removeprefix("sqlite:///")).read_bytes()).hexdigest() == before
    found = {(v.table, v.column): v.category for t in report.tables for v in t.verdicts}
    assert found[(HOSTILE_TABLE, HOSTILE_COLUMN)] == "user.contact.email", "the odd names are read, not run"
    shown = render_text(report, "en") + str(report.as_dict("en"))
    assert SECRET not in shown and "Sanne" not in shown


def test_a_write_through_the_scan_is_refused_by_the_database(hostile: str) -> None:
    refused = pytest.raises(Exception, match=r"(?i)read.only|readonly|query_only|attempt to write")
    with SqlSource(hostile) as source, source.engine.connect() as connection, refused:
        connection.execute(text("DELETE FROM victims"))
    assert _victims(hostile) == 1
