"""Link-page timing: does `POST /portal` answer a known address as fast as an unknown one?

    python bench/link_timing.py [--requests 50] [--people 200] [--floor SECONDS]

The portal's link page must not tell, by its timing, whether an address is held. This runs the real app
(FastAPI, the vault on SQLite in a temp dir, mail to an outbox folder through the mail queue) in this
process and times ``--requests`` link requests for known addresses and as many for unknown ones, interleaved
(each kind first in half of the pairs) so that the mail queue's work after a known address falls on both alike. Every
request uses a fresh address, so the per-address limit is the real one; the per-client limit is raised for
the run (every request comes from the one test client).

* **Baseline** — ``GET /portal`` (the form page: no database write, no mail), timed in the same run.

The page answers no sooner than ``portal.LINK_ANSWER_FLOOR`` (50 ms); ``--floor 0`` measures the same-work
design alone. Prints the medians, the known/unknown ratio and whether they differ by less than 10 % (the target).
Exit status 1 when they do not.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from waarborg.access.policy import operator
from waarborg.core.config import Settings, keystore_url
from waarborg.register.loader import load_register
from waarborg.runtime import Runtime
from waarborg.vault import guards
from waarborg.vault.service import Vault
from waarborg.web import portal
from waarborg.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per kind (default 50)")
    parser.add_argument("--people", type=int, default=200, help="people in the vault (default 200)")
    parser.add_argument("--floor", type=float, default=None, help="the page's answer floor in seconds (0: none)")
    args = parser.parse_args()
    if args.floor is not None:
        portal.LINK_ANSWER_FLOOR = args.floor
    folder = Path(tempfile.mkdtemp(prefix="waarborg-link-"))
    try:
        return run(folder, args.requests, max(args.people, args.requests + 10))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, requests: int, people: int) -> int:
    register = load_register(ROOT / "tests" / "data" / "minimal.yaml").register
    db = f"sqlite:///{folder / 'waarborg.db'}"
    vault = Vault.open(register, db, master_key=secrets.token_bytes(32), keystore_url=keystore_url(db, None),
                       create=True)  # fmt: skip
    with vault.unit() as unit:
        for n in range(people):
            vault.add_record(unit, "newsletter", {"email": f"known{n}@example.nl"}, by=operator("bench"))
    guards.LIMITS["portal"] = guards.Limit(1_000_000, timedelta(minutes=5))  # one client sends every request
    running = Runtime(Settings(db=db, smtp_url=f"outbox:{folder / 'outbox'}", public_url="https://p.example.nl"))
    times: dict[str, list[float]] = {"known": [], "unknown": [], "baseline": []}
    with TestClient(create_app(vault, runtime=running), base_url="https://p.example.nl") as client:
        form = client.get("/portal").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf is not None
        for n in range(requests + 10):  # the first ten of each warm up, untimed
            pair = [("known", f"known{n}@example.nl"), ("unknown", f"nobody{n}@example.nl")]
            for kind, address in pair if n % 2 else reversed(pair):  # each kind goes first half of the time
                started = time.perf_counter()
                answer = client.post("/portal", data={"email": address, "csrf": csrf.group(1)})
                spent = time.perf_counter() - started
                assert answer.status_code == 200, answer.text[:300]
                if n >= 10:
                    times[kind].append(spent)
            started = time.perf_counter()
            client.get("/portal")
            if n >= 10:
                times["baseline"].append(time.perf_counter() - started)
        running.later.join()
    vault.close()
    sent = len(list((folder / "outbox").glob("*.eml")))
    return report(times, sent, requests)


def report(times: dict[str, list[float]], sent: int, requests: int) -> int:
    medians = {kind: statistics.median(spent) * 1000 for kind, spent in times.items()}
    ratio = medians["known"] / medians["unknown"]
    differ = abs(ratio - 1)
    print(f"link requests: {requests} known and {requests} unknown addresses, interleaved; {sent} mails sent")
    print(f"{'':<28}{'median ms':>10}{'x baseline':>12}")
    for kind in ("known", "unknown", "baseline"):
        print(f"{kind:<28}{medians[kind]:>10.2f}{medians[kind] / medians['baseline']:>12.2f}")
    met = differ < TARGET
    print(f"known / unknown: {ratio:.3f} (differ by {differ:.1%}; target < {TARGET:.0%}): {'yes' if met else 'NO'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
