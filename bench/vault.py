"""Vault benchmark: bulk intake and two hot reads on SQLite, beside a hand-written plain-SQL baseline.

    python bench/vault.py [--records 1000000] [--db DIR] [--keep] [--batch-size 2000] [--lookups 1000]

Both sides get the same synthetic, deterministic rows (``random.Random(42)``) in the same run:

* **Waarborg** — a JSONL file imported with :func:`waarborg.vault.importer.import_file` into a vault opened
  on a fresh SQLite file (tables made with ``create=True``, a random 32-byte master key, the key store in a
  ``.keys.db`` file beside it as the CLI does). Intake is measured end to end: reading, validation,
  encryption, blind index, key store, inserts and the resumable job bookkeeping.
* **Baseline** — stdlib ``sqlite3`` on another fresh file with the same pragmas as Waarborg's engine
  (WAL, synchronous=NORMAL, foreign_keys=ON): reads the same JSONL file, links rows by e-mail through an
  index on the plaintext address, inserts subjects, identifiers and records (values as JSON text, no
  crypto) with ``executemany`` in the same batch size, one transaction per batch.

Reads (p50/p95 over ``--lookups`` random lookups, each in its own transaction — ``vault.unit()`` for
Waarborg, BEGIN/COMMIT for the baseline — and the timing covers opening and committing it):

* reading one subject with 10 records (``vault.get_subject``: subject, key, identifiers, records,
  events, decryption);
* finding a subject by e-mail (``vault.find_subject(unit, "email", ...)``: normalise, blind index, lookup).

Finally every SELECT that intake and the two reads send is replayed with ``EXPLAIN QUERY PLAN``; a full
SCAN of a personal-data table makes the script exit with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, event

from waarborg.access.policy import operator
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register
from waarborg.vault.importer import import_file
from waarborg.vault.service import Vault

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "tests" / "data" / "minimal.yaml"
ACTIVITY = "courses"
SEED = 42
RECORDS_PER_MULTI = 10
MULTI_SUBJECTS = 1000
TARGET_INTAKE = 20_000.0  # records/s
TARGET_READ_MS = 1.0  # p50
PERSONAL_TABLES = {"subjects", "identifiers", "records", "events", "subject_keys"}

# fmt: off
FIRST = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jesse", "Kees", "Lotte",
         "Mohammed", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sven", "Tess", "Umut", "Vera", "Willem", "Yara"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
        "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker"]
COURSES = ["Excel voor gevorderden", "Projectmanagement", "Python basis", "Leiderschap", "Scrum Master",
           "Boekhouden", "Zakelijk schrijven", "Timemanagement", "Verkooptraining", "AVG in de praktijk"]
# fmt: on


# --- data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    path: Path
    records: int
    subjects: int
    multi: int  # subjects 0..multi-1 have RECORDS_PER_MULTI records each


def email_of(n: int) -> str:
    return f"user{n}@example.nl"


def write_dataset(path: Path, records: int) -> Dataset:
    """``records`` JSONL rows for ``courses``; the first ``multi`` subjects get 10 rows each, spread over the file."""
    rng = random.Random(SEED)
    multi = min(MULTI_SUBJECTS, records // (RECORDS_PER_MULTI * 10))
    singles = records - multi * RECORDS_PER_MULTI
    owners = [n for n in range(multi) for _ in range(RECORDS_PER_MULTI)] + list(range(multi, multi + singles))
    rng.shuffle(owners)  # a multi subject's later rows land in later batches: the "known subject" path runs too
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for line, n in enumerate(owners):
            row = {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": email_of(n),
                "course": rng.choice(COURSES),
                "collected_at": (start + timedelta(seconds=line * 20)).isoformat(),
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return Dataset(path, records, multi + singles, multi)


# --- measuring --------------------------------------------------------------------------------------


class Progress:
    """A line every ``every`` seconds: done, share, rate. Plain lines, so a log of a background run reads well."""

    def __init__(self, label: str, total: int, every: float = 10.0, unit: str = "records") -> None:
        self.label, self.total, self.every, self.unit = label, total, every, unit
        self.start = self.last = time.perf_counter()
        self.reported = 0

    def __call__(self, done: int) -> None:
        moment = time.perf_counter()
        if (moment - self.last >= self.every or done >= self.total) and done != self.reported:
            self.last, self.reported = moment, done
            elapsed = moment - self.start
            print(
                f"  {self.label}: {done:>9,}/{self.total:,} ({done / self.total:6.1%}) "
                f"{elapsed:6.0f} s, {done / elapsed if elapsed else 0:,.0f} {self.unit}/s",
                flush=True,
            )


@dataclass
class Latency:
    samples_ns: list[int] = field(default_factory=list)

    def quantile_ms(self, q: float) -> float:
        ordered = sorted(self.samples_ns)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ns) / 1e6

    @property
    def p95(self) -> float:
        return self.quantile_ms(0.95)


def time_each(calls: Sequence[Any], run: Callable[[Any], object], warmup: int = 50) -> Latency:
    for argument in calls[:warmup]:
        run(argument)
    latency = Latency()
    for argument in calls:
        begin = time.perf_counter_ns()
        run(argument)
        latency.samples_ns.append(time.perf_counter_ns() - begin)
    return latency


@dataclass
class Side:
    intake_seconds: float = 0.0
    intake_records: int = 0
    get_subject: Latency = field(default_factory=Latency)
    find_subject: Latency = field(default_factory=Latency)
    get_subject_shared: Latency = field(default_factory=Latency)  # the call alone, in one long transaction
    find_subject_shared: Latency = field(default_factory=Latency)
    size_bytes: int = 0

    @property
    def rate(self) -> float:
        return self.intake_records / self.intake_seconds


def file_size(*paths: Path) -> int:
    return sum(p.stat().st_size for base in paths for p in base.parent.glob(base.name + "*"))


# --- Waarborg ---------------------------------------------------------------------------------------


@contextmanager
def capture_selects(engine: Engine, into: list[tuple[str, Any]]) -> Iterator[None]:
    """Collect every SELECT the engine sends (statement and parameters) while the block runs."""

    def listener(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            into.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def run_waarborg(data: Dataset, workdir: Path, batch_size: int, lookups: int) -> tuple[Side, list[Plan]]:
    side = Side()
    db = workdir / "waarborg.db"
    url = f"sqlite:///{db}"
    register = load_register(REGISTER).register
    vault = Vault.open(
        register, url, master_key=secrets.token_bytes(32), keystore_url=keystore_url(url, None), create=True
    )
    try:
        print(f"waarborg: importing {data.records:,} records into {db}", flush=True)
        begin = time.perf_counter()
        result = import_file(
            vault, ACTIVITY, data.path, batch_size=batch_size, progress=Progress("waarborg", data.records)
        )
        side.intake_seconds = time.perf_counter() - begin
        side.intake_records = result.imported
        if result.imported != data.records or result.problems:
            raise SystemExit(f"waarborg imported {result.imported} of {data.records}: {result.problems[:3]}")
        for engine in (vault.data_engine, vault.keys_engine):
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        side.size_bytes = file_size(db, Path(keystore_url(url, None).removeprefix("sqlite:///")))

        rng = random.Random(SEED + 1)
        with vault.unit() as unit:
            multi_ids = [
                vault.find_subject(unit, "email", email_of(n), by=operator("bench")) for n in range(data.multi)
            ]
            assert all(multi_ids), "a multi-record subject was not found"
            subject = vault.get_subject(unit, multi_ids[0] or "", by=operator("bench"))
            assert len(subject.records) == RECORDS_PER_MULTI, f"{len(subject.records)} records, expected 10"
            assert subject.identifiers == [("email", email_of(0))]

        def get(subject_id: str) -> None:
            with vault.unit() as unit:
                vault.get_subject(unit, subject_id, by=operator("bench"))

        def find(email: str) -> None:
            with vault.unit() as unit:
                vault.find_subject(unit, "email", email, by=operator("bench"))

        gets = [rng.choice(multi_ids) for _ in range(lookups)]
        finds = [email_of(rng.randrange(data.subjects)) for _ in range(lookups)]
        side.get_subject = time_each(gets, get)
        side.find_subject = time_each(finds, find)
        with vault.unit() as unit:
            side.get_subject_shared = time_each(gets, lambda s: vault.get_subject(unit, s, by=operator("bench")))
            side.find_subject_shared = time_each(
                finds, lambda e: vault.find_subject(unit, "email", e, by=operator("bench"))
            )

        plans = explain_waarborg(vault, data, multi_ids[0] or "")
    finally:
        vault.close()
    return side, plans


@dataclass(frozen=True)
class Plan:
    where: str
    sql: str
    details: list[str]

    @property
    def scans(self) -> list[str]:
        """Plan steps reading a whole personal-data table (or a whole index of one)."""
        return [d for d in self.details if d.startswith("SCAN ") and d.split()[1] in PERSONAL_TABLES]


def explain(connection: sqlite3.Connection, where: str, statements: list[tuple[str, Any]]) -> list[Plan]:
    plans, seen = [], set()
    for sql, parameters in statements:
        key = (where, " ".join(sql.split()))
        if key in seen:
            continue
        seen.add(key)
        rows = connection.execute("EXPLAIN QUERY PLAN " + sql, parameters).fetchall()
        plans.append(Plan(where, key[1], [str(row[3]) for row in rows]))
    return plans


def explain_waarborg(vault: Vault, data: Dataset, subject_id: str) -> list[Plan]:
    """Replay the SELECTs of a small import, find_subject and get_subject under EXPLAIN QUERY PLAN."""
    extra = data.path.with_name("explain.jsonl")
    extra.write_text(
        json.dumps({"name": "An", "email": email_of(0), "course": COURSES[0]})  # an existing subject
        + "\n"
        + json.dumps({"name": "Bo", "email": "new.person@example.nl", "course": COURSES[1]})
        + "\n",
        encoding="utf-8",
    )
    plans: list[Plan] = []
    for where, action in (
        ("import", lambda: import_file(vault, ACTIVITY, extra)),
        (
            "find_subject",
            lambda: _in_unit(vault, lambda u: vault.find_subject(u, "email", email_of(1), by=operator("bench"))),
        ),
        ("get_subject", lambda: _in_unit(vault, lambda u: vault.get_subject(u, subject_id, by=operator("bench")))),
    ):
        statements: list[tuple[str, Any]] = []
        with capture_selects(vault.data_engine, statements), capture_selects(vault.keys_engine, statements):
            action()
        raw = vault.data_engine.raw_connection()
        keys_raw = vault.keys_engine.raw_connection()
        try:
            data_db = raw.driver_connection
            keys_db = keys_raw.driver_connection
            assert isinstance(data_db, sqlite3.Connection) and isinstance(keys_db, sqlite3.Connection)
            for sql, parameters in statements:
                target = keys_db if "subject_keys" in sql or "system_keys" in sql else data_db
                plans.extend(explain(target, where, [(sql, parameters)]))
        finally:
            raw.close()
            keys_raw.close()
    unique: dict[tuple[str, str], Plan] = {(p.where, p.sql): p for p in plans}
    return list(unique.values())


def _in_unit(vault: Vault, work: Callable[[Any], object]) -> None:
    with vault.unit() as unit:
        work(unit)


# --- baseline ---------------------------------------------------------------------------------------

BASELINE_SCHEMA = """
CREATE TABLE subjects (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE identifiers (
    id INTEGER PRIMARY KEY, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX ix_identifiers_value ON identifiers (value);
CREATE INDEX ix_identifiers_subject_id ON identifiers (subject_id);
CREATE TABLE records (
    id TEXT PRIMARY KEY, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    activity TEXT NOT NULL, collected_at TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL,
    purposes TEXT NOT NULL, recipients TEXT NOT NULL, fields TEXT NOT NULL, status TEXT NOT NULL,
    due_at TEXT, due_rule INTEGER, "values" TEXT NOT NULL);
CREATE INDEX ix_records_subject_id ON records (subject_id);
CREATE INDEX ix_records_activity_status ON records (activity, status);
CREATE INDEX ix_records_due_at ON records (due_at);
CREATE INDEX ix_records_status_due ON records (status, due_at, activity);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, subject_id TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    record_id TEXT REFERENCES records(id) ON DELETE CASCADE, activity TEXT, name TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX ix_events_subject_name ON events (subject_id, name);
"""
"""The same tables and indexes as the vault's, minus the crypto: plaintext e-mail, values as JSON text."""

SQL_FIND = "SELECT subject_id FROM identifiers WHERE value = ? AND kind = ? LIMIT 1"
SQL_SUBJECT = "SELECT id, status, created_at FROM subjects WHERE id = ?"
SQL_IDENTIFIERS = "SELECT kind, value FROM identifiers WHERE subject_id = ? ORDER BY id"
SQL_RECORDS = (
    'SELECT id, activity, collected_at, source, basis, purposes, recipients, status, due_at, due_rule, "values" '
    "FROM records WHERE subject_id = ? ORDER BY collected_at"
)
SQL_EVENTS = "SELECT id, name, at, activity, record_id FROM events WHERE subject_id = ? ORDER BY at"


def baseline_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def baseline_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for text in handle:
            if text.strip():
                yield json.loads(text)


class SQLConnection(Protocol):
    """What :func:`baseline_batch` needs of a connection: ``sqlite3.Connection``, or an adapter over another
    driver that takes ``?`` placeholders (``bench/gdpr.py`` runs it on PostgreSQL)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...


def baseline_batch(connection: SQLConnection, batch: list[dict[str, Any]]) -> None:
    """One batch in one transaction: link by e-mail through the index, insert subjects, identifiers, records."""
    emails = []
    for row in batch:
        local, _, domain = row["email"].strip().partition("@")
        row["email"] = f"{local}@{domain.lower()}"
        emails.append(row["email"])
    connection.execute("BEGIN")
    unique = sorted(set(emails))
    marks = ",".join("?" * len(unique))
    known = dict(
        connection.execute(
            f"SELECT value, subject_id FROM identifiers WHERE kind = 'email' AND value IN ({marks})", unique
        ).fetchall()
    )
    stamp = datetime.now(UTC).isoformat(sep=" ")
    subjects, identifiers, records = [], [], []
    for row in batch:
        subject = known.get(row["email"])
        if subject is None:
            subject = known[row["email"]] = uuid.uuid4().hex
            subjects.append((subject, stamp, "active"))
            identifiers.append((subject, "email", row["email"]))
        collected_at = datetime.fromisoformat(row.pop("collected_at")).astimezone(UTC).isoformat(sep=" ")
        values = json.dumps(row, separators=(",", ":"), ensure_ascii=False)
        records.append(
            (
                uuid.uuid4().hex,
                subject,
                ACTIVITY,
                collected_at,
                "data_subject",
                "contract",
                '["essential.service"]',
                '["lms"]',
                json.dumps(sorted(row)),
                "active",
                None,
                None,
                values,
            )
        )
    connection.executemany("INSERT INTO subjects VALUES (?, ?, ?)", subjects)
    connection.executemany("INSERT INTO identifiers (subject_id, kind, value) VALUES (?, ?, ?)", identifiers)
    connection.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records)
    connection.execute("COMMIT")


def run_baseline(data: Dataset, workdir: Path, batch_size: int, lookups: int) -> tuple[Side, list[Plan]]:
    side = Side()
    db = workdir / "baseline.db"
    connection = baseline_connect(db)
    connection.executescript(BASELINE_SCHEMA)
    print(f"baseline: inserting {data.records:,} records into {db}", flush=True)
    progress = Progress("baseline", data.records)
    begin = time.perf_counter()
    batch: list[dict[str, Any]] = []
    done = 0
    for row in baseline_rows(data.path):
        batch.append(row)
        if len(batch) >= batch_size:
            baseline_batch(connection, batch)
            done += len(batch)
            batch = []
            progress(done)
    if batch:
        baseline_batch(connection, batch)
        done += len(batch)
    progress(done)
    side.intake_seconds = time.perf_counter() - begin
    side.intake_records = done
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    side.size_bytes = file_size(db)

    def find_id(email: str) -> str | None:
        row = connection.execute(SQL_FIND, (email, "email")).fetchone()
        return row[0] if row else None

    def find(email: str, transaction: bool = True) -> None:
        if transaction:
            connection.execute("BEGIN")
        local, _, domain = email.strip().partition("@")
        find_id(f"{local}@{domain.lower()}")
        if transaction:
            connection.execute("COMMIT")

    def get(subject_id: str, transaction: bool = True) -> None:
        if transaction:
            connection.execute("BEGIN")
        subject = connection.execute(SQL_SUBJECT, (subject_id,)).fetchone()
        identifiers = connection.execute(SQL_IDENTIFIERS, (subject_id,)).fetchall()
        records = [
            (*row[:-1], json.loads(row[-1])) for row in connection.execute(SQL_RECORDS, (subject_id,)).fetchall()
        ]
        events = connection.execute(SQL_EVENTS, (subject_id,)).fetchall()
        if transaction:
            connection.execute("COMMIT")
        assert subject and identifiers and records is not None and events is not None

    rng = random.Random(SEED + 1)
    multi_ids = [find_id(email_of(n)) or "" for n in range(data.multi)]
    assert all(multi_ids)
    assert len(connection.execute(SQL_RECORDS, (multi_ids[0],)).fetchall()) == RECORDS_PER_MULTI
    gets = [rng.choice(multi_ids) for _ in range(lookups)]
    finds = [email_of(rng.randrange(data.subjects)) for _ in range(lookups)]
    side.get_subject = time_each(gets, get)
    side.find_subject = time_each(finds, find)
    connection.execute("BEGIN")
    side.get_subject_shared = time_each(gets, lambda s: get(s, transaction=False))
    side.find_subject_shared = time_each(finds, lambda e: find(e, transaction=False))
    connection.execute("COMMIT")

    link = f"SELECT value, subject_id FROM identifiers WHERE kind = 'email' AND value IN ({','.join('?' * 3)})"
    queries = [
        ("import", link, ["a", "b", "c"]),
        ("find_subject", SQL_FIND, [email_of(1), "email"]),
        *[("get_subject", sql, [multi_ids[0]]) for sql in (SQL_SUBJECT, SQL_IDENTIFIERS, SQL_RECORDS, SQL_EVENTS)],
    ]
    plans = [plan for where, sql, params in queries for plan in explain(connection, where, [(sql, params)])]
    connection.close()
    return side, plans


# --- report -----------------------------------------------------------------------------------------


def report(data: Dataset, waarborg: Side, baseline: Side, batch_size: int, lookups: int) -> None:
    rows: list[tuple[str, str, str, str, str, str]] = []

    def add_rate() -> None:
        ratio = baseline.rate / waarborg.rate
        met = "yes" if waarborg.rate >= TARGET_INTAKE else "NO"
        rows.append(
            (
                "intake, records/s (import_file)",
                f"{waarborg.rate:,.0f}",
                f"{baseline.rate:,.0f}",
                f"{ratio:.1f}x",
                f">= {TARGET_INTAKE:,.0f}",
                met,
            )
        )

    def add_latency(label: str, ours: Latency, theirs: Latency, target_p50: float | None = TARGET_READ_MS) -> None:
        for name, w, b, target in (
            ("p50", ours.p50, theirs.p50, target_p50),
            ("p95", ours.p95, theirs.p95, None),
        ):
            met = ("yes" if w < target else "NO") if target is not None else "-"
            rows.append(
                (
                    f"{label} {name}, ms",
                    f"{w:.3f}",
                    f"{b:.3f}",
                    f"{w / b:.1f}x",
                    f"< {target:g}" if target is not None else "-",
                    met,
                )
            )

    add_rate()
    add_latency("get_subject (10 records)", waarborg.get_subject, baseline.get_subject)
    add_latency("find_subject by e-mail", waarborg.find_subject, baseline.find_subject)
    add_latency("get_subject, shared unit", waarborg.get_subject_shared, baseline.get_subject_shared, None)
    add_latency("find_subject, shared unit", waarborg.find_subject_shared, baseline.find_subject_shared, None)
    rows.append(
        (
            "intake wall time, s",
            f"{waarborg.intake_seconds:,.1f}",
            f"{baseline.intake_seconds:,.1f}",
            f"{waarborg.intake_seconds / baseline.intake_seconds:.1f}x",
            "-",
            "-",
        )
    )
    rows.append(
        (
            "database size, MB",
            f"{waarborg.size_bytes / 1e6:,.0f}",
            f"{baseline.size_bytes / 1e6:,.0f}",
            f"{waarborg.size_bytes / baseline.size_bytes:.1f}x",
            "-",
            "-",
        )
    )

    header = ("metric", "waarborg", "baseline", "ratio", "target", "met?")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print()
    print(
        f"{data.records:,} records, {data.subjects:,} subjects ({data.multi:,} with {RECORDS_PER_MULTI} records), "
        f"batch size {batch_size}, {lookups} lookups per read, SQLite {sqlite3.sqlite_version}"
    )
    print(
        "ratio: how many times slower Waarborg is (baseline/waarborg for throughput, waarborg/baseline for "
        "times): lower is better, 1.0x is as fast as plain SQL"
    )
    print("reads: each lookup in its own transaction (vault.unit() / BEGIN..COMMIT), timed including both;")
    print("       'shared unit' rows time the same calls alone, all inside one open transaction (for comparison)")
    print(
        f"load average (1/5/15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs"
    )
    print()
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print(" | ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))


def report_plans(title: str, plans: list[Plan]) -> list[Plan]:
    print()
    print(f"EXPLAIN QUERY PLAN, {title}:")
    bad = []
    for plan in plans:
        verdict = "FULL SCAN" if plan.scans else "index"
        if plan.scans:
            bad.append(plan)
        print(f"  [{plan.where}] {verdict}: {plan.sql[:150]}")
        for detail in plan.details:
            print(f"      {detail}")
    return bad


def required_plans(plans: list[Plan]) -> list[str]:
    """The hot queries the issue names must have been seen (and so checked)."""
    needed: dict[str, Callable[[str], bool]] = {
        "identifiers by blind": lambda s: "FROM identifiers" in s and "identifiers.blind" in s,
        "records by subject_id": lambda s: "FROM records" in s and "records.subject_id =" in s,
        "events by subject": lambda s: "FROM events" in s and "events.subject_id =" in s,
    }
    return [name for name, test in needed.items() if not any(test(p.sql) for p in plans)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=1_000_000, help="records to load (default 1,000,000)")
    parser.add_argument("--db", type=Path, help="directory for the databases and data file (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the databases and data file afterwards")
    parser.add_argument("--batch-size", type=int, default=2000, help="rows per transaction (default 2000)")
    parser.add_argument("--lookups", type=int, default=1000, help="timed lookups per read (default 1000)")
    args = parser.parse_args(argv)
    if args.records < 100:
        parser.error("--records must be at least 100")

    workdir = args.db or Path(tempfile.mkdtemp(prefix="waarborg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for name in ("waarborg.db", "waarborg.keys.db", "baseline.db"):
        if (workdir / name).exists():
            parser.error(f"{workdir / name} exists: the benchmark needs fresh databases")
    started = time.perf_counter()
    try:
        print(f"writing {args.records:,} synthetic records to {workdir / 'data.jsonl'}", flush=True)
        data = write_dataset(workdir / "data.jsonl", args.records)
        baseline, baseline_plans = run_baseline(data, workdir, args.batch_size, args.lookups)
        waarborg, waarborg_plans = run_waarborg(data, workdir, args.batch_size, args.lookups)
        report(data, waarborg, baseline, args.batch_size, args.lookups)
        bad = report_plans("Waarborg (every SELECT sent by import, find_subject, get_subject)", waarborg_plans)
        bad += report_plans("baseline", baseline_plans)
        missing = required_plans(waarborg_plans)
        print(f"\ntotal run time {time.perf_counter() - started:,.0f} s")
        if missing:
            print(f"FAIL: hot queries not seen, so not checked: {', '.join(missing)}", file=sys.stderr)
            return 1
        if bad:
            for plan in bad:
                print(f"FAIL: full scan of a personal-data table in [{plan.where}] {plan.sql}", file=sys.stderr)
            return 1
        print("every query on personal data uses an index")
        return 0
    finally:
        if args.keep:
            print(f"kept {workdir}")
        elif args.db is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            for name in ("data.jsonl", "explain.jsonl"):
                (workdir / name).unlink(missing_ok=True)
            for pattern in ("waarborg.db*", "waarborg.keys.db*", "baseline.db*"):
                for path in workdir.glob(pattern):
                    path.unlink()


if __name__ == "__main__":
    raise SystemExit(main())
