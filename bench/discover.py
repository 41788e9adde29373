"""`waarborg discover` on a database of 100 tables and 1,000,000 rows, next to plain SQL reads.

    python bench/discover.py [--tables 100] [--rows 10000] [--sample 500] [--engine sqlite|postgres]
                             [--db-url URL] [--db DIR] [--keep] [--json FILE]

The database: a third of the tables hold people (e-mail address, name, phone number, date of birth, IBAN,
free-text notes), a third things (product codes, nine-digit article numbers, descriptions, prices), a third
rows that point at a people table (a foreign key, an amount, a date, a remark). ``--tables`` x ``--rows`` rows
in all. The scan is timed end to end (schema, sampling, every value through the PII guard, links, findings)
and compared in the same run with two plain baselines on the same database:

- *plain sample*: the same rows read with hand-written SQL (ten key-range stretches per table), no judging;
- *full read*: ``SELECT *`` of every table, which a scanner without sampling would at least have to do.

It prints the sampling ratio (rows read / rows held), both ratios, the peak memory, and whether every people
column was found and no thing column reported. Exit status 1 when the scan misses a people column or reports
a thing column.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from waarborg.discovery.database import STRETCHES, SqlSource
from waarborg.discovery.report import discover

FIRST = ("Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Finn", "Anna", "Noah", "Fleur", "Jesse", "Lotte")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos")
NOTES = ("Gebeld met {name}, terugbellen op {phone}.", "{name} wil de factuur per post.",
         "Afspraak met {name} verzet naar dinsdag.", "Mail van {name} beantwoord.")  # fmt: skip
THINGS = ("Werkboek Excel", "Licentie Exact Online", "Certificaat PDF/A", "Leidinggeven, module 2", "USB-stick")
PEOPLE_COLUMNS = {"email": "user.contact.email", "naam": "user.name", "telefoon": "user.contact.phone_number",
                  "geboortedatum": "user.demographic.date_of_birth", "iban": "user.financial.bank_account",
                  "notities": "user.content.private"}  # fmt: skip
IBANS = ("NL91ABNA0417164300", "NL20INGB0001234567", "NL02RABO0123456789", "NL44RABO0123456789")


def _kind(index: int) -> str:
    return ("people", "things", "links")[index % 3]


def _rows(kind: str, count: int, rng: random.Random, people_rows: int) -> list[tuple[Any, ...]]:
    rows = []
    for i in range(1, count + 1):
        if kind == "people":
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"06{rng.randint(10_000_000, 99_999_999)}"
            rows.append((i, f"persoon{i}@example.nl", name, phone, f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{i % 9}",
                         rng.choice(IBANS), rng.choice(NOTES).format(name=name, phone=phone)))  # fmt: skip
        elif kind == "things":
            rows.append((i, f"ART-{i:06d}", rng.randint(100_000_000, 999_999_999), rng.choice(THINGS),
                         rng.randint(100, 99_999) / 100))  # fmt: skip
        else:
            rows.append((i, rng.randint(1, people_rows), rng.randint(100, 99_999) / 100, f"2026-0{rng.randint(1, 9)}-15",
                         rng.choice(("betaald", "open", "herinnering verstuurd"))))  # fmt: skip
    return rows


SCHEMA = {
    "people": "id INTEGER PRIMARY KEY, email VARCHAR(200), naam VARCHAR(200), telefoon VARCHAR(20), "
    "geboortedatum VARCHAR(10), iban VARCHAR(34), notities TEXT",
    "things": "id INTEGER PRIMARY KEY, code VARCHAR(20), artikelnummer INTEGER, omschrijving VARCHAR(200), prijs REAL",
    "links": "id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES {parent}(id), bedrag REAL, datum VARCHAR(10), "
    "status VARCHAR(40)",
}


def build(url: str, tables: int, rows: int) -> list[str]:
    """The database; returns its table names."""
    rng = random.Random(42)
    names = [f"{_kind(i)}_{i:03d}" for i in range(tables)]
    engine = create_engine(url)
    started = time.perf_counter()
    with engine.begin() as connection:
        raw = connection.connection.dbapi_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        for i, name in enumerate(names):
            kind = _kind(i)
            parent = names[i - 2]  # the people table two places before a links table
            cursor.execute(f"CREATE TABLE {name} ({SCHEMA[kind].format(parent=parent)})")
            data = _rows(kind, rows, rng, rows)
            if url.startswith("sqlite"):
                marks = ", ".join("?" * len(data[0]))
                cursor.executemany(f"INSERT INTO {name} VALUES ({marks})", data)
            else:
                with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
            if (i + 1) % 10 == 0:
                print(f"  built {i + 1}/{tables} tables, {(i + 1) * rows:,} rows, "
                      f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    if not url.startswith("sqlite"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return names


def plain_sample(url: str, names: list[str], sample: int) -> float:
    """The same kind of sample read by hand: ten stretches of the key range per table, nothing judged."""
    engine = create_engine(url)
    mark = "?" if url.startswith("sqlite") else "%s"
    started = time.perf_counter()
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        for name in names:
            cursor.execute(f"SELECT COUNT(*), MIN(id), MAX(id) FROM {name}")
            _count, low, high = cursor.fetchone()
            rng = random.Random(7)
            for start in sorted(rng.randint(low, high) for _ in range(STRETCHES)):
                cursor.execute(f"SELECT * FROM {name} WHERE id >= {mark} ORDER BY id LIMIT {sample // STRETCHES}",
                               (start,))  # fmt: skip
                cursor.fetchall()
    engine.dispose()
    return time.perf_counter() - started


def full_read(url: str, names: list[str]) -> float:
    engine = create_engine(url)
    started = time.perf_counter()
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        for name in names:
            cursor.execute(f"SELECT * FROM {name}")
            while cursor.fetchmany(10_000):
                pass
    engine.dispose()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--rows", type=int, default=10_000, help="rows per table (default 10,000)")
    parser.add_argument("--sample", type=int, default=500, help="rows read per table (default 500)")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db-url", default=os.environ.get("WAARBORG_TEST_DB"), help="PostgreSQL: the database")
    parser.add_argument("--db", type=Path, help="directory for the SQLite file (default: a temp dir)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    folder = args.db or Path(tempfile.mkdtemp(prefix="wb-discover-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.engine == "postgres":
        if not args.db_url:
            parser.error("PostgreSQL needs --db-url postgresql+psycopg://... or WAARBORG_TEST_DB")
        url = args.db_url
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        path = folder / "systems.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    try:
        return _run(args, url)
    finally:
        if not args.keep and args.db is None:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, url: str) -> int:
    total = args.tables * args.rows
    print(f"building {args.tables} tables x {args.rows:,} rows = {total:,} rows ({args.engine})", flush=True)
    names = build(url, args.tables, args.rows)
    done = {"n": 0}
    started = time.perf_counter()

    def progress(unit: str) -> None:
        done["n"] += 1
        if done["n"] % 10 == 0 or done["n"] == len(names):
            print(f"  scanned {done['n']}/{len(names)} tables, {time.perf_counter() - started:.1f} s", flush=True)

    with SqlSource(url) as source:
        report = discover(source, rows=args.sample, progress=progress)
    scan = time.perf_counter() - started
    sample = plain_sample(url, names, args.sample)
    whole = full_read(url, names)
    read = sum(t.sampled for t in report.tables)
    found = {(v.table, v.column): v.category for t in report.tables for v in t.verdicts}
    missed = [f"{n}.{c}" for n in names if n.startswith("people") for c, k in PEOPLE_COLUMNS.items()
              if found.get((n, c)) != k]  # fmt: skip
    false = [f"{t}.{c}" for (t, c), k in found.items() if t.startswith("things") and k is not None]
    links = sum(1 for link in report.links if link.table.startswith("links"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "engine": args.engine, "tables": args.tables, "rows": total, "sample_per_table": args.sample,
        "rows_read": read, "sampling_ratio": read / total, "scan_s": scan, "plain_sample_s": sample,
        "full_read_s": whole, "scan_vs_plain_sample": scan / sample, "scan_vs_full_read": scan / whole,
        "peak_rss_mb": peak, "people_columns_missed": missed, "thing_columns_reported": false,
        "links_found": links, "findings": len(report.findings), "cpus": os.cpu_count(),
    }  # fmt: skip
    print(f"\n{'engine':<28}{args.engine}\n{'rows held':<28}{total:,} in {args.tables} tables\n"
          f"{'rows read':<28}{read:,} ({read / total:.1%} sampling ratio, at most {args.sample} per table)\n"
          f"{'scan (discover)':<28}{scan:8.2f} s\n{'plain sample read':<28}{sample:8.2f} s   ratio {scan / sample:6.1f}x\n"
          f"{'full read (SELECT *)':<28}{whole:8.2f} s   ratio {scan / whole:6.2f}x\n"
          f"{'peak memory':<28}{peak:8.0f} MB\n{'links found':<28}{links} of {args.tables // 3}\n"
          f"{'people columns missed':<28}{len(missed)} {missed[:5]}\n"
          f"{'thing columns reported':<28}{len(false)} {false[:5]}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if missed or false else 0


if __name__ == "__main__":
    sys.exit(main())
