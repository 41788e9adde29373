"""A 2xx means stored and on the record: what `waarborg serve` acknowledged survives a SIGKILL right after
the answer, and every acknowledged read of personal data already has its audit entry.

Each answer is checked at once from a connection of the test's own (if the commit came after the response,
this read races it and misses), and the server is killed right after the last answer of every round.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import Engine, func, select

from tests.factories import DATA
from tests.faults.serve import Server, server_env
from waarborg import migrations
from waarborg.access.audit import AuditEntry
from waarborg.access.events import SubjectRead
from waarborg.core.config import keystore_url
from waarborg.core.db import make_engine
from waarborg.register.loader import load_register
from waarborg.vault.apikeys import create_key
from waarborg.vault.models import Record
from waarborg.vault.service import Vault

ROUNDS, PER_ROUND = 10, 5  # 50 acknowledged writes and reads, a SIGKILL after every fifth


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = make_engine(db_url)
    yield made
    made.dispose()


def _committed(engine: Engine, record_id: str) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).where(Record.id == record_id)).scalar_one() == 1


def _reads_audited(engine: Engine, subject_id: str) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(AuditEntry.kind == SubjectRead.kind, AuditEntry.subject_id == subject_id)
        return int(connection.execute(query).scalar_one())


def test_acknowledged_writes_and_reads_survive_a_sigkill(db_url: str, engine: Engine, tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    register_file = DATA / "minimal.yaml"
    register = load_register(register_file).register
    keys = keystore_url(db_url, None)  # where `waarborg serve` looks for them
    with Vault.open(register, db_url, master_key=key, keystore_url=keys) as vault, vault.unit() as unit:
        token = create_key(unit.data, register, "site", ["newsletter"], can_read=True)
    headers = {"Authorization": f"Bearer {token}"}
    json_headers = {**headers, "Content-Type": "application/json"}
    server = Server(server_env(db_url, register_file, key, tmp_path), tmp_path / "serve.log")
    written: list[str] = []  # record ids answered 201
    read: list[str] = []  # subject ids answered 200 with their data
    late: list[str] = []  # acknowledged, but not yet visible to another connection at the answer
    try:
        for round_no in range(ROUNDS):
            server.start()
            for n in range(PER_ROUND):
                last = n == PER_ROUND - 1
                email = f"r{round_no}n{n}@example.nl"
                body = json.dumps({"activity": "newsletter", "data": {"email": email}}).encode()
                if last and round_no % 2 == 0:  # the kill follows the write's answer at once
                    status, answered = server.call_then_kill("POST", "/api/v1/records", json_headers, body)
                    assert status == 201, answered
                    written.append(json.loads(answered)["record_id"])
                    break
                answer = httpx.post(f"{server.url}/api/v1/records", headers=json_headers, content=body, timeout=30)
                assert answer.status_code == 201, answer.text
                added = answer.json()
                written.append(added["record_id"])
                if not _committed(engine, added["record_id"]):
                    late.append(added["record_id"])
                path = f"/api/v1/subjects/{added['subject_id']}"
                if last:  # the kill follows the read's answer at once
                    status, answered = server.call_then_kill("GET", path, headers)
                    assert status == 200 and email.encode() in answered
                    read.append(added["subject_id"])
                    break
                seen = httpx.get(f"{server.url}{path}", headers=headers, timeout=30)
                assert seen.status_code == 200 and seen.json()["records"][0]["values"] == {"email": email}
                read.append(added["subject_id"])
                if _reads_audited(engine, added["subject_id"]) != 1:
                    late.append(added["subject_id"])
            server.kill()
    finally:
        server.stop()
    assert late == [], f"{len(late)} answers went out before their commit"
    lost = [record for record in written if not _committed(engine, record)]
    assert lost == [], f"{len(lost)} of {len(written)} acknowledged records lost to a SIGKILL"
    unaudited = [subject for subject in read if _reads_audited(engine, subject) != 1]
    assert unaudited == [], f"{len(unaudited)} of {len(read)} reads of personal data have no audit entry"
