"""Kill `waarborg sweep` many times, each time right after it reports a committed batch (so in the middle of
the next one, however busy the machine): no subject is ever left half-done, and the sweep that finally
completes reaches exactly the planned end, with every record counted once in the audit trail."""

from __future__ import annotations

import base64
import os
import random
import secrets
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from tests.factories import minimal_data
from tests.retention.helpers import BY, T0, retention_data
from waarborg import migrations
from waarborg.access import audit
from waarborg.access.events import RetentionSwept
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register
from waarborg.retention import holds
from waarborg.retention.sweep import PlannedStep, plan
from waarborg.vault.due_store import DUE
from waarborg.vault.models import Identifier, Record, Subject, SubjectKey
from waarborg.vault.service import Submission, Vault

AT = T0 + timedelta(days=400)
KILLS = 8


def _populate(vault: Vault, people: int) -> None:
    """People with one to three records each, of every kind of step; some under a hold."""
    rng = random.Random(7)
    with vault.unit() as unit:
        for n in range(people):
            email = f"p{n}@example.nl"
            kinds = rng.sample(["newsletter", "matching", "potentials", "evaluations"], rng.randint(1, 3))
            subject = None
            for kind in kinds:
                values: dict[str, object] = {
                    "newsletter": {"email": email},
                    "matching": {"name": f"P {n}", "email": email, "iban": "NL91ABNA0417164300", "notes": "x"},
                    "potentials": {"name": f"P {n}", "email": email, "cv": "cv"},
                    "evaluations": {"email": email, "course": "Excel", "score": "7"},
                }[kind]
                added = vault.add_records(unit, kind, [Submission(vault.validate(kind, values), T0)], by=BY)[0]
                subject = added.subject_id
            assert subject is not None
            for name, days in (("unsubscribed", 1), ("last_invoice", -1900), ("no_answer", 5), ("course_completed", 9)):
                vault.add_event(unit, subject, name, at=T0 + timedelta(days=max(days, 0)), by=BY)
            if n % 10 == 0:
                holds.place(vault, unit, subject, kind="legal", reference=f"C/{n}", reason="claim",
                            until=AT + timedelta(days=30), by=BY)  # fmt: skip


def _due_by_subject(vault: Vault) -> dict[str, set[tuple[str, str, tuple[str, ...]]]]:
    with vault.unit() as unit:
        rows = unit.data.execute(
            select(Record.subject_id, Record.id, Record.status, Record.fields).where(*DUE), {"at": AT}
        )
        found: dict[str, set[tuple[str, str, tuple[str, ...]]]] = {}
        for subject, record, status, fields in rows:
            found.setdefault(subject, set()).add((record, status, tuple(fields)))
        return found


def _assert_whole(vault: Vault, before: dict[str, set[tuple[str, str, tuple[str, ...]]]], leaving: set[str]) -> None:
    """Every subject is either untouched by the sweep or completely done; nothing dangles.

    With the keys in their own database a kill can fall between the keys' commit and the data's: then a
    subject that was leaving has lost its key (its rows are unreadable) while its rows wait for the next
    sweep. A key whose subject is gone never remains: that would make a backup readable.
    """
    now_due = _due_by_subject(vault)
    for subject, records in before.items():
        assert now_due.get(subject, set()) in (records, set()), f"subject {subject} is half done"
    with vault.unit() as unit:
        subjects = set(unit.data.execute(select(Subject.id)).scalars())
        keys = set(unit.keys.execute(select(SubjectKey.subject_id)).scalars())
        owners = set(unit.data.execute(select(Record.subject_id)).scalars())
        assert keys <= subjects, "a key outlived its subject"
        assert subjects - keys <= leaving, "a subject that stays lost its key"
        assert subjects <= owners, "a subject left without records"
        assert set(unit.data.execute(select(Identifier.subject_id)).scalars()) <= subjects


def _leaving(vault: Vault, planned: list[PlannedStep]) -> set[str]:
    """Subjects the plan removes: all of their records go (deleted or anonymised whole)."""
    going = Counter(step.subject_id for step in planned if step.action in ("delete", "anonymise"))
    with vault.unit() as unit:
        held = Counter(unit.data.execute(select(Record.subject_id)).scalars())
    return {subject for subject, n in going.items() if held[subject] == n}


def _kill_after(command: list[str], env: dict[str, str], *, batches: int) -> bool:
    """Start the sweep, SIGKILL it as soon as it reports ``batches`` committed batches; True when it was still
    running then (the kill fell into the next batch), False when it had finished first."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith(f"sweep: batch {batches} committed"):
                process.send_signal(signal.SIGKILL)
                return process.wait(timeout=60) == -signal.SIGKILL
        return False
    finally:
        process.kill()
        process.wait(timeout=60)
        process.stderr.close()


def test_a_killed_sweep_never_leaves_a_subject_half_done(db_url: str, tmp_path: Path) -> None:
    data = minimal_data()
    retention_data(data)
    register_file = tmp_path / "register.yaml"
    register_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    # As the CLI does: on SQLite the keys live in a file of their own (two commits per batch, keys first).
    keys = keystore_url(db_url, None)
    vault = Vault.open(load_register(register_file).register, db_url, master_key=key, keystore_url=keys)
    try:
        _populate(vault, 300)
        expected = plan(vault, AT)
        before = _due_by_subject(vault)
        leaving = _leaving(vault, expected.planned)
        assert expected.records > 300 and expected.subjects_removed > 50
        env = {**os.environ, "WAARBORG_DB": db_url, "WAARBORG_REGISTER": str(register_file),
               "WAARBORG_MASTER_KEY": base64.urlsafe_b64encode(key).decode(),
               "WAARBORG_KEY_FILE": str(tmp_path / "unused.key")}  # fmt: skip
        command = [str(Path(sys.executable).parent / "waarborg"), "sweep", "--now", AT.isoformat(), "--batch", "3"]
        rng = random.Random(11)
        interrupted = 0
        for _ in range(KILLS):
            interrupted += _kill_after(command, env, batches=rng.randint(1, 3))
            _assert_whole(vault, before, leaving)
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stderr
        assert interrupted == KILLS, "the sweep finished before it could be interrupted"
        _assert_whole(vault, before, leaving)
        with vault.unit() as unit:
            assert not unit.data.execute(select(Record.id).where(*DUE), {"at": AT}).first()
            assert audit.verify(unit.data, vault.ring.audit_key) == []
            done: Counter[tuple[str, str]] = Counter()
            for entry in audit.of_kind(unit.data, RetentionSwept.kind):
                for activity, actions in entry.payload["counts"].items():
                    done.update({(activity, action): n for action, n in actions.items()})
        planned = Counter({(a, action): n for a, c in expected.counts.items() for action, n in c.items()})
        assert done == planned, "some record was processed twice, or not at all"
    finally:
        vault.close()
