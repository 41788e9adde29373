"""What scanning free text on intake costs: the same records stored with the PII guard's scan and without it.

    python bench/pii/intake.py [--records 2000] [--repeat 3]

Records of ikwerkindezorg's 'matching' activity (examples/registers), each with a 110-character note in the
free-text field 'portfolio' that names a person and a place, stored in one batch (``Vault.add_records``, as
an import does) into a new SQLite vault. The baseline is the same run with the scan replaced by one that
finds nothing; both in this process, the fastest of --repeat runs each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from waarborg.access.policy import operator  # noqa: E402
from waarborg.core.timeutil import now  # noqa: E402
from waarborg.register.loader import load_register  # noqa: E402
from waarborg.vault import intake  # noqa: E402
from waarborg.vault.intake import Submission  # noqa: E402
from waarborg.vault.service import Vault  # noqa: E402

NOTE = "Gesprek met Sanne over haar portfolio; zij neemt contact op met de coördinator van de opleiding in Zwolle."


def store(records: int, scan: bool) -> float:
    register = load_register(ROOT / "examples" / "registers" / "ikwerkindezorg.yaml").register
    with tempfile.TemporaryDirectory() as folder:
        vault = Vault.open(register, f"sqlite:///{folder}/w.db", master_key=os.urandom(32), create=True)
        scanner = intake.free_text_flags
        if not scan:
            intake.free_text_flags = lambda _spec, _validated: ()  # type: ignore[assignment]
        try:
            rows = [{"email": f"p{i}@example.nl", "name": f"Persoon {i}", "portfolio": f"{NOTE} #{i}"}
                    for i in range(records)]  # fmt: skip
            submissions = [Submission(vault.validate("matching", row), now()) for row in rows]
            start = time.perf_counter()
            with vault.unit() as unit:
                vault.add_records(unit, "matching", submissions, by=operator("bench"))
            return time.perf_counter() - start
        finally:
            intake.free_text_flags = scanner
            vault.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scanned = min(store(args.records, True) for _ in range(args.repeat))
    plain = min(store(args.records, False) for _ in range(args.repeat))
    print(f"{args.records} records, one batch: {scanned:.2f} s with the scan, {plain:.2f} s without "
          f"({scanned / plain:.2f}x; {(scanned - plain) / args.records * 1e6:.0f} µs per record)")  # fmt: skip


if __name__ == "__main__":
    main()
