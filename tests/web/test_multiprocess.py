"""Servers keep no state of their own: two `waarborg serve` processes share one PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import POSTGRES
from tests.factories import DATA
from tests.faults.serve import Server, server_env
from waarborg import migrations
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL (make test runs it there)")


@pytest.fixture
def servers(db_url: str, tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    register = load_register(DATA / "minimal.yaml").register
    keys = keystore_url(db_url, None)  # where `waarborg serve` looks for them
    with Vault.open(register, db_url, master_key=key, keystore_url=keys) as vault, vault.unit() as unit:
        token = create_key(unit.data, register, "test", ["newsletter"], can_read=True)
    env = server_env(db_url, DATA / "minimal.yaml", key, tmp_path)
    started = [Server(env, tmp_path / f"serve-{n}.log") for n in range(2)]
    try:
        yield [server.start().url for server in started], token
    finally:
        for server in started:
            server.stop()


def test_what_one_server_writes_the_other_reads(servers: tuple[list[str], str]) -> None:
    (first, second), token = servers
    headers = {"Authorization": f"Bearer {token}"}
    added = httpx.post(
        f"{first}/api/v1/records",
        headers=headers,
        json={"activity": "newsletter", "data": {"email": "twee@example.nl"}},
    ).json()
    found = httpx.get(f"{second}/api/v1/subjects", params={"email": "twee@example.nl"}, headers=headers).json()
    assert found["subject_id"] == added["subject_id"]
    again = httpx.post(
        f"{second}/api/v1/records",
        headers=headers,
        json={"activity": "newsletter", "data": {"email": "TWEE@example.nl"}},
    ).json()
    assert again["subject_id"] == added["subject_id"]
    subject = httpx.get(f"{first}/api/v1/subjects/{added['subject_id']}", headers=headers).json()
    assert len(subject["records"]) == 2
