"""Audience benchmark: who may be mailed, on SQLite, beside a plain SQL query in the same run.

    python bench/audience.py [--subjects 1000000] [--db DIR] [--keep]

Data: ``--subjects`` people, each with one newsletter record taken in through the vault (validation,
encryption, blind index, key store beside the database as the CLI does); 80 % granted the option ``tips`` (a
receipt each, inserted in bulk with the columns ``consent.receipts.record`` writes), 1 % of those on the
do-not-contact list, 1 % of those objecting.

* **Waarborg** — ``consent.audience.audience(vault, unit, "newsletter", "tips", now)``: the same rules as
  ``waarborg audience``: active record, latest receipt grants the option, nobody listed or objecting; every
  member's e-mail address decrypted with their own key and an unsubscribe link signed for them.
* **Baseline** — one SQL statement on the same database with stdlib ``sqlite3``: the subject ids and the
  (still encrypted) address of the same people, joined the way a database administrator would write it.

Prints both times, the ratio, and whether both found the same people. Target: the audience in < 5 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import insert

from waarborg.access.policy import operator
from waarborg.consent.audience import audience
from waarborg.consent.receipts import wording
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register_text
from waarborg.register.schema import Register
from waarborg.vault.models import Event
from waarborg.vault.service import Submission, Vault, table
from waarborg.vault.tables import ConsentReceipt, DoNotContact

ROOT = Path(__file__).resolve().parent.parent
AT = datetime(2026, 6, 1, tzinfo=UTC)
BATCH = 5000
TARGET_SECONDS = 5.0
BASELINE = """
SELECT r.subject_id, i.value FROM records r
JOIN consent_receipts c ON c.subject_id = r.subject_id AND c.activity = 'newsletter' AND c.option = 'tips'
JOIN identifiers i ON i.subject_id = r.subject_id AND i.kind = 'email'
WHERE r.activity = 'newsletter' AND r.status = 'active' AND c.granted = 1
  AND c.id = (SELECT MAX(c2.id) FROM consent_receipts c2
              WHERE c2.subject_id = r.subject_id AND c2.activity = 'newsletter' AND c2.option = 'tips')
  AND NOT EXISTS (SELECT 1 FROM identifiers d JOIN do_not_contact n ON n.blind = d.blind AND n.kind = d.kind
                  WHERE d.subject_id = r.subject_id)
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_id = r.subject_id AND e.name = 'objected')
"""


def register() -> Register:
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    return load_register_text(yaml.safe_dump(yaml.safe_load(text), allow_unicode=True), "bench-audience.yaml").register


def fill(vault: Vault, subjects: int) -> None:
    by = operator("bench")
    spec = vault.register.activities["newsletter"]
    digest = wording(spec, "tips", "nl")[1]
    started = time.monotonic()
    for start in range(0, subjects, BATCH):
        numbers = range(start, min(subjects, start + BATCH))
        with vault.unit() as unit:
            joined = AT - timedelta(days=30)
            batch = [
                Submission(vault.validate("newsletter", {"email": f"user{n}@example.nl"}), joined) for n in numbers
            ]
            added = vault.add_records(unit, "newsletter", batch, by=by)
            granted = [(n, a.subject_id) for n, a in zip(numbers, added, strict=True) if n % 5 != 0]
            unit.data.execute(insert(table(ConsentReceipt)), [
                {"subject_id": s, "activity": "newsletter", "option": "tips", "granted": True, "at": joined,
                 "via": "web_form", "form_url": None, "wording": digest, "lang": "nl", "recorded_by": by.actor,
                 "soft_opt_in": False}
                for _n, s in granted
            ])  # fmt: skip
            blind = vault.ring.blind_index
            listed = [{"kind": "email", "blind": blind("email", f"user{n}@example.nl"), "reason": "bench"}
                      for n, _s in granted if n % 100 == 1]  # fmt: skip
            if listed:
                unit.data.execute(insert(table(DoNotContact)), listed)
            objecting = [{"subject_id": s, "name": "objected", "at": AT - timedelta(days=1), "activity": None,
                          "record_id": None} for n, s in granted if n % 100 == 2]  # fmt: skip
            if objecting:
                unit.data.execute(insert(table(Event)), objecting)
        if time.monotonic() - started > 10:
            print(f"  intake {min(subjects, start + BATCH):,}/{subjects:,}", file=sys.stderr)
            started = time.monotonic()


def baseline(path: Path) -> tuple[set[str], float]:
    connection = sqlite3.connect(path)
    for pragma in ("journal_mode=WAL", "cache_size=-65536", "temp_store=MEMORY"):
        connection.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    found = {subject for subject, _value in connection.execute(BASELINE)}
    seconds = time.perf_counter() - started
    connection.close()
    return found, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="directory for the databases (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    workdir = args.db or Path(tempfile.mkdtemp(prefix="waarborg-audience-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{workdir / 'waarborg.db'}"
    try:
        print(f"intake of {args.subjects:,} people ...", file=sys.stderr)
        master = secrets.token_bytes(32)
        vault = Vault.open(register(), url, master_key=master, keystore_url=keystore_url(url, None), create=True)
        fill(vault, args.subjects)
        base_found, base_seconds = baseline(workdir / "waarborg.db")
        started = time.perf_counter()
        with vault.unit() as unit:
            members = audience(vault, unit, "newsletter", "tips", AT, by=operator("bench"))
        seconds = time.perf_counter() - started
        vault.close()
    finally:
        if not args.keep and args.db is None:
            shutil.rmtree(workdir, ignore_errors=True)
    same = {m.subject_id for m in members} == base_found
    sample = hashlib.sha256(json.dumps(sorted(m.email for m in members[:3])).encode()).hexdigest()[:8]
    print(f"people {args.subjects:,}; audience {len(members):,} (sample digest {sample})")
    print(f"{'waarborg':<10}{seconds:>8.2f} s  (addresses decrypted, links signed)")
    print(f"{'baseline':<10}{base_seconds:>8.2f} s  (ids and encrypted addresses)")
    met, agree = ("yes" if seconds < TARGET_SECONDS else "NO"), ("yes" if same else "NO")
    print(f"ratio {seconds / base_seconds:.2f}; target < {TARGET_SECONDS:.0f} s: {met}; same people: {agree}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
