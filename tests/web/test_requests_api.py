"""Requests over HTTP: intake without a key that reveals nothing, confirmation by code or by the link's button."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import Post, add_person
from waarborg.rights import requests
from waarborg.vault.service import Vault
from waarborg.web.app import create_app


@pytest.fixture
def client(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    monkeypatch.setenv("WAARBORG_PUBLIC_URL", "https://privacy.example.nl")
    vault = seeded("ikwerkindezorg")
    with TestClient(create_app(vault)) as test_client:
        test_client.vault = vault  # type: ignore[attr-defined]
        yield test_client


def test_intake_answers_alike_for_known_and_unknown_addresses(client: TestClient, post: Post) -> None:
    vault: Vault = client.vault  # type: ignore[attr-defined]
    known, _ = add_person(vault, ["newsletter"])
    answers = [client.post("/api/v1/requests", json={"type": "access", "email": email}) for email in
               (known, "nobody@example.nl")]  # fmt: skip
    assert [a.status_code for a in answers] == [202, 202]
    assert [sorted(a.json()) for a in answers] == [["due_at", "due_on", "id", "status", "type"]] * 2
    assert post.count(known) == 1 and post.count("nobody@example.nl") == 1


def test_the_code_confirms_the_request(client: TestClient, post: Post) -> None:
    opened = client.post("/api/v1/requests", json={"type": "erasure", "email": "an@example.nl", "lang": "en"}).json()
    text = post.text("an@example.nl")
    assert "within four weeks" in text, "the receipt repeats the register's promise, in the person's language"
    wrong = client.post(f"/api/v1/requests/{opened['id']}/confirm", json={"code": "000000"})
    code = re.search(r"\b(\d{6})\b", text)
    assert code is not None
    if code.group(1) != "000000":
        assert wrong.status_code == 401 and "tries left" in wrong.json()["detail"]
    right = client.post(f"/api/v1/requests/{opened['id']}/confirm", json={"code": code.group(1)})
    assert right.status_code == 200 and right.json()["status"] == "verified"


def test_the_link_shows_a_button_and_only_the_button_confirms(client: TestClient, post: Post) -> None:
    vault: Vault = client.vault  # type: ignore[attr-defined]
    opened = client.post("/api/v1/requests", json={"type": "access", "email": "an@example.nl"}).json()
    token = post.link("an@example.nl")
    page = client.get(f"/r/{token}")
    assert page.status_code == 200 and '<form method="post"' in page.text and "inzage" in page.text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    with vault.unit() as unit:
        assert requests.show(unit, opened["id"]).status == "unverified", "opening the link changes nothing"
    done = client.post(f"/r/{token}", data={"lang": "nl"})
    assert done.status_code == 200 and "bevestigd" in done.text
    with vault.unit() as unit:
        assert requests.show(unit, opened["id"]).status == "verified"
    assert client.get("/r/not-a-token").status_code == 400


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"type": "access"}, 422, "email"),
        ({"type": "access", "email": "an@example.nl", "extra": 1}, 422, "extra"),
        ({"type": "complain", "email": "an@example.nl"}, 422, "type: Input should be 'access'"),
        ({"type": "access", "email": "an@example.nl", "lang": "de"}, 422, "lang"),
        ({"type": "erasure", "email": "an@example.nl", "details": {"activities": "all"}}, 422, "details.activities"),
    ],
)
def test_bad_bodies_are_refused_with_the_field(client: TestClient, body: dict[str, object], status: int,
                                               detail: str) -> None:  # fmt: skip
    response = client.post("/api/v1/requests", json=body)
    assert response.status_code == status and detail in response.text


def test_intake_is_rate_limited_per_client(client: TestClient) -> None:
    codes = [client.post("/api/v1/requests", json={"type": "access", "email": f"p{i}@example.nl"}).status_code
             for i in range(6)]  # fmt: skip
    assert codes == [202] * 5 + [429]
