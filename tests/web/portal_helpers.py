"""A signed-in portal client on a seeded register, and what it left behind (requests, mails)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from tests.rights.helpers import BY
from waarborg.access import signed
from waarborg.core.timeutil import now
from waarborg.rights import requests
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

BASE = "https://privacy.example.nl"


@contextmanager
def signed_in(vault: Vault, email: str) -> Iterator[TestClient]:
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", email, by=BY)
    link = signed.make(vault.ring.links_key, signed.PORTAL_LINK, {"s": subject}, now())
    with TestClient(create_app(vault), base_url=BASE) as client:
        assert client.get(f"/portal/t/{link}", follow_redirects=False).status_code == 303
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def opened(vault: Vault) -> list[requests.RequestView]:
    with vault.unit() as unit:
        return requests.listed(unit, closed=True)


def mails(outbox: Path) -> int:
    return len(list(outbox.glob("*.eml"))) if outbox.is_dir() else 0


Seeded = Callable[[str], Vault]
