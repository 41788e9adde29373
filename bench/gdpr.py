"""GDPRbench on Waarborg: the four GDPR workloads and a retention sweep, beside hand-written plain SQL.

    python bench/gdpr.py [--records 100000] [--engine auto|sqlite|postgres] [--db-url URL] [--lookups 500]
                         [--mixed 200] [--json FILE] [--plans-only] [--growth] [--db DIR] [--keep]

After GDPRbench (Shastri et al., "Understanding and Benchmarking the Impact of GDPR on Database Systems",
PVLDB 13(7), 2020): the controller, customer, processor and regulator workloads, each operation on
Waarborg's Python API next to the same work in plain SQL on the same engine and the same schema (same
tables and indexes, values as JSON text in clear, no crypto, no audit trail). 1M records is
``--records 1000000``. See bench/README.md for what each operation does.

Exit status 1 when a statement Waarborg sent reads a personal-data table of more than 1,000 rows with a
sequential scan (SQLite ``SCAN <table>`` without an index, PostgreSQL ``Seq Scan on <table>``).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, event, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault import (
    ACTIVITY,
    COURSES,
    FIRST,
    LAST,
    REGISTER,
    SEED,
    Dataset,
    Latency,
    Progress,
    baseline_batch,
    baseline_rows,
    email_of,
    write_dataset,
)
from waarborg.access import audit as audit_trail
from waarborg.access.events import SubjectFound
from waarborg.access.policy import operator
from waarborg.consent import receipts
from waarborg.consent.audience import audience
from waarborg.core.config import keystore_url
from waarborg.core.timeutil import AMSTERDAM, now
from waarborg.register.loader import load_register
from waarborg.retention import rules_state
from waarborg.retention.forecast import forecast
from waarborg.retention.sweep import sweep
from waarborg.rights.changes import rectify, withdraw
from waarborg.vault import store
from waarborg.vault.importer import import_file
from waarborg.vault.models import Identifier
from waarborg.vault.service import Vault

NEWSLETTER = "newsletter"
OPTION = "tips"
DATED = ("active", "restricted")
SCAN_LIMIT = 1000  # rows: a sequential scan of a smaller personal-data table is not a finding
PERSONAL_TABLES = frozenset({
    "subjects", "identifiers", "records", "events", "subject_keys", "consent_receipts", "audit_entries", "holds",
    "notices", "requests", "request_steps", "tasks", "do_not_contact", "cookie_consents", "breaches",
})  # fmt: skip
"""Tables holding rows per person (by subject id, blind index, request or visitor)."""
GROWTH_SIZES = (100_000, 1_000_000)
HEAVY_DIVISOR = 20  # whole-table operations (audience, forecast) run lookups / 20 times
MIXED_HEAVY_DIVISOR = 5  # and the mixed workloads that hold them (processor, regulator) mixed / 5 operations
MAX_SHARE = 5000  # people per set-up pool (subscribers, expired, recent): 2 % of all, at most this
STABLE = 50_000  # people the non-consuming operations pick from at random


def iso(moment: datetime) -> str:
    """A time as the baseline stores it: UTC, ISO 8601, text (as bench/vault.py's baseline)."""
    return moment.astimezone(UTC).isoformat(sep=" ")


def one_year_after(moment: datetime) -> datetime:
    return moment.replace(year=moment.year + 1)


# --- the operations -------------------------------------------------------------------------------------

OPERATIONS: list[tuple[str, str, str]] = [
    # workload, key, label (the Waarborg call)
    ("controller", "create", "create a record (add_record)"),
    ("controller", "delete", "delete by subject (erase_subject)"),
    ("controller", "update", "update metadata (add_event: due dates)"),
    ("controller", "read_meta", "read metadata of an activity (records_of)"),
    ("customer", "read_own", "read own data by e-mail (find + get_subject)"),
    ("customer", "rectify", "rectify a field (rights.changes.rectify)"),
    ("customer", "erase_own", "erase self by e-mail (find + erase_subject)"),
    ("customer", "withdraw", "withdraw consent (rights.changes.withdraw)"),
    ("processor", "read_key", "read by key (get_subject)"),
    ("processor", "audience", "an option's audience (consent.audience)"),
    ("regulator", "accessed", "who accessed subject X (audit.page)"),
    ("regulator", "forecast", "due dates, 12 months (retention.forecast)"),
]
WORKLOADS = ("controller", "customer", "processor", "regulator")
HEAVY = {"audience", "forecast"}


@dataclass(frozen=True)
class Pools:
    """Subject numbers (``email_of(n)``) per use; the consumed ones are disjoint, both sides use the same."""

    subscribers: list[int]  # a newsletter record and consent for ``tips``; withdraw takes from these
    deleted: list[int]  # controller delete
    erased: list[int]  # customer erase
    expired: list[int]  # course completed long ago: due, the sweep removes them
    dated: list[int]  # course completed a month ago: due within the forecast's year
    stable: list[int]  # everyone else: reads, updates, rectifications


def make_pools(data: Dataset, consumable: int) -> Pools:
    share = min(max(100, data.subjects // 50), MAX_SHARE)
    sizes = [max(2 * consumable, share), consumable, consumable, share, share]
    if sum(sizes) + 100 > data.subjects:
        raise SystemExit(f"{data.subjects:,} subjects are too few for {sum(sizes):,} in pools: raise --records "
                         "or lower --lookups/--mixed")  # fmt: skip
    order = random.Random(SEED + 2).sample(range(data.subjects), data.subjects)
    parts, start = [], 0
    for size in sizes:
        parts.append(order[start : start + size])
        start += size
    subscribers, deleted, erased, expired, dated = parts
    return Pools(subscribers, deleted, erased, expired, dated, stable=order[start : start + STABLE])


def item_source(key: str, pools: Pools, seed: int) -> Iterator[int]:
    """The subject numbers (or counters) an operation works on, in order: the same sequence for both sides."""
    rng = random.Random(seed)
    consumed = {"delete": pools.deleted, "erase_own": pools.erased, "withdraw": pools.subscribers}
    if key == "create":
        return itertools.count()
    if key in consumed:
        return iter(consumed[key])
    if key in HEAVY:
        return itertools.repeat(0)
    stable = pools.stable
    return (stable[rng.randrange(len(stable))] for _ in itertools.count())


# --- Waarborg --------------------------------------------------------------------------------------------


PLACEHOLDERS = re.compile(r"((?:%\(\w+\)s|\?)(?:::\w+)?)(?:, (?:%\(\w+\)s|\?)(?:::\w+)?){2,}")
LONG_ARRAY = re.compile(r"'\{[^}]{120,}\}'")


def shorten(sql: str) -> str:
    """A statement on one line, an IN list of placeholders (or a long array in a plan) cut to its first item."""
    return LONG_ARRAY.sub("'{...}'", PLACEHOLDERS.sub(r"\1, ...", " ".join(sql.split())))


class Capture:
    """Every distinct statement the vault's engines send while ``where`` is set, with its first parameters."""

    def __init__(self, engines: dict[str, Engine]) -> None:
        self.where: str | None = None
        self.seen: dict[tuple[str, str], tuple[str, tuple[str, Any]]] = {}  # (engine, short) -> where, statement
        for label, engine in engines.items():
            event.listen(engine, "before_cursor_execute", self._listener(label))

    def _listener(self, label: str) -> Callable[..., None]:
        def listener(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
            if self.where is None or statement.lstrip()[:6].upper() not in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                return
            key = (label, shorten(statement))  # one plan per statement, whatever the length of its IN lists
            if key not in self.seen:
                first = parameters[0] if many and parameters else parameters
                self.seen[key] = (self.where, (statement, first))

        return listener

    @contextmanager
    def during(self, where: str) -> Iterator[None]:
        self.where = where
        try:
            yield
        finally:
            self.where = None


class WaarborgSide:
    name = "Waarborg"

    def __init__(self, vault: Vault, ids: dict[int, str]) -> None:
        self.vault, self.ids = vault, ids
        self.by = operator("bench")
        self.start = now()

    def create(self, i: int) -> None:
        row = {"name": f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}", "email": f"new{i}@example.nl",
               "course": COURSES[i % len(COURSES)]}  # fmt: skip
        with self.vault.unit() as unit:
            self.vault.add_record(unit, ACTIVITY, row, by=self.by)

    def delete(self, n: int) -> None:
        with self.vault.unit() as unit:
            self.vault.erase_subject(unit, self.ids[n], by=self.by)

    def update(self, n: int) -> None:
        with self.vault.unit() as unit:
            self.vault.add_event(unit, self.ids[n], "course_completed", activity=ACTIVITY, by=self.by)

    def read_meta(self, n: int) -> None:
        with self.vault.unit() as unit:
            meta = [(r.id, r.due_at, r.due_rule, r.fields, r.status)
                    for r in store.records_of(unit, self.ids[n], DATED) if r.activity == ACTIVITY]  # fmt: skip
        assert meta

    def read_own(self, n: int) -> None:
        with self.vault.unit() as unit:
            found = self.vault.find_subject(unit, "email", email_of(n), by=self.by)
            assert found
            self.vault.get_subject(unit, found, by=self.by)

    def rectify(self, n: int) -> None:
        with self.vault.unit() as unit:
            rectify(self.vault, unit, self.ids[n], {"name": f"{FIRST[n % len(FIRST)]} Verbeterd"}, ACTIVITY, by=self.by)

    def erase_own(self, n: int) -> None:
        with self.vault.unit() as unit:
            found = self.vault.find_subject(unit, "email", email_of(n), by=self.by)
            assert found
            self.vault.erase_subject(unit, found, by=self.by)

    def withdraw(self, n: int) -> None:
        with self.vault.unit() as unit:
            done = withdraw(self.vault, unit, self.ids[n], [NEWSLETTER], "preferences_page", "nl", now(), by=self.by)
        assert done == [NEWSLETTER]

    def read_key(self, n: int) -> None:
        with self.vault.unit() as unit:
            self.vault.get_subject(unit, self.ids[n], by=self.by)

    def audience(self, _n: int) -> int:
        with self.vault.unit() as unit:
            return len(audience(self.vault, unit, NEWSLETTER, OPTION, now(), by=self.by))

    def accessed(self, n: int) -> None:
        with self.vault.unit() as unit:
            found = audit_trail.page(unit.data, audit_trail.Filter(subject_id=self.ids[n]))
        assert found.entries

    def forecast(self, _n: int) -> int:
        with self.vault.unit() as unit:
            result = forecast(unit, self.start, self.start + timedelta(days=365))
        return sum(result.months.values())

    def sweep(self) -> tuple[int, int]:
        report = sweep(self.vault, now(), by=self.by)
        return report.records, report.subjects_removed


def open_vault(url: str) -> Vault:
    register = load_register(REGISTER).register
    return Vault.open(register, url, master_key=secrets.token_bytes(32), keystore_url=keystore_url(url, None),
                      create=True)  # fmt: skip


def build_waarborg(vault: Vault, data: Dataset, pools: Pools, marks: Marks) -> dict[int, str]:
    """Import the data set, then subscribers, completed courses (expired and recent); the ids of the pools."""
    print(f"Waarborg: importing {data.records:,} records", flush=True)
    result = import_file(vault, ACTIVITY, data.path, progress=Progress("Waarborg import", data.records))
    if result.imported != data.records or result.problems:
        raise SystemExit(f"Waarborg imported {result.imported} of {data.records}: {result.problems[:3]}")
    by = operator("bench")
    wanted = sorted({*pools.subscribers, *pools.deleted, *pools.erased, *pools.expired, *pools.dated,
                     *pools.stable})  # fmt: skip
    print(f"Waarborg: the ids of {len(wanted):,} people, by the blind index of their address", flush=True)
    with vault.data_engine.connect() as connection:
        by_blind = dict(
            connection.execute(select(Identifier.blind, Identifier.subject_id).where(Identifier.kind == "email")).all()
        )
    email = vault.normalise_identifier
    ids = {n: by_blind[vault.ring.blind_index("email", email("email", email_of(n)))] for n in wanted}
    del by_blind
    with vault.unit() as unit:  # the audit trail gets an entry for every pool member, as a look-up would write
        for n in wanted:
            vault.audit(unit, "bench", SubjectFound(ids[n], "email"))
    setup = [(n, "subscribe") for n in pools.subscribers] + [(n, "expired") for n in pools.expired]
    setup += [(n, "dated") for n in pools.dated]
    progress = Progress("Waarborg set-up", len(setup), unit="subjects")
    for start in range(0, len(setup), 200):
        with vault.unit() as unit:
            for n, what in setup[start : start + 200]:
                if what == "subscribe":
                    vault.add_record(unit, NEWSLETTER, {"email": email_of(n)}, collected_at=marks.subscribed, by=by)
                    receipts.record(vault, unit, ids[n], NEWSLETTER, [OPTION], granted=True, via="web_form",
                                    at=marks.subscribed, by=by)  # fmt: skip
                else:
                    at = marks.expired if what == "expired" else marks.dated
                    vault.add_event(unit, ids[n], "course_completed", at=at, activity=ACTIVITY, by=by)
        progress(min(start + 200, len(setup)))
    return ids


@dataclass(frozen=True)
class Marks:
    """Moments of the set-up, relative to now: all after the last ``collected_at`` of a 1M data set."""

    subscribed: datetime
    expired: datetime
    dated: datetime

    @classmethod
    def now(cls) -> Marks:
        moment = now()
        return cls(moment - timedelta(days=300), moment - timedelta(days=400), moment - timedelta(days=30))


# --- plain SQL ---------------------------------------------------------------------------------------------

PLAIN_SCHEMA = """
CREATE TABLE subjects (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE identifiers (
    id {serial}, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX ix_identifiers_value ON identifiers (value);
CREATE INDEX ix_identifiers_subject_id ON identifiers (subject_id);
CREATE TABLE records (
    id TEXT PRIMARY KEY, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    activity TEXT NOT NULL, collected_at TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL,
    purposes TEXT NOT NULL, recipients TEXT NOT NULL, fields TEXT NOT NULL, status TEXT NOT NULL,
    due_at TEXT, due_rule INTEGER, "values" TEXT NOT NULL);
CREATE INDEX ix_records_subject_id ON records (subject_id);
CREATE INDEX ix_records_activity_status ON records (activity, status, subject_id);
CREATE INDEX ix_records_due_at ON records (due_at);
CREATE INDEX ix_records_status_due ON records (status, due_at, activity);
CREATE TABLE events (
    id {serial}, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    record_id TEXT REFERENCES records(id) ON DELETE CASCADE, activity TEXT, name TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX ix_events_subject_name ON events (subject_id, name);
CREATE INDEX ix_events_record ON events (record_id);
CREATE TABLE consent_receipts (
    id {serial}, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    activity TEXT NOT NULL, option TEXT NOT NULL, granted BOOLEAN NOT NULL, at TEXT NOT NULL, via TEXT NOT NULL,
    form_url TEXT, wording TEXT NOT NULL, lang TEXT NOT NULL, recorded_by TEXT NOT NULL,
    soft_opt_in BOOLEAN NOT NULL);
CREATE INDEX ix_consent_receipts_subject ON consent_receipts (subject_id, activity);
CREATE TABLE holds (
    id {serial}, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    activities TEXT, until TEXT NOT NULL, released_at TEXT);
CREATE INDEX ix_holds_subject_id ON holds (subject_id);
CREATE TABLE do_not_contact (id {serial}, kind TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX ix_do_not_contact_value ON do_not_contact (value, kind);
CREATE TABLE access_log (
    seq BIGINT PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, subject_id TEXT,
    payload TEXT NOT NULL);
CREATE INDEX ix_access_log_subject ON access_log (subject_id, seq);
"""
"""The vault's tables and indexes for these operations, minus the crypto: identifiers in clear (indexed
instead of the blind index), values as JSON text; ``access_log`` is a copy of the vault's audit trail."""


class Plain:
    """One connection, ``?`` placeholders, explicit BEGIN/COMMIT: stdlib sqlite3 or psycopg."""

    def __init__(self, connection: sqlite3.Connection | psycopg.Connection[Any]) -> None:
        self.connection = connection
        self.postgres = isinstance(connection, psycopg.Connection)

    @classmethod
    def sqlite(cls, path: Path) -> Plain:
        connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "cache_size=-65536"):
            connection.execute(f"PRAGMA {pragma}")
        return cls(connection)

    @classmethod
    def postgres_at(cls, conninfo: str) -> Plain:
        return cls(psycopg.connect(conninfo, autocommit=True))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Any:
        return self.connection.execute(self._sql(sql), parameters)

    def executemany(self, sql: str, parameters: Any, /) -> None:
        if isinstance(self.connection, sqlite3.Connection):
            self.connection.executemany(sql, parameters)
        else:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql(sql), list(parameters))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def create_schema(self) -> None:
        serial = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if self.postgres else "INTEGER PRIMARY KEY"
        for statement in PLAIN_SCHEMA.format(serial=serial).split(";"):
            if statement.strip():
                self.execute(statement)

    def close(self) -> None:
        self.connection.close()


FIND = "SELECT subject_id FROM identifiers WHERE value = ? AND kind = 'email' LIMIT 1"
SUBJECT = "SELECT id, status, created_at FROM subjects WHERE id = ?"
IDENTIFIERS = "SELECT kind, value FROM identifiers WHERE subject_id = ? ORDER BY id"
RECORDS = ('SELECT id, activity, collected_at, source, basis, purposes, recipients, status, due_at, due_rule, '
           '"values" FROM records WHERE subject_id = ? ORDER BY collected_at')  # fmt: skip
EVENTS = "SELECT id, name, at, activity, record_id FROM events WHERE subject_id = ? ORDER BY at"
INSERT_RECORD = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_EVENT = "INSERT INTO events (subject_id, record_id, activity, name, at) VALUES (?, NULL, ?, ?, ?)"
INSERT_RECEIPT = (
    "INSERT INTO consent_receipts (subject_id, activity, option, granted, at, via, form_url, wording, lang, "
    "recorded_by, soft_opt_in) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 'nl', 'bench', ?)"
)
SET_DUE = (
    "UPDATE records SET due_at = ?, due_rule = 0 WHERE subject_id = ? AND activity = ? "
    "AND status IN ('active', 'restricted') AND collected_at <= ?"
)
WORDING = hashlib.sha256(b"tips").hexdigest()


def new_id() -> str:
    return secrets.token_hex(16)


class PlainSide:
    name = "plain"

    def __init__(self, db: Plain, ids: dict[int, str]) -> None:
        self.db, self.ids = db, ids
        self.start = now()

    def _find(self, email: str) -> str | None:
        row = self.db.execute(FIND, (email,)).fetchone()
        return row[0] if row else None

    def _read(self, subject_id: str) -> None:
        subject = self.db.execute(SUBJECT, (subject_id,)).fetchone()
        identifiers = self.db.execute(IDENTIFIERS, (subject_id,)).fetchall()
        records = [(*row[:-1], json.loads(row[-1])) for row in self.db.execute(RECORDS, (subject_id,)).fetchall()]
        events = self.db.execute(EVENTS, (subject_id,)).fetchall()
        assert subject and identifiers and records and events is not None

    def create(self, i: int) -> None:
        email = f"new{i}@example.nl"
        row = {"name": f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}", "email": email,
               "course": COURSES[i % len(COURSES)]}  # fmt: skip
        stamp = iso(now())
        with self.db.transaction():
            subject = self._find(email)
            if subject is None:
                subject = new_id()
                self.db.execute("INSERT INTO subjects VALUES (?, ?, 'active')", (subject, stamp))
                self.db.execute("INSERT INTO identifiers (subject_id, kind, value) VALUES (?, 'email', ?)",
                                (subject, email))  # fmt: skip
            self.db.execute(INSERT_RECORD, plain_record(subject, ACTIVITY, stamp, row))

    def delete(self, n: int) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM subjects WHERE id = ?", (self.ids[n],))

    def update(self, n: int) -> None:
        at = now()
        with self.db.transaction():
            self.db.execute(INSERT_EVENT, (self.ids[n], ACTIVITY, "course_completed", iso(at)))
            self.db.execute(SET_DUE, (iso(one_year_after(at)), self.ids[n], ACTIVITY, iso(at)))

    def read_meta(self, n: int) -> None:
        with self.db.transaction():
            meta = self.db.execute(
                "SELECT id, due_at, due_rule, fields, status FROM records WHERE subject_id = ? AND activity = ? "
                "AND status IN ('active', 'restricted') ORDER BY collected_at, id",
                (self.ids[n], ACTIVITY),
            ).fetchall()
        assert meta

    def read_own(self, n: int) -> None:
        with self.db.transaction():
            found = self._find(email_of(n))
            assert found
            self._read(found)

    def rectify(self, n: int) -> None:
        with self.db.transaction():
            rows = self.db.execute(
                'SELECT id, "values" FROM records WHERE subject_id = ? AND activity = ? '
                "AND status IN ('active', 'restricted')",
                (self.ids[n], ACTIVITY),
            ).fetchall()
            for record_id, values in rows:
                changed = {**json.loads(values), "name": f"{FIRST[n % len(FIRST)]} Verbeterd"}
                body = json.dumps(changed, separators=(",", ":"), ensure_ascii=False)
                self.db.execute('UPDATE records SET "values" = ? WHERE id = ?', (body, record_id))

    def erase_own(self, n: int) -> None:
        with self.db.transaction():
            found = self._find(email_of(n))
            assert found
            self.db.execute("DELETE FROM subjects WHERE id = ?", (found,))

    def withdraw(self, n: int) -> None:
        subject, at = self.ids[n], now()
        with self.db.transaction():
            state: dict[str, bool] = {}
            for option, granted in self.db.execute(
                "SELECT option, granted FROM consent_receipts WHERE subject_id = ? AND activity = ? ORDER BY at, id",
                (subject, NEWSLETTER),
            ).fetchall():
                state[option] = bool(granted)
            granted_now = [option for option, yes in state.items() if yes]
            assert granted_now
            for option in granted_now:
                self.db.execute(INSERT_RECEIPT, (subject, NEWSLETTER, option, False, iso(at), "preferences_page",
                                                 WORDING, False))  # fmt: skip
            for name in ("consent_withdrawn", "unsubscribed"):
                self.db.execute(INSERT_EVENT, (subject, NEWSLETTER, name, iso(at)))
            self.db.execute(SET_DUE, (iso(at + timedelta(weeks=4)), subject, NEWSLETTER, iso(at)))

    def read_key(self, n: int) -> None:
        with self.db.transaction():
            self._read(self.ids[n])

    def audience(self, _n: int) -> int:
        at = iso(now())
        with self.db.transaction():
            latest: dict[str, dict[str, bool]] = {}
            for subject, option, granted in self.db.execute(
                "SELECT c.subject_id, c.option, c.granted FROM consent_receipts c WHERE c.activity = ? AND c.at <= ? "
                "AND c.subject_id IN (SELECT subject_id FROM records WHERE activity = ? AND status = 'active') "
                "ORDER BY c.at, c.id",
                (NEWSLETTER, at, NEWSLETTER),
            ).fetchall():
                latest.setdefault(subject, {})[option] = bool(granted)
            members = [
                (subject, email)
                for subject, email in self.db.execute(
                    "SELECT r.subject_id, i.value FROM (SELECT DISTINCT subject_id FROM records "
                    "WHERE activity = ? AND status = 'active') r JOIN identifiers i ON i.subject_id = r.subject_id "
                    "WHERE i.kind = 'email' "
                    "AND NOT EXISTS (SELECT 1 FROM do_not_contact d WHERE d.value = i.value AND d.kind = i.kind) "
                    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_id = r.subject_id AND e.name = 'objected' "
                    "AND e.at <= ? AND (e.activity = ? OR e.activity IS NULL)) ORDER BY r.subject_id",
                    (NEWSLETTER, at, NEWSLETTER),
                ).fetchall()
                if latest.get(subject, {}).get(OPTION)
            ]
        return len(members)

    def accessed(self, n: int) -> None:
        with self.db.transaction():
            rows = self.db.execute(
                "SELECT seq, at, kind, actor, subject_id, payload FROM access_log WHERE subject_id = ? "
                "ORDER BY seq DESC LIMIT 51",
                (self.ids[n],),
            ).fetchall()
        assert [(*row[:-1], json.loads(row[-1])) for row in rows]

    def forecast(self, _n: int) -> int:
        until = iso(self.start + timedelta(days=365))
        start = iso(self.start)
        months: Counter[tuple[str, str, int | None]] = Counter()
        overdue: Counter[str] = Counter()
        with self.db.transaction():
            for activity, rule, due_at in self.db.execute(
                "SELECT activity, due_rule, due_at FROM records WHERE due_at <= ? AND status = 'active'", (until,)
            ).fetchall():
                if due_at < start:
                    overdue[activity] += 1
                else:
                    month = datetime.fromisoformat(due_at).astimezone(AMSTERDAM).strftime("%Y-%m")
                    months[(month, activity, rule)] += 1
            undated = dict(self.db.execute(
                "SELECT activity, count(*) FROM records WHERE due_at IS NULL AND status IN ('active', 'minimised') "
                "GROUP BY activity"
            ).fetchall())  # fmt: skip
            restricted = dict(self.db.execute(
                "SELECT activity, count(*) FROM records WHERE status = 'restricted' GROUP BY activity"
            ).fetchall())  # fmt: skip
        assert undated is not None and restricted is not None
        return sum(months.values())

    def sweep(self) -> tuple[int, int]:
        """Expired records (no hold on their subject), then the people left without records."""
        at = iso(now())
        with self.db.transaction():
            gone = self.db.execute(
                "DELETE FROM records WHERE due_at <= ? AND status IN ('active', 'restricted') AND NOT EXISTS "
                "(SELECT 1 FROM holds h WHERE h.subject_id = records.subject_id AND h.released_at IS NULL "
                "AND h.until > ?) RETURNING subject_id",
                (at, at),
            ).fetchall()
            people = sorted({row[0] for row in gone})
            removed = 0
            for subject in people:
                cursor = self.db.execute(
                    "DELETE FROM subjects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM records WHERE subject_id = ?)",
                    (subject, subject),
                )
                removed += cursor.rowcount
        return len(gone), removed


def plain_record(subject: str, activity: str, collected_at: str, values: dict[str, Any]) -> tuple[Any, ...]:
    purposes = '["essential.service"]' if activity == ACTIVITY else '["marketing.communications.email"]'
    recipients = '["lms"]' if activity == ACTIVITY else "[]"
    basis = "contract" if activity == ACTIVITY else "consent"
    fields = json.dumps(sorted(values))
    body = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
    return (new_id(), subject, activity, collected_at, "data_subject", basis, purposes, recipients, fields,
            "active", None, None, body)  # fmt: skip


def build_plain(db: Plain, data: Dataset, pools: Pools, marks: Marks) -> dict[int, str]:
    db.create_schema()
    print(f"plain: inserting {data.records:,} records", flush=True)
    progress = Progress("plain import", data.records)
    batch: list[dict[str, Any]] = []
    done = 0
    for row in baseline_rows(data.path):
        batch.append(row)
        if len(batch) >= 2000:
            baseline_batch(db, batch)
            done += len(batch)
            batch = []
            progress(done)
    if batch:
        baseline_batch(db, batch)
        done += len(batch)
    progress(done)
    wanted = sorted({*pools.subscribers, *pools.deleted, *pools.erased, *pools.expired, *pools.dated,
                     *pools.stable})  # fmt: skip
    ids = {n: db.execute(FIND, (email_of(n),)).fetchone()[0] for n in wanted}
    subscribed = iso(marks.subscribed)
    with db.transaction():
        for n in pools.subscribers:
            db.execute(INSERT_RECORD, plain_record(ids[n], NEWSLETTER, subscribed, {"email": email_of(n)}))
            db.execute(INSERT_RECEIPT, (ids[n], NEWSLETTER, OPTION, True, subscribed, "web_form", WORDING, False))
        for pool, at in ((pools.expired, marks.expired), (pools.dated, marks.dated)):
            for n in pool:
                db.execute(INSERT_EVENT, (ids[n], ACTIVITY, "course_completed", iso(at)))
                db.execute(SET_DUE, (iso(one_year_after(at)), ids[n], ACTIVITY, iso(at)))
    return ids


def copy_audit(vault: Vault, db: Plain, same: dict[str, str]) -> int:
    """The vault's audit trail into the baseline's access_log, subject ids translated (``same``: the vault's id
    to the baseline's): the regulator reads the same entries on both sides."""
    table = audit_trail.AuditEntry
    query = select(table.seq, table.at, table.kind, table.actor, table.subject_id, table.payload)
    with vault.data_engine.connect() as connection:
        rows = [(seq, iso(at), kind, actor, same.get(subject, subject), json.dumps(payload))
                for seq, at, kind, actor, subject, payload in connection.execute(query)]  # fmt: skip
    with db.transaction():
        db.execute("DELETE FROM access_log")
        db.executemany("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


# --- measuring ---------------------------------------------------------------------------------------------


def measure(label: str, run: Callable[[int], object], items: Iterator[int], count: int, warmup: int) -> Latency:
    for _ in range(warmup):
        run(next(items))
    latency = Latency()
    progress = Progress(label, count, unit="ops")
    for done in range(1, count + 1):
        item = next(items)
        begin = time.perf_counter_ns()
        run(item)
        latency.samples_ns.append(time.perf_counter_ns() - begin)
        progress(done)
    return latency


def mixed(label: str, side: Any, keys: list[str], items: dict[str, Iterator[int]], count: int) -> float:
    """Operations per second over ``count`` operations, each of ``keys`` equally likely (same order both sides)."""
    rng = random.Random(SEED + 7)
    chosen = [keys[rng.randrange(len(keys))] for _ in range(count)]
    progress = Progress(label, count, unit="ops")
    begin = time.perf_counter()
    for done, key in enumerate(chosen, 1):
        getattr(side, key)(next(items[key]))
        progress(done)
    return count / (time.perf_counter() - begin)


@dataclass
class Figures:
    engine: str
    records: int
    subjects: int
    latency: dict[str, dict[str, Latency]] = field(default_factory=dict)  # key -> side -> latency
    throughput: dict[str, dict[str, float]] = field(default_factory=dict)  # workload -> side -> ops/s
    sweep: dict[str, dict[str, float]] = field(default_factory=dict)  # side -> seconds, records, subjects
    audience: dict[str, int] = field(default_factory=dict)
    forecast: dict[str, int] = field(default_factory=dict)
    plans: list[PlanCheck] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        ops = {}
        for workload, key, label in OPERATIONS:
            if key not in self.latency:
                continue
            sides = self.latency[key]
            entry: dict[str, Any] = {"workload": workload, "label": label}
            for side, latency in sides.items():
                entry[side] = {"p50_ms": latency.p50, "p95_ms": latency.p95, "n": len(latency.samples_ns)}
            if len(sides) == 2:
                entry["ratio_p50"] = sides["waarborg"].p50 / sides["plain"].p50
            ops[key] = entry
        return {
            "engine": self.engine, "records": self.records, "subjects": self.subjects, "operations": ops,
            "mixed_ops_per_s": self.throughput, "sweep": self.sweep, "audience_size": self.audience,
            "forecast_records": self.forecast, "seconds": round(self.seconds, 1),
            "sequential_scans": [p.as_dict() for p in self.plans if p.offending],
        }  # fmt: skip


# --- query plans -------------------------------------------------------------------------------------------

SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS (\w+))?(.*)$")
PG_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


@dataclass
class PlanCheck:
    where: str
    database: str
    sql: str
    plan: list[str]
    offending: list[str]  # tables read by a sequential scan (more than SCAN_LIMIT rows)
    index_scans: list[str]  # SQLite: a whole index read (SCAN t USING [COVERING] INDEX) or a scan in key order
    # bounded by a LIMIT: noted, not failed
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "database": self.database, "sql": self.sql, "plan": self.plan,
                "tables": self.offending}  # fmt: skip


def table_of(name: str) -> str:
    """The table an alias names (SQLAlchemy's ``records_1``)."""
    return re.sub(r"_\d+$", "", name)


def row_counts(engines: dict[str, Engine]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for engine in set(engines.values()):
        with engine.connect() as connection:
            names = set(engine.dialect.get_table_names(connection))
            for table in sorted(PERSONAL_TABLES & names):
                counts[table] = int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    return counts


def check_plans(capture: Capture, engines: dict[str, Engine]) -> list[PlanCheck]:
    counts = row_counts(engines)
    checks: list[PlanCheck] = []
    by_engine: dict[str, list[tuple[str, str, Any]]] = {}
    for (label, _short), (where, (sql, parameters)) in capture.seen.items():
        by_engine.setdefault(label, []).append((where, sql, parameters))
    for label, statements in by_engine.items():
        engine = engines[label]
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            if isinstance(driver, sqlite3.Connection):
                for where, sql, parameters in statements:
                    checks.append(_sqlite_plan(driver, label, where, sql, parameters, counts))
            else:
                assert isinstance(driver, psycopg.Connection)
                driver.rollback()
                driver.autocommit = True
                driver.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load: statistics, visibility
                for where, sql, parameters in statements:
                    checks.append(_postgres_plan(driver, label, where, sql, parameters, counts))
        finally:
            raw.close()
    return sorted(checks, key=lambda c: (c.where, c.sql))


def _sqlite_plan(
    db: sqlite3.Connection, label: str, where: str, sql: str, parameters: Any, counts: dict[str, int]
) -> PlanCheck:
    try:
        rows = db.execute("EXPLAIN QUERY PLAN " + sql, parameters or ()).fetchall()
    except sqlite3.Error as error:
        return PlanCheck(where, label, shorten(sql), [], [], [], str(error))
    plan = [str(row[3]) for row in rows]
    offending: list[str] = []
    index_scans: list[str] = []
    # "SCAN t" for ``ORDER BY <integer primary key> LIMIT n`` without a filter or a sort reads n rows in key order
    # and stops (the audit trail's last entry): bounded, noted with the index reads
    flat = " ".join(sql.split()).upper()
    bounded = " LIMIT " in flat and " WHERE " not in flat and not any("TEMP B-TREE" in step for step in plan)
    for step in plan:
        found = SQLITE_SCAN.match(step)
        if not found:
            continue
        table = table_of(found.group(1))
        if table not in PERSONAL_TABLES or counts.get(table, 0) <= SCAN_LIMIT:
            continue
        (index_scans if "USING" in found.group(3) or bounded else offending).append(table)
    return PlanCheck(where, label, shorten(sql), plan, offending, index_scans)


def _postgres_plan(
    db: psycopg.Connection[Any], label: str, where: str, sql: str, parameters: Any, counts: dict[str, int]
) -> PlanCheck:
    try:
        rows = db.execute("EXPLAIN " + sql, parameters or None).fetchall()
    except psycopg.Error as error:
        return PlanCheck(where, label, shorten(sql), [], [], [], str(error).splitlines()[0])
    plan = [LONG_ARRAY.sub("'{...}'", str(row[0])) for row in rows]
    offending = []
    for step in plan:
        for name in PG_SEQ_SCAN.findall(step):
            table = table_of(name)
            if table in PERSONAL_TABLES and counts.get(table, 0) > SCAN_LIMIT:
                offending.append(table)
    return PlanCheck(where, label, shorten(sql), plan, offending, [])


def report_plans(engine: str, checks: list[PlanCheck]) -> None:
    bad = [c for c in checks if c.offending]
    noted = [c for c in checks if c.index_scans]
    failed = [c for c in checks if c.error]
    print(f"\nquery plans, {engine}: {len(checks)} distinct statements checked, {len(bad)} with a sequential scan "
          f"of a personal-data table over {SCAN_LIMIT:,} rows, {len(noted)} noted")  # fmt: skip
    for check in bad:
        print(f"  SEQUENTIAL SCAN of {', '.join(sorted(set(check.offending)))} in [{check.where}] ({check.database}):")
        print(f"    {check.sql}")
        for step in check.plan:
            print(f"      {step}")
    for check in noted:
        tables = ", ".join(sorted(set(check.index_scans)))
        print(f"  whole index or bounded scan of {tables} in [{check.where}]: {check.sql[:160]}")
        for step in check.plan:
            print(f"      {step}")
    for check in failed:
        print(f"  could not explain [{check.where}]: {check.error}: {check.sql[:160]}")


# --- one run -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    records: int
    lookups: int
    mixed: int
    warmup: int
    plans_only: bool


@dataclass(frozen=True)
class Target:
    """Where the two sides live: SQLite files in a directory, or two fresh PostgreSQL databases."""

    engine: str  # sqlite | postgres
    vault_url: str
    plain: Callable[[], Plain]


def run(target: Target, data: Dataset, settings: Settings) -> Figures:
    started = time.perf_counter()
    figures = Figures(target.engine, data.records, data.subjects)
    consumable = settings.warmup + settings.lookups + settings.mixed
    pools = make_pools(data, consumable)
    marks = Marks.now()
    vault = open_vault(target.vault_url)
    db: Plain | None = None
    try:
        engines = {"data": vault.data_engine}
        if vault.keys_engine is not vault.data_engine:
            engines["keys"] = vault.keys_engine
        capture = Capture(engines)
        ids = build_waarborg(vault, data, pools, marks)
        with capture.during("set-up: retention rules in force (before the first sweep)"):
            rules_state.ensure_current(vault, by=operator("bench"))  # else the first sweep recomputes every date
        ours = WaarborgSide(vault, ids)
        theirs: PlainSide | None = None
        if not settings.plans_only:
            db = target.plain()
            theirs = PlainSide(db, build_plain(db, data, pools, marks))
            same = {ids[n]: theirs.ids[n] for n in ids}
        sides: list[tuple[str, Any]] = [("waarborg", ours)] + ([("plain", theirs)] if theirs else [])
        items = {
            label: {key: item_source(key, pools, SEED + 20 + i) for i, (_w, key, _l) in enumerate(OPERATIONS)}
            for label, _side in sides
        }
        for workload in WORKLOADS:
            keys = [key for w, key, _label in OPERATIONS if w == workload]
            if workload == "regulator" and db is not None:
                print(
                    f"copied {copy_audit(vault, db, same):,} audit entries into the baseline's access_log", flush=True
                )
            for key in keys:
                heavy = key in HEAVY
                count = max(5, settings.lookups // HEAVY_DIVISOR) if heavy else settings.lookups
                warmup = min(2, settings.warmup) if heavy else settings.warmup
                if settings.plans_only:
                    warmup = max(1, min(3, warmup))
                for label, side in sides:
                    print(f"{target.engine} {label}: {workload} {key}, {warmup} + {count}", flush=True)
                    operation = getattr(side, key)
                    with capture.during(f"{workload} {key}") if label == "waarborg" else _nothing():
                        for _ in range(warmup):
                            operation(next(items[label][key]))
                    if not settings.plans_only:
                        figures.latency.setdefault(key, {})[label] = measure(
                            f"{label} {key}", operation, items[label][key], count, 0
                        )
            if settings.mixed and not settings.plans_only:
                heavy_mix = HEAVY & set(keys)
                operations = max(20, settings.mixed // MIXED_HEAVY_DIVISOR) if heavy_mix else settings.mixed
                for label, side in sides:
                    print(f"{target.engine} {label}: {workload} mixed, {operations} operations", flush=True)
                    figures.throughput.setdefault(workload, {})[label] = mixed(
                        f"{label} {workload} mixed", side, keys, items[label], operations
                    )
        for label, side in sides:
            figures.audience[label] = side.audience(0)
            figures.forecast[label] = side.forecast(0)
            print(f"{target.engine} {label}: sweep", flush=True)
            with capture.during("sweep") if label == "waarborg" else _nothing():
                begin = time.perf_counter()
                records, people = side.sweep()
                figures.sweep[label] = {"seconds": time.perf_counter() - begin, "records": records,
                                        "subjects": people}  # fmt: skip
        print(f"{target.engine}: checking the plans of {len(capture.seen)} distinct statements", flush=True)
        figures.plans = check_plans(capture, engines)
    finally:
        vault.close()
        if db is not None:
            db.close()
    figures.seconds = time.perf_counter() - started
    return figures


@contextmanager
def _nothing() -> Iterator[None]:
    yield


# --- report ------------------------------------------------------------------------------------------------


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(figures: Figures, settings: Settings) -> None:
    print()
    print(f"**{figures.engine}, {figures.records:,} records** ({figures.subjects:,} subjects; {settings.lookups} "
          f"timed operations each after {settings.warmup} untimed, whole-table ones "
          f"{max(5, settings.lookups // HEAVY_DIVISOR)}; each in its own transaction; run time "
          f"{figures.seconds:,.0f} s; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")  # fmt: skip
    print()
    rows = []
    for workload, key, label in OPERATIONS:
        sides = figures.latency.get(key, {})
        if "waarborg" not in sides or "plain" not in sides:
            continue
        ours, theirs = sides["waarborg"], sides["plain"]
        rows.append([f"{workload}: {label}", f"{ours.p50:.3f}", f"{ours.p95:.3f}", f"{theirs.p50:.3f}",
                     f"{theirs.p95:.3f}", f"{ours.p50 / theirs.p50:.1f}x"])  # fmt: skip
    if {"waarborg", "plain"} <= figures.sweep.keys():
        ours_s, theirs_s = figures.sweep["waarborg"], figures.sweep["plain"]
        rows.append([f"sweep: {ours_s['records']:,.0f} records, {ours_s['subjects']:,.0f} people (once)",
                     f"{ours_s['seconds'] * 1000:.1f}", "-", f"{theirs_s['seconds'] * 1000:.1f}", "-",
                     f"{ours_s['seconds'] / theirs_s['seconds']:.1f}x"])  # fmt: skip
    print(table(rows, ["operation", "Waarborg p50, ms", "p95", "plain p50, ms", "p95", "ratio"]))
    if figures.throughput:
        print()
        rows = [[f"{w} (each operation equally likely)", f"{t['waarborg']:,.0f}", f"{t['plain']:,.0f}",
                 f"{t['plain'] / t['waarborg']:.1f}x"] for w, t in figures.throughput.items()]  # fmt: skip
        print(table(rows, ["mixed workload", "Waarborg ops/s", "plain ops/s", "ratio"]))
    print()
    print(f"audience at the end: {figures.audience}; records due in the forecast's year: {figures.forecast}")
    if figures.sweep:
        print(f"sweep: {figures.sweep}")


def report_growth(results: list[Figures]) -> None:
    first, last = results[0], results[-1]
    print(f"\n**growth of p50, {first.engine}: {first.records:,} to {last.records:,} records**\n")
    rows = []
    for workload, key, label in OPERATIONS:
        if key not in first.latency or key not in last.latency:
            continue
        row = [f"{workload}: {label}"]
        for side in ("waarborg", "plain"):
            a, b = first.latency[key].get(side), last.latency[key].get(side)
            row += [f"{a.p50:.3f}", f"{b.p50:.3f}", f"{b.p50 / a.p50:.1f}x"] if a and b else ["-", "-", "-"]
        rows.append(row)
    small, large = f"{first.records // 1000:,}k", f"{last.records // 1000:,}k"
    print(table(rows, ["operation", f"Waarborg {small}", large, "growth", f"plain {small}", large, "growth"]))


# --- main --------------------------------------------------------------------------------------------------


def postgres_targets(base_url: str, keep: bool) -> tuple[Target, Callable[[], None]]:
    """Two fresh databases beside the one in ``base_url`` (the vault's and the baseline's), dropped afterwards."""
    url = make_url(base_url)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    names = {"vault": f"gdpr_vault_{suffix}", "plain": f"gdpr_plain_{suffix}"}
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names.values():
            connection.execute(f"CREATE DATABASE {name}")
    vault_url = url.set(database=names["vault"]).render_as_string(hide_password=False)
    plain_url = url.set(drivername="postgresql", database=names["plain"]).render_as_string(hide_password=False)

    def drop() -> None:
        if keep:
            print(f"kept the databases {', '.join(names.values())}")
            return
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names.values():
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return Target("postgres", vault_url, lambda: Plain.postgres_at(plain_url)), drop


def run_engine(engine: str, records: int, args: argparse.Namespace, settings: Settings, workdir: Path) -> Figures:
    data_dir = workdir / f"{engine}-{records}"
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"\n=== {engine}, {records:,} records: writing the data set", flush=True)
    data = write_dataset(data_dir / "data.jsonl", records)
    if engine == "sqlite":
        target = Target("sqlite", f"sqlite:///{data_dir / 'waarborg.db'}", lambda: Plain.sqlite(data_dir / "plain.db"))
        return run(target, data, settings)
    target, drop = postgres_targets(args.db_url, args.keep)
    try:
        return run(target, data, settings)
    finally:
        drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000, help="records (default 100,000; 1M: 1000000)")
    parser.add_argument("--engine", choices=("auto", "sqlite", "postgres"), default="auto",
                        help="auto: SQLite, and PostgreSQL too when --db-url or WAARBORG_TEST_DB is set")  # fmt: skip
    parser.add_argument("--db-url", default=os.environ.get("WAARBORG_TEST_DB"),
                        help="postgresql+psycopg://... (default $WAARBORG_TEST_DB); two fresh databases are made "
                             "beside it and dropped afterwards")  # fmt: skip
    parser.add_argument("--lookups", type=int, default=500, help="timed operations per operation (default 500)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed operations before them (default 50)")
    parser.add_argument("--mixed", type=int, default=200, help="operations per mixed workload (default 200)")
    parser.add_argument("--plans-only", action="store_true", help="build the vault, run each operation a few "
                        "times and check the plans only (no baseline, no timing)")  # fmt: skip
    parser.add_argument("--growth", action="store_true", help="run 100k and 1M records and print how p50 grows")
    parser.add_argument("--growth-sizes", default=",".join(map(str, GROWTH_SIZES)), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--db", type=Path, help="directory for the SQLite files and data (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the databases and data afterwards")
    args = parser.parse_args(argv)
    if args.records < 1000:
        parser.error("--records must be at least 1000")
    engines = ["sqlite"] if args.engine in ("auto", "sqlite") else []
    if args.engine == "postgres" or (args.engine == "auto" and args.db_url):
        if not args.db_url or not args.db_url.startswith("postgresql"):
            parser.error("PostgreSQL needs --db-url postgresql+psycopg://... or WAARBORG_TEST_DB")
        engines.append("postgres")
    settings = Settings(args.records, args.lookups, args.mixed, args.warmup, args.plans_only)
    sizes = [int(s) for s in args.growth_sizes.split(",")] if args.growth else [args.records]
    workdir = args.db or Path(tempfile.mkdtemp(prefix="waarborg-gdpr-"))
    started = time.perf_counter()
    results: dict[str, list[Figures]] = {}
    try:
        for engine in engines:
            for size in sizes:
                figures = run_engine(engine, size, args, settings, workdir)
                results.setdefault(engine, []).append(figures)
                if not args.plans_only:
                    report(figures, settings)
                report_plans(f"{engine}, {size:,} records", figures.plans)
    finally:
        if not args.keep:
            if args.db is None:
                shutil.rmtree(workdir, ignore_errors=True)
            else:
                for engine in engines:
                    for size in sizes:
                        shutil.rmtree(workdir / f"{engine}-{size}", ignore_errors=True)
        else:
            print(f"kept {workdir}")
    if args.growth and not args.plans_only:
        for figures_list in results.values():
            report_growth(figures_list)
    if args.json:
        args.json.write_text(json.dumps({e: [f.as_dict() for f in fs] for e, fs in results.items()}, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    bad = [(e, c) for e, fs in results.items() for f in fs for c in f.plans if c.offending]
    print(f"\ntotal run time {time.perf_counter() - started:,.0f} s")
    if bad:
        for engine, check in bad:
            print(f"FAIL: sequential scan of {', '.join(sorted(set(check.offending)))} on {engine} in "
                  f"[{check.where}]: {check.sql[:200]}", file=sys.stderr)  # fmt: skip
        return 1
    print("no sequential scan of a personal-data table over 1,000 rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
