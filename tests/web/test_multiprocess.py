"""Servers keep no state of their own: two `waarborg serve` processes share one PostgreSQL."""

from __future__ import annotations

import base64
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import POSTGRES
from tests.factories import DATA
from waarborg import migrations
from waarborg.register.loader import load_register
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL (make test runs it there)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def servers(db_url: str) -> Iterator[tuple[list[str], str]]:
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    register = load_register(DATA / "minimal.yaml").register
    with Vault.open(register, db_url, master_key=key) as vault, vault.unit() as unit:
        token = create_key(unit.data, register, "test", ["newsletter"], can_read=True)
    env = {
        **os.environ,
        "WAARBORG_DB": db_url,
        "WAARBORG_REGISTER": str(DATA / "minimal.yaml"),
        "WAARBORG_MASTER_KEY": base64.urlsafe_b64encode(key).decode(),
    }
    exe = str(Path(sys.executable).parent / "waarborg")
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([exe, "serve", "--port", str(p)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for p in ports
    ]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for url in urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/openapi.json", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield urls, token
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()


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
