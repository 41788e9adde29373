"""The office under the test client: the ICM register, the privacy officer and an instructor signed in, mail to
a local SMTP server, and requests opened as the website opens them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import BASE, BY, Post, add_person
from waarborg.access.users import DPO, add_user
from waarborg.rights import intake
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

PASSWORD = "een-lang-wachtwoord-2026"


@dataclass
class Office:
    vault: Vault
    post: Post
    client: TestClient

    def sign_in(self, username: str = "fg") -> None:
        token = csrf(self.client.get("/office/login").text)
        signed = self.client.post("/office/login", data={"username": username, "password": PASSWORD, "csrf": token},
                                  follow_redirects=False)  # fmt: skip
        assert signed.status_code == 303

    def token(self, path: str = "/office/audit") -> str:
        return csrf(self.client.get(path).text)

    def post_form(self, path: str, data: dict[str, Any], *, token_from: str = "/office/breaches") -> Any:
        return self.client.post(path, data={**data, "csrf": self.token(token_from)}, follow_redirects=False)

    def person(self, activities: list[str], seed: int, email: str, **fixed: Any) -> str:
        return add_person(self.vault, activities, seed=seed, email=email, **fixed)[0]

    def request(self, kind: str, email: str, *, verified: str | None = "seen in person",
                details: dict[str, Any] | None = None) -> str:  # fmt: skip
        opened = intake.intake(self.vault, self.post.send, kind, email, base_url=BASE, by=BY, channel="portal",
                               details=details, verified=verified)  # fmt: skip
        return opened.request.id


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form on the page"
    return found.group(1)


def open_office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    """The body of each office test module's ``office`` fixture."""
    vault = seeded("icm")
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    monkeypatch.setenv("WAARBORG_PUBLIC_URL", BASE)
    with vault.unit() as unit:
        add_user(unit.data, vault.register, "fg", DPO, PASSWORD)
        add_user(unit.data, vault.register, "trainer", "instructor", PASSWORD, ["Excel"])
    with TestClient(create_app(vault), base_url=BASE) as client:
        yield Office(vault, post, client)
