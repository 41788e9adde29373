"""Where a vault operation's time goes: each operation profiled alone, its own time per component.

    python bench/breakdown.py [--records 20000] [--runs 300] [--db-url postgresql+psycopg://...]

A vault of ``--records`` rows (the data set of ``vault.py``), then per operation ``--runs`` calls, each in its
own ``vault.unit()``, under cProfile; every function's own time is put in one bucket: the database driver
(SQLite's or psycopg's calls, commits included), SQLAlchemy, cryptography (AES-GCM, HMAC, hashes), the audit
trail's code, JSON, the rest of Waarborg, and the Python standard library and other packages. cProfile adds
its own cost per call, so the milliseconds are higher than ``gdpr.py``'s; the shares are what this is for.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault import ACTIVITY, REGISTER, email_of, write_dataset
from waarborg.access.policy import operator
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register
from waarborg.rights import changes
from waarborg.vault.importer import import_file
from waarborg.vault.service import Vault

BY = operator("bench")
BUCKETS = ("driver", "SQLAlchemy", "cryptography", "audit trail", "JSON", "Waarborg, other", "Python, other")


def bucket(filename: str, function: str) -> str:
    if filename == "~":  # a built-in: the driver's calls are methods of its cursor and connection
        if any(name in function for name in ("sqlite3", "psycopg", "Cursor", "Connection")):
            return "driver"
        return "Python, other"
    for marker, name in (("/sqlalchemy/", "SQLAlchemy"), ("/psycopg", "driver"), ("/cryptography/", "cryptography"),
                         ("/hmac.py", "cryptography"), ("/waarborg/access/audit.py", "audit trail"),
                         ("/json/", "JSON"), ("/waarborg/", "Waarborg, other")):  # fmt: skip
        if marker in filename:
            return name
    return "Python, other"


def profile(run: Callable[[int], object], runs: int) -> tuple[float, Counter[str]]:
    for n in range(min(50, runs)):  # warm: caches, compiled statements
        run(n)
    profiler = cProfile.Profile()
    begin = time.perf_counter()
    profiler.enable()
    for n in range(runs):
        run(1000 + n)
    profiler.disable()
    elapsed = time.perf_counter() - begin
    shares: Counter[str] = Counter()
    stats: Any = pstats.Stats(profiler)
    for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        shares[bucket(filename, function)] += own
    return elapsed / runs * 1000, shares


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--db-url", help="PostgreSQL URL (an empty database); default a SQLite file in a temp dir")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = options.db_url or f"sqlite:///{folder}/waarborg.db"
        register = load_register(REGISTER).register
        vault = Vault.open(register, url, master_key=secrets.token_bytes(32), keystore_url=keystore_url(url, None),
                           create=True)  # fmt: skip
        try:
            data = write_dataset(Path(folder) / "data.jsonl", options.records)
            import_file(vault, ACTIVITY, data.path, batch_size=2000)
            rng = random.Random(7)
            people = [email_of(n) for n in rng.sample(range(data.multi, data.subjects), 3 * (options.runs + 1100))]
            with vault.unit() as unit:
                ids = [vault.find_subject(unit, "email", email, by=BY) or "" for email in people]
            print(f"{options.records:,} records on {vault.data_engine.dialect.name}; {options.runs} runs each",
                  flush=True)  # fmt: skip
            report(operations(vault, people, ids, options.runs), options.runs)
        finally:
            vault.close()
    return 0


def operations(vault: Vault, people: list[str], ids: list[str], runs: int) -> dict[str, Callable[[int], object]]:
    erasable = ids[-(runs + 1100) :]

    def in_unit(work: Callable[[Any], object]) -> object:
        with vault.unit() as unit:
            return work(unit)

    return {
        "create a record": lambda n: in_unit(lambda u: vault.add_record(
            u, ACTIVITY, {"name": "An Jansen", "email": f"new{n}.{time.time_ns()}@example.nl", "course": "AVG"},
            by=BY)),
        "update metadata (an event)": lambda n: in_unit(
            lambda u: vault.add_event(u, ids[n], "course_completed", activity=ACTIVITY, by=BY)),
        "read by key": lambda n: in_unit(lambda u: vault.get_subject(u, ids[n], by=BY)),
        "read own data by e-mail": lambda n: in_unit(
            lambda u: vault.get_subject(u, vault.find_subject(u, "email", people[n], by=BY) or "", by=BY)),
        "rectify a field": lambda n: in_unit(
            lambda u: changes.rectify(vault, u, ids[n], {"name": f"Name {n}"}, ACTIVITY, by=BY)),
        "delete by subject": lambda n: in_unit(lambda u: vault.erase_subject(u, erasable[n], by=BY)),
    }  # fmt: skip


def report(runs_of: dict[str, Callable[[int], object]], runs: int) -> None:
    header = "| operation | ms (profiled) | " + " | ".join(BUCKETS) + " |"
    lines = [header, "|" + "---|" * (len(BUCKETS) + 2)]
    for label, run in runs_of.items():
        per_call, shares = profile(run, runs)
        total = sum(shares.values()) or 1.0
        cells = " | ".join(f"{shares[name] / total:.0%}" for name in BUCKETS)
        lines.append(f"| {label} | {per_call:.2f} | {cells} |")
        print(f"  {label}: {per_call:.2f} ms", flush=True)
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
