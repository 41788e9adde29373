"""The trail read a page at a time, filtered by person, request, actor or kind, on indexes; the request
column is checked against the sealed payload."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update

from tests.conftest import POSTGRES
from waarborg.access import audit
from waarborg.access.events import RequestStepped, SignedIn
from waarborg.vault.service import Vault


def _fill(vault: Vault) -> None:
    with vault.unit() as unit:
        for n in range(7):
            vault.audit(unit, f"user:{'a' if n % 2 else 'b'}", SignedIn(f"u{n}", True))
        for n in range(5):
            vault.audit(unit, "portal", RequestStepped("r1" if n < 3 else "r2", "access", "received"))


def test_pages_are_newest_first_and_link_both_ways(vault: Vault) -> None:
    _fill(vault)
    with vault.unit() as unit:
        first = audit.page(unit.data, audit.Filter(), size=5)
        second = audit.page(unit.data, audit.Filter(), before=first.older, size=5)
        back = audit.page(unit.data, audit.Filter(), after=second.newer, size=5)
    seqs = [e.seq for e in first.entries]
    assert seqs == sorted(seqs, reverse=True) and first.newer is None and first.older == seqs[-1]
    assert [e.seq for e in second.entries] == list(range(seqs[-1] - 1, seqs[-1] - 6, -1))
    assert second.newer == second.entries[0].seq and [e.seq for e in back.entries] == seqs


@pytest.mark.parametrize(
    ("wanted", "count"),
    [
        (audit.Filter(request_id="r1"), 3),
        (audit.Filter(request_id="r2"), 2),
        (audit.Filter(actor="user:a"), 3),
        (audit.Filter(kind=SignedIn.kind), 7),
        (audit.Filter(actor="portal", request_id="r2"), 2),
        (audit.Filter(request_id="nope"), 0),
    ],
)
def test_filters(vault: Vault, wanted: audit.Filter, count: int) -> None:
    _fill(vault)
    with vault.unit() as unit:
        found = audit.page(unit.data, wanted)
    assert len(found.entries) == count and found.newer is None and found.older is None


def test_a_changed_request_column_is_tampering(vault: Vault) -> None:
    _fill(vault)
    with vault.unit() as unit:
        assert audit.verify(unit.data, vault.ring.audit_key) == []
        target = audit.page(unit.data, audit.Filter(request_id="r1"), size=1).entries[0].seq
        unit.data.execute(update(audit.AuditEntry).where(audit.AuditEntry.seq == target).values(request_id="r9"))
    with vault.unit() as unit:
        problems = audit.verify(unit.data, vault.ring.audit_key)
    assert [p.seq for p in problems] == [target] and "request column" in problems[0].what


@pytest.mark.parametrize(
    ("where", "params"),
    [
        ("actor = :v", {"v": "user:a"}),
        ("request_id = :v", {"v": "r1"}),
        ("subject_id = :v", {"v": "x"}),
        ("kind = :v", {"v": "staff.signed_in"}),
    ],
)
def test_the_office_filters_use_an_index(vault: Vault, where: str, params: dict[str, object]) -> None:
    _fill(vault)
    sql = f"SELECT seq FROM audit_entries WHERE {where} ORDER BY seq DESC LIMIT 51"
    with vault.data_engine.connect() as connection:
        if POSTGRES:
            connection.execute(text("SET enable_seqscan = off"))
            rows = connection.execute(text("EXPLAIN " + sql), params)
        else:
            rows = connection.execute(text("EXPLAIN QUERY PLAN " + sql), params)
        found = " ".join(str(part) for row in rows for part in row)
    if POSTGRES:
        assert "Index" in found, found
    else:
        assert "USING INDEX" in found or "USING COVERING INDEX" in found, found
        assert "TEMP B-TREE" not in found, f"sorted by the index, not afterwards: {found}"
