"""A portal form with a bad value opens nothing and mails nothing: the data page comes back with the error
next to the form, in the person's language. The same holds for the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import add_person
from tests.web.portal_helpers import BASE, Seeded, csrf_of, mails, opened, signed_in
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

EMAIL = "an@example.nl"


@pytest.fixture
def icm(seeded: Seeded) -> Vault:
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    return vault


def _correct(client: TestClient, field: str, value: str, lang: str = "nl") -> tuple[int, str]:
    csrf = csrf_of(client.get(f"/portal/data?lang={lang}").text)
    form = {"csrf": csrf, "activity": "courses", "field": field, "value": value}
    answer = client.post("/portal/correct", data=form, follow_redirects=False)
    return answer.status_code, answer.text


@pytest.mark.parametrize(("field", "value"), [("email", "not-an-address"), ("phone", "twelve"),
                                              ("date_of_birth", "yesterday"), ("course", "x" * 600)])  # fmt: skip
def test_a_bad_correction_opens_nothing_and_mails_nothing(icm: Vault, tmp_path: Path, field: str, value: str) -> None:
    with signed_in(icm, EMAIL) as client:
        for _ in range(2):  # a retry adds nothing either
            status, page = _correct(client, field, value)
            assert status == 422
            assert 'action="/portal/correct"' in page, "the portal's data page, with the form"
            assert 'class="error"' in page
    assert opened(icm) == []
    assert mails(tmp_path / "outbox") == 0


def test_the_error_is_in_the_persons_language_next_to_the_field(icm: Vault) -> None:
    with signed_in(icm, EMAIL) as client:
        _status, dutch = _correct(client, "email", "not-an-address", "nl")
        _status, english = _correct(client, "email", "not-an-address", "en")
    assert "Dit is geen e-mailadres" in dutch and "not an e-mail address" not in dutch
    assert "E-mailadres" in dutch.split('class="error"', 1)[1][:300], "names the field by its label"
    assert "This is not an e-mail address" in english
    assert "activity 'courses'" not in dutch + english, "no developer's message"


def test_a_good_correction_still_goes_through(icm: Vault) -> None:
    with signed_in(icm, EMAIL) as client:
        status, _page = _correct(client, "phone", "0612345678")
    assert status == 303
    assert [r.kind for r in opened(icm)] == ["rectification"]


def test_an_unknown_request_type_opens_nothing(icm: Vault, tmp_path: Path) -> None:
    with signed_in(icm, EMAIL) as client:
        csrf = csrf_of(client.get("/portal/data?lang=nl").text)
        answer = client.post("/portal/request", data={"csrf": csrf, "kind": "rectification"})
    assert answer.status_code == 422 and 'action="/portal/request"' in answer.text
    assert "Kies" in answer.text and "type:" not in answer.text
    assert opened(icm) == [] and mails(tmp_path / "outbox") == 0


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


def test_a_correction_that_cannot_be_carried_out_at_once_goes_to_staff(icm: Vault) -> None:
    """A phone number another person holds: the request stays open for staff, the person is told when we
    answer (not an error page), and nothing was changed."""
    add_person(icm, ["courses"], seed=4, email="other@example.nl", phone="0612345678", course="Excel")
    with signed_in(icm, EMAIL) as client:
        csrf = csrf_of(client.get("/portal/data?lang=nl").text)
        form = {"csrf": csrf, "activity": "courses", "field": "phone", "value": "0612345678"}
        answer = client.post("/portal/correct", data=form, follow_redirects=False)
    assert answer.status_code == 303 and "message=due:" in answer.headers["location"]
    assert [(r.kind, r.status) for r in opened(icm)] == [("rectification", "verified")]
