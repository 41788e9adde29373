"""SQL connector benchmark: one person's access and erasure in a 1M-row course administration, beside the
same work written by hand in SQL, in the same run, on the same SQLite database.

    python bench/connector.py [--rows 1000000] [--people 200] [--db DIR] [--keep]

Data (tests/systems/school.py's schema, indexes on every identity and link column): students (10 %),
enrolments (30 %), attendance (30 %), feedback (20 %) and invoices (10 %) of ``--rows``; each student has
three enrolments, each enrolment an attendance and (two in three) a feedback row, and an invoice.

* **Waarborg** — ``Connector.export({"email": ...})`` and ``Connector.erase(...)``: rows found by following
  the register's links, invoices (fiscal) and their student masked, the rest deleted, one transaction.
* **Baseline** — the same rows found, exported, deleted and masked with hand-written SQL on one connection.

``--people`` different people are looked up and erased by each side (different people, so each erasure
finds rows). Prints the totals, the ratios and the query plans' index use. Target: ratio <= 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine
from tests.systems import school

from waarborg.systems.connector import Connector


def build(path: Path, rows: int) -> int:
    """The database; returns the number of students."""
    engine = create_engine(f"sqlite:///{path}")
    school.metadata.create_all(engine)
    engine.dispose()
    students = rows // 10
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    day = dt.date(2026, 3, 1).isoformat()
    connection.executemany("INSERT INTO courses VALUES (?, ?)", [(c, f"Cursus {c}") for c in range(1, 51)])
    connection.executemany(
        "INSERT INTO students VALUES (?, ?, ?, ?, ?)",
        ((s, f"p{s}@example.nl", f"Persoon {s}", "0612345678", "1990-01-01") for s in range(1, students + 1)),
    )
    connection.executemany(
        "INSERT INTO enrolments VALUES (?, ?, ?, ?)",
        ((s * 10 + n, s, 1 + (s + n) % 50, "graag") for s in range(1, students + 1) for n in range(3)),
    )
    connection.executemany(
        "INSERT INTO attendance VALUES (?, ?, ?, ?)",
        ((e, e, day, 1) for s in range(1, students + 1) for e in (s * 10, s * 10 + 1, s * 10 + 2)),
    )
    connection.executemany(
        "INSERT INTO feedback VALUES (?, ?, ?)",
        ((e, e, "Leerzaam") for s in range(1, students + 1) for e in (s * 10, s * 10 + 1)),
    )
    connection.executemany(
        "INSERT INTO invoices VALUES (?, ?, ?, ?, ?)",
        ((s, s, f"Persoon {s}", 495, "NL91ABNA0417164300") for s in range(1, students + 1)),
    )
    connection.commit()
    connection.close()
    return students


def hand_export(connection: sqlite3.Connection, email: str) -> int:
    (student,) = connection.execute("SELECT id FROM students WHERE email = ?", (email,)).fetchone()
    found = connection.execute("SELECT id, email, name, phone, born FROM students WHERE id = ?", (student,)).fetchall()
    enrolments = connection.execute(
        "SELECT id, student_id, motivation FROM enrolments WHERE student_id = ?", (student,)
    ).fetchall()
    ids = [row[0] for row in enrolments]
    marks = ",".join("?" * len(ids))
    found += enrolments
    found += connection.execute(
        f"SELECT id, enrolment_id, present FROM attendance WHERE enrolment_id IN ({marks})", ids
    ).fetchall()
    found += connection.execute(
        f"SELECT id, enrolment_id, text FROM feedback WHERE enrolment_id IN ({marks})", ids
    ).fetchall()
    found += connection.execute(
        "SELECT id, student_id, name, iban FROM invoices WHERE student_id = ?", (student,)
    ).fetchall()
    return len(found)


def hand_erase(connection: sqlite3.Connection, email: str) -> None:
    with connection:
        (student,) = connection.execute("SELECT id FROM students WHERE email = ?", (email,)).fetchone()
        ids = [r[0] for r in connection.execute("SELECT id FROM enrolments WHERE student_id = ?", (student,))]
        marks = ",".join("?" * len(ids))
        connection.execute(f"DELETE FROM feedback WHERE enrolment_id IN ({marks})", ids)
        connection.execute(f"DELETE FROM attendance WHERE enrolment_id IN ({marks})", ids)
        connection.execute("DELETE FROM enrolments WHERE student_id = ?", (student,))
        connection.execute("UPDATE invoices SET name = '[verwijderd]', iban = NULL WHERE student_id = ?", (student,))
        connection.execute(
            "UPDATE students SET name = '[verwijderd]', email = ?, phone = NULL, born = NULL WHERE id = ?",
            (f"{student:016x}", student),
        )


def timed(label: str, work: list[str], run: object) -> float:
    start = time.perf_counter()
    for email in work:
        run(email)  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"  {label:<34} {seconds:8.3f} s  ({seconds / len(work) * 1000:6.2f} ms per person)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--db", type=Path, default=None, help="Folder for the database (default: a temporary one).")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()
    folder = args.db or Path(tempfile.mkdtemp(prefix="waarborg-connector-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "school.db"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    students = build(path, args.rows)
    print(f"built {args.rows:,} rows ({students:,} students) in {time.perf_counter() - started:.1f} s at {path}")
    chosen = random.Random(7).sample(range(1, students + 1), 4 * args.people)
    emails = [f"p{s}@example.nl" for s in chosen]
    connector = Connector(school.dataset(), f"sqlite:///{path}", b"k" * 32)
    plain = sqlite3.connect(path)
    print(f"access, {args.people} people:")
    ours = timed("Waarborg (Connector.export)", emails[: args.people], lambda e: connector.export({"email": e}))
    base = timed("baseline (hand-written SQL)", emails[args.people : 2 * args.people], lambda e: hand_export(plain, e))
    print(f"  ratio {ours / base:.2f} (target <= 2)")
    print(f"erasure, {args.people} people:")
    ours_e = timed(
        "Waarborg (Connector.erase)", emails[2 * args.people : 3 * args.people], lambda e: connector.erase({"email": e})
    )
    base_e = timed("baseline (hand-written SQL)", emails[3 * args.people :], lambda e: hand_erase(plain, e))
    print(f"  ratio {ours_e / base_e:.2f} (target <= 2)")
    plans = [row[3] for row in plain.execute("EXPLAIN QUERY PLAN SELECT id FROM enrolments WHERE student_id = 1")]
    plans += [
        row[3] for row in plain.execute("EXPLAIN QUERY PLAN SELECT id FROM attendance WHERE enrolment_id IN (1, 2)")
    ]
    print("plans:", "; ".join(plans))
    plain.close()
    connector.close()
    if not args.keep and args.db is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
