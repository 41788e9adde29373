"""Every prepared statement (the hot paths: look-ups, the audit append, due dates, API keys) reads personal data
through an index: SQLite's plan for each, taken from the registry so a new one is checked without a list here."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import waarborg.web.app  # noqa: F401 (imports every module that prepares a statement)
from tests.conftest import POSTGRES, open_vault
from waarborg.core.prepared import Prepared
from waarborg.register.schema import Register

PERSONAL = {"subjects", "identifiers", "records", "events", "subject_keys", "consent_receipts", "holds",
            "audit_entries", "do_not_contact", "notices", "requests", "tasks"}  # fmt: skip
SCAN = re.compile(r"^SCAN (\w+)\b(?! USING)")


@pytest.mark.skipif(POSTGRES, reason="SQLite's plans; bench/gdpr.py checks PostgreSQL's at size")
def test_no_prepared_statement_scans_a_table_of_personal_data(tmp_path: Path, register: Register) -> None:
    vault = open_vault(register, f"sqlite:///{tmp_path / 'plans.db'}", b"k" * 32)
    vault.close()
    connection = sqlite3.connect(tmp_path / "plans.db")
    statements = [prepared for prepared in Prepared.every if prepared.origin.startswith("waarborg.")]  # not tests'
    assert len(statements) >= 10, "the registry lost the hot paths' statements"
    scans = []
    for prepared in statements:
        sql = prepared.sql(vault.data_engine.dialect)
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue  # an INSERT reads nothing
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]
        scans += [(sql, step) for step in plan if (found := SCAN.match(step)) and found.group(1) in PERSONAL]
    connection.close()
    assert scans == []


@pytest.mark.skipif(POSTGRES, reason="SQLite's plans; bench/gdpr.py checks PostgreSQL's at size")
def test_the_recompute_pages_in_key_order_without_sorting(tmp_path: Path, register: Register) -> None:
    """A register change recomputes every due date page by page: each page must be read in the key's order,
    not found through another index and sorted (that read every record per page)."""
    from waarborg.vault.due_store import PAGE_BY_ID

    vault = open_vault(register, f"sqlite:///{tmp_path / 'plans.db'}", b"k" * 32)
    sql = str(PAGE_BY_ID.compile(dialect=vault.data_engine.dialect))
    vault.close()
    connection = sqlite3.connect(tmp_path / "plans.db")
    plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]
    connection.close()
    assert not any("TEMP B-TREE" in step or SCAN.match(step) for step in plan), plan
