"""The hot paths keep their guarantees when made faster: visibility without decrypting, the subject view as
JSON, and one writer at a time per SQLite file, queued."""

from __future__ import annotations

import stat
import threading
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.conftest import POSTGRES
from waarborg.access.policy import Principal, for_api_key, operator
from waarborg.core.db import make_engine, writer_lock
from waarborg.vault.service import Vault
from waarborg.vault.views import _jsonable


def _add(vault: Vault, activity: str, **data: object) -> str:
    with vault.unit() as unit:
        return vault.add_record(unit, activity, data, by=operator("test")).subject_id


def test_a_key_finds_a_subject_without_any_value_being_decrypted(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    subject = _add(vault, "newsletter", email="an@example.nl")
    _add(vault, "courses", name="Bo", email="bo@example.nl", course="AVG")
    monkeypatch.setattr(Vault, "_subject_view", _must_not_decrypt)
    newsletter = for_api_key("k1", "site", frozenset({"newsletter"}), True)
    courses = for_api_key("k2", "lms", frozenset({"courses"}), True)
    with vault.unit() as unit:
        assert vault.find_subject(unit, "email", "an@example.nl", by=newsletter) == subject
        assert vault.find_subject(unit, "email", "an@example.nl", by=courses) is None  # nothing of its own
        assert vault.find_subject(unit, "email", "bo@example.nl", by=newsletter) is None


def test_a_scoped_role_still_decides_by_the_values(vault: Vault) -> None:
    subject = _add(vault, "courses", name="Bo", email="bo@example.nl", course="AVG")
    mine = Principal(
        "user:t", frozenset({"read"}), frozenset({"courses"}), linked_by="course", scope=frozenset({"AVG"})
    )
    other = Principal("user:u", frozenset({"read"}), frozenset({"courses"}), linked_by="course", scope=frozenset({"X"}))
    with vault.unit() as unit:
        assert vault.visible_to(unit, mine, subject)
        assert not vault.visible_to(unit, other, subject)


def _must_not_decrypt(*_args: object) -> None:
    raise AssertionError("visibility of an unscoped principal was decided by decrypting the subject")


def test_the_subject_as_json_is_what_a_deep_copy_gives(vault: Vault) -> None:
    subject = _add(vault, "courses", name="Bo", email="bo@example.nl", course="AVG")
    with vault.unit() as unit:
        vault.add_event(unit, subject, "course_completed", activity="courses", by=operator("test"))
        view = vault.get_subject(unit, subject, by=operator("test"))
    assert view.as_dict() == _jsonable(asdict(view))
    assert view.as_dict()["records"][0]["values"]["name"] == "Bo"


@pytest.mark.skipif(POSTGRES, reason="SQLite's single writer; PostgreSQL locks rows")
def test_writers_of_one_sqlite_file_take_turns_in_order(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    lock = writer_lock(engine)
    assert writer_lock(make_engine(f"sqlite:///{tmp_path / 'w.db'}")) is lock  # one per file, not per engine
    inside: list[int] = []
    overlaps: list[int] = []

    def write(n: int) -> None:
        with lock:
            if inside:
                overlaps.append(n)
            inside.append(n)
            time.sleep(0.01)
            inside.remove(n)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []
    mode = stat.S_IMODE((tmp_path / "w.db.lock").stat().st_mode)
    assert mode == 0o600
    engine.dispose()


@pytest.mark.skipif(POSTGRES, reason="SQLite's single writer; PostgreSQL locks rows")
def test_another_process_waits_for_the_write_turn(tmp_path: Path) -> None:
    """The turn is an flock: a process that holds it (the CLI, another worker) keeps this one waiting."""
    import subprocess
    import sys

    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with subprocess.Popen(
        [sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('held', flush=True); time.sleep(0.5)", str(tmp_path / "w.db.lock")],
        stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with writer_lock(engine):
            waited = time.monotonic() - started
    assert waited > 0.2
    engine.dispose()
