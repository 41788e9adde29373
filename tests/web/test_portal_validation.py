"""A correction with a bad value is refused before a request is opened: nothing stored, nothing mailed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import add_person
from tests.web.portal_helpers import BASE, Seeded, mails, opened
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

EMAIL = "an@example.nl"


@pytest.fixture
def icm(seeded: Seeded) -> Vault:
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    return vault


def test_the_api_refuses_a_bad_correction_before_opening(icm: Vault, tmp_path: Path) -> None:
    body = {
        "type": "rectification",
        "email": EMAIL,
        "details": {"activity": "courses", "changes": {"email": "not-an-address"}},
    }
    with TestClient(create_app(icm), base_url=BASE) as client:
        answer = client.post("/api/v1/requests", json=body)
        unknown = client.post("/api/v1/requests", json={**body, "details": {"changes": {"shoe_size": "42"}}})
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"] == "email"
    assert unknown.status_code == 422
    assert opened(icm) == [] and mails(tmp_path / "outbox") == 0
