"""The SQL connector on a course administration of our own, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select, text

from tests.systems import school
from waarborg.core.db import make_engine
from waarborg.systems.connector import Connector


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = make_engine(db_url)
    school.fill(made)
    yield made
    made.dispose()


@pytest.fixture
def connector(engine: Engine, db_url: str) -> Iterator[Connector]:
    made = Connector(school.dataset(), db_url, b"k" * 32, engine=engine)
    yield made


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in school.metadata.sorted_tables}  # fmt: skip


def test_export_follows_the_links_and_reads_only_the_declared_columns(connector: Connector) -> None:
    rows = connector.export({"email": "p3@example.nl"})
    assert {t: len(r) for t, r in rows.items()} == {"students": 1, "enrolments": 3, "attendance": 3, "feedback": 3,
                                                     "invoices": 1}  # fmt: skip
    assert rows["students"][0]["name"] == "Persoon 3" and "title" not in str(rows)
    assert all(r["student_id"] == 3 for r in rows["enrolments"])
    assert connector.export({"email": "nobody@example.nl"}) == {}
    assert set(connector.export({"customer_id": "2"})["students"][0]) >= {"id", "email", "name"}


def test_erasure_deletes_and_masks_what_the_law_keeps(connector: Connector, engine: Engine) -> None:
    before = counts(engine)
    done = connector.erase({"email": "p2@example.nl"})
    assert done == {"feedback": {"deleted": 2, "masked": 0}, "attendance": {"deleted": 2, "masked": 0},
                    "enrolments": {"deleted": 2, "masked": 0}, "invoices": {"deleted": 0, "masked": 1},
                    "students": {"deleted": 0, "masked": 1}}  # fmt: skip
    after = counts(engine)
    assert after["enrolments"] == before["enrolments"] - 2 and after["invoices"] == before["invoices"]
    with engine.connect() as connection:
        invoice = connection.execute(select(school.invoices).where(school.invoices.c.id == 2)).one()._mapping
        student = connection.execute(select(school.students).where(school.students.c.id == 2)).one()._mapping
        other = connection.execute(select(school.students).where(school.students.c.id == 3)).one()._mapping
    assert invoice["name"] == "[verwijderd]" and invoice["iban"] is None and float(invoice["amount"]) == 495
    assert student["name"] == "[verwijderd]" and student["phone"] is None and student["born"] is None
    assert student["email"] != "p2@example.nl" and len(student["email"]) == 16, "a keyed hash, not the address"
    assert other["name"] == "Persoon 3", "nobody else is touched"
    assert connector.export({"email": "p2@example.nl"}) == {}, "the person can no longer be found"


def test_an_erasure_that_fails_halfway_changes_nothing(connector: Connector, engine: Engine) -> None:
    before = counts(engine)
    with engine.begin() as connection:  # the database refuses masking a student's name (NOT NULL)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE students ALTER COLUMN phone SET NOT NULL"))
        else:
            pytest.skip("SQLite cannot add NOT NULL to a column; PostgreSQL shows the rollback")
    with pytest.raises(Exception, match=r"(?i)null"):
        connector.erase({"email": "p1@example.nl"})
    assert counts(engine) == before


def test_every_query_of_the_connector_uses_an_index(connector: Connector, engine: Engine) -> None:
    """Each lookup the connector makes (by identity column, by link column) is planned on an index."""
    tables = school.dataset().tables
    columns = [(name, column) for name, spec in tables.items() for column in (*spec.identity.values(), *spec.links)]
    lookups = [(name, column, ("a@example.nl", "b@example.nl") if column == "email" else (1, 2))
               for name, column in columns]  # fmt: skip
    plans = []
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        for name, column, values in lookups:
            statement = connector._select(name, column, 2)
            if engine.dialect.name == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + statement, values)
            else:  # tiny tables: make PostgreSQL show the plan it would use at scale
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + statement, values)
            plans.append(" ".join(str(part) for row in cursor.fetchall() for part in row))
    scans = [plan for plan in plans if "SCAN " in plan or "Seq Scan" in plan]
    assert len(plans) == 6 and not scans, scans
