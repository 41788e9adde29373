"""Retention benchmark: the sweep on SQLite beside a plain ``DELETE FROM records WHERE due_at <= ?``.

    python bench/retention.py [--records 1000000] [--per-subject 1] [--due 0.10] [--batch 20000] [--db DIR] [--keep]

The data is made once, through the vault's own intake (validation, encryption, key store), into a fresh
SQLite database with its key store beside it, as the CLI does: ``--records`` records of an activity whose
rule deletes a visit six months after it was collected, ``--per-subject`` records per person, a fraction
``--due`` of the records collected long enough ago to be due at the sweep time. Then the database file is
copied, and on the two identical copies in the same run:

* **Waarborg** — ``waarborg.retention.sweep.sweep`` at the sweep time: batches of subjects, one transaction
  each (keys first, then data), deleting the due records by id, the subjects left without records (their
  identifiers and events by cascade) and their keys in the key store, and one audit entry per batch.
* **Baseline** — stdlib ``sqlite3`` on the copy, the same pragmas (WAL, synchronous=NORMAL, foreign_keys=ON,
  64 MB cache), one statement: ``DELETE FROM records WHERE due_at <= ?``. It removes the same records but no
  subject, identifier or key.

It prints records/s for both and the ratio (Waarborg's time over the baseline's). Targets: >= 100,000
records/s and a ratio <= 1.3. A missed target says NO; the exit status is 1 only when the two sides did not
delete the same number of records.
"""

from __future__ import annotations

import argparse
import random
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from waarborg.access.policy import operator
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register_text
from waarborg.register.schema import Register
from waarborg.retention import rules_state
from waarborg.retention.sweep import BATCH, due_total, sweep
from waarborg.vault.service import Submission, Vault

ROOT = Path(__file__).resolve().parent.parent
SWEEP_AT = datetime(2026, 7, 1, tzinfo=UTC)
TARGET_RATE = 100_000.0
TARGET_RATIO = 1.3
INTAKE_BATCH = 5000


def register() -> Register:
    data = yaml.safe_load((ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8"))
    visits = dict(data["activities"]["courses"])
    visits.pop("processors", None)
    visits["fields"] = {
        "email": {"category": "user.contact.email", "required": True, "identifier": True},
        "page": "user.behavior.browsing_history",
    }
    visits["retention"] = [{"after": "collected", "keep": "P6M", "then": "delete"}]
    data["activities"]["visits"] = visits
    return load_register_text(yaml.safe_dump(data, allow_unicode=True), "bench-retention.yaml").register


def fill(vault: Vault, records: int, per_subject: int, due: float) -> None:
    rng = random.Random(42)
    by = operator("bench")
    recent, old = SWEEP_AT - timedelta(days=170), SWEEP_AT - timedelta(days=400)
    started, done = time.monotonic(), 0
    while done < records:
        with vault.unit() as unit:
            batch = []
            for n in range(done, min(records, done + INTAKE_BATCH)):
                values = {"email": f"user{n // per_subject}@example.nl", "page": f"/cursus/{rng.randrange(500)}"}
                collected = (old if rng.random() < due else recent) + timedelta(seconds=rng.randrange(86_400 * 20))
                batch.append(Submission(vault.validate("visits", values), collected))
            vault.add_records(unit, "visits", batch, by=by)
        done += len(batch)
        if time.monotonic() - started > 10:
            print(f"  intake {done:,}/{records:,}", file=sys.stderr)
            started = time.monotonic()


def baseline(path: Path) -> tuple[int, float]:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-65536",
                   "temp_store=MEMORY"):  # fmt: skip
        connection.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    cutoff = SWEEP_AT.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")  # how the engine stores times
    deleted = connection.execute("DELETE FROM records WHERE due_at <= ?", (cutoff,)).rowcount
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return deleted, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--per-subject", type=int, default=1, help="records per person (default 1)")
    parser.add_argument("--due", type=float, default=0.10, help="fraction of records due (default 0.10)")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"people per transaction (default {BATCH:,})")
    parser.add_argument("--db", type=Path, help="directory for the databases (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    workdir = args.db or Path(tempfile.mkdtemp(prefix="waarborg-retention-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data, copy = workdir / "waarborg.db", workdir / "baseline.db"
    url = f"sqlite:///{data}"
    try:
        print(f"intake of {args.records:,} records ({args.per_subject} per person, {args.due:.0%} due) ...",
              file=sys.stderr)  # fmt: skip
        master = secrets.token_bytes(32)
        vault = Vault.open(register(), url, master_key=master, keystore_url=keystore_url(url, None), create=True)
        fill(vault, args.records, args.per_subject, args.due)
        with vault.unit() as unit:  # the due dates follow the register already: record that, untimed
            rules_state.apply(vault, unit, rules_state.compute(vault, unit, SWEEP_AT), by=operator("bench"),
                              confirmed=False)  # fmt: skip
            due = due_total(unit, SWEEP_AT)
        vault.close()
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{data}{suffix}").exists():
                shutil.copyfile(f"{data}{suffix}", f"{copy}{suffix}")
        vault = Vault.open(register(), url, master_key=master, keystore_url=keystore_url(url, None))
        base_deleted, base_seconds = baseline(copy)
        started = time.perf_counter()
        report = sweep(vault, SWEEP_AT, by=operator("bench"), batch=args.batch)
        seconds = time.perf_counter() - started
        vault.close()
    finally:
        if not args.keep and args.db is None:
            shutil.rmtree(workdir, ignore_errors=True)
    rate, base_rate = report.records / seconds, base_deleted / base_seconds
    ratio = seconds / base_seconds
    print(f"records {args.records:,}, due {due:,} ({args.per_subject} per person), batches of {args.batch:,} people")
    print(f"{'':<10}{'records':>10}{'seconds':>10}{'records/s':>12}")
    print(f"{'waarborg':<10}{report.records:>10,}{seconds:>10.2f}{rate:>12,.0f}   "
          f"(+ {report.subjects_removed:,} subjects, their identifiers and keys)")  # fmt: skip
    print(f"{'baseline':<10}{base_deleted:>10,}{base_seconds:>10.2f}{base_rate:>12,.0f}")
    print(f"ratio {ratio:.2f} (target <= {TARGET_RATIO}: {'yes' if ratio <= TARGET_RATIO else 'NO'}); "
          f"rate target >= {TARGET_RATE:,.0f}/s: {'yes' if rate >= TARGET_RATE else 'NO'}")  # fmt: skip
    return 0 if report.records == base_deleted == due else 1


if __name__ == "__main__":
    sys.exit(main())
