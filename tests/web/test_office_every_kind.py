"""A privacy officer works every type of request from the web alone: the page reads in words, and carrying it
out answers the person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.rights.helpers import Post
from tests.web.office_helpers import Office, open_office
from tests.web.test_office_requests import RAW, _status
from waarborg.rights.clock import KINDS
from waarborg.vault.service import Vault

DETAILS: dict[str, dict[str, Any]] = {
    "withdraw_consent": {"activities": ["newsletter"]},
    "objection": {"direct_marketing": True},
    "question": {"text": "Welke gegevens hebt u van mij?"},
}
ANSWERS = {
    "question": {"answer": "Uw naam en e-mailadres."},
    "rectification": {"field": "phone", "value": "0622222222"},
}


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_request_type_is_worked_from_the_request_page(office: Office, kind: str) -> None:
    email = office.person(["courses", "newsletter"], 40 + sorted(KINDS).index(kind), f"{kind}@example.nl")
    request_id = office.request(kind, email, details=DETAILS.get(kind))
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}?lang=nl").text
    assert not RAW.search(page), RAW.search(page)
    carry_out = f'href="/office/requests/{request_id}/confirm"' if kind == "erasure" else '/fulfil"'
    assert carry_out in page, "the page offers to carry the request out (an erasure after its confirmation)"
    token = office.token(f"/office/requests/{request_id}")
    done = office.client.post(f"/office/requests/{request_id}/fulfil",
                              data={"csrf": token, "confirmed": "yes", **ANSWERS.get(kind, {})},
                              follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text[:500]
    assert _status(office, request_id) in ("waiting", "fulfilled")
    assert office.post.text(email), "the person is answered"
