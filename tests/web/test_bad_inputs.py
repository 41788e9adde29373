"""Every input gets an answer: what a fuzzer and a careless client sent that ended in a 500 or was taken when it
should not have been. Each answer is the error tree's `{"error", "detail"}` (or a page), and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.web.test_api import key, stored
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

FAR = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2100-01-01T00:00:00Z"]


@pytest.fixture
def client(vault: Vault) -> Iterator[TestClient]:
    with TestClient(create_app(vault, max_body_bytes=10_000), raise_server_exceptions=False) as made:
        yield made


def _answered(response: object, *statuses: int) -> dict[str, object]:
    status = getattr(response, "status_code", 0)
    text = getattr(response, "text", "")
    assert status in statuses, f"{status}: {text[:300]}"
    body: dict[str, object] = json.loads(text)
    assert body["error"] and body["detail"], body
    return body


def test_non_ascii_form_tokens_and_cookies_are_refused_not_crashed(client: TestClient) -> None:
    client.get("/portal")
    forged = client.post("/portal", data={"email": "an@example.nl", "csrf": "é" * 40})
    assert forged.status_code == 403
    for path, cookie in (("/office", "wb_office"), ("/portal/data", "wb_portal")):
        raw = [(b"cookie", f"{cookie}=sëssion.tökén".encode())]  # what a browser may send; httpx would not
        answer = client.get(path, headers=raw, follow_redirects=False)
        assert answer.status_code in (303, 307), (path, answer.status_code)


@pytest.mark.parametrize("text", ["\ud800", "a\x00b"])
def test_unencodable_text_is_refused(client: TestClient, vault: Vault, text: str) -> None:
    writer = key(vault, ["newsletter", "courses"])
    body = {"activity": "courses", "data": {"email": "an@example.nl", "name": text, "course": "AVG"}}
    raw = json.dumps(body)  # keeps the lone surrogate as \ud800
    sent = client.post("/api/v1/records", headers={**writer, "Content-Type": "application/json"}, content=raw)
    _answered(sent, 422)
    asked = json.dumps({"type": "access", "email": "an@example.nl", "details": {"text": text}})
    request = client.post("/api/v1/requests", headers={"Content-Type": "application/json"}, content=asked)
    _answered(request, 422)
    assert stored(vault) == (0, 0)


@pytest.mark.parametrize("moment", FAR)
def test_far_dates_are_refused_at_the_edge(client: TestClient, vault: Vault, moment: str) -> None:
    writer = key(vault, ["newsletter"])
    reader = key(vault, ["newsletter"], read=True)
    body = {"activity": "newsletter", "data": {"email": "an@example.nl"}, "collected_at": moment}
    detail = _answered(client.post("/api/v1/records", headers=writer, json=body), 422)["detail"]
    assert "collected_at" in str(detail)
    assert stored(vault) == (0, 0)
    added = client.post("/api/v1/records", headers=writer, json={**body, "collected_at": None}).json()
    event = {"subject_id": added["subject_id"], "event": "unsubscribed", "activity": "newsletter", "at": moment}
    assert "at" in str(_answered(client.post("/api/v1/events", headers=writer, json=event), 422)["detail"])
    consent = {"subject_id": added["subject_id"], "activity": "newsletter", "granted": True, "at": moment}
    _answered(client.post("/api/v1/consents", headers=writer, json=consent), 422)
    audience = client.get("/api/v1/audiences/newsletter", params={"at": moment}, headers=reader)
    assert audience.status_code in (403, 422), audience.text


def test_a_huge_number_is_refused(client: TestClient, vault: Vault) -> None:
    writer = key(vault, ["courses"])
    raw = '{"activity": "courses", "data": {"email": "an@example.nl", "name": ' + "9" * 5000 + ', "course": "AVG"}}'
    _answered(client.post("/api/v1/records", headers={**writer, "Content-Type": "application/json"}, content=raw),
              422, 413)  # fmt: skip
    assert stored(vault) == (0, 0)


def test_an_overflowing_task_id_is_answered(client: TestClient) -> None:
    answer = client.post("/api/v1/tasks/99999999999999999999999/callback", content=b"{}")
    assert answer.status_code in (401, 404, 422), answer.text


def test_malformed_json_is_named_as_the_body(client: TestClient, vault: Vault) -> None:
    writer = {**key(vault, ["newsletter"]), "Content-Type": "application/json"}
    answer = _answered(client.post("/api/v1/records", headers=writer, content='{"activity": "newsletter", '), 422)
    assert str(answer["detail"]).startswith("body: not valid JSON"), answer


def test_a_chunked_body_over_the_limit_gets_413(client: TestClient, vault: Vault) -> None:
    writer = {**key(vault, ["newsletter"]), "Content-Type": "application/json"}

    def chunks() -> Iterator[bytes]:
        yield b'{"activity": "newsletter", "data": {"email": "'
        for _ in range(30):
            yield b"a" * 1000
        yield b'@example.nl"}}'

    answer = client.post("/api/v1/records", headers=writer, content=chunks())
    assert _answered(answer, 413)["error"] == "too_large"
    assert stored(vault) == (0, 0)


def test_an_unknown_activity_is_named_with_the_declared_ones(client: TestClient, vault: Vault) -> None:
    writer = key(vault, ["newsletter"])
    answer = _answered(client.post("/api/v1/records", headers=writer, json={"activity": "nope", "data": {}}), 422)
    assert (
        answer["detail"] == "activity: <activity> is not an activity of the register; activities: courses, newsletter"
    )
    refused = client.post("/api/v1/records", headers=writer, json={"activity": "courses", "data": {}})
    assert _answered(refused, 403)["error"] == "forbidden", "declared, but not this key's"


def test_a_consent_names_the_person_by_email_as_a_website_knows_them(client: TestClient, vault: Vault) -> None:
    writer = key(vault, ["newsletter"])
    client.post("/api/v1/records", headers=writer, json={"activity": "newsletter", "data": {"email": "an@example.nl"}})
    given = {"email": "AN@example.nl", "activity": "newsletter", "granted": True}
    answer = client.post("/api/v1/consents", headers=writer, json=given)
    assert answer.status_code == 201, answer.text
    unknown = client.post("/api/v1/consents", headers=writer, json={**given, "email": "bo@example.nl"})
    assert "add the record first" in str(_answered(unknown, 404)["detail"]) and "bo@example.nl" not in unknown.text
    both = client.post("/api/v1/consents", headers=writer, json={**given, "subject_id": "x"})
    assert _answered(both, 422)["detail"] == "subject_id, email: give one of the two"


def test_a_rate_limit_says_when_to_come_back(client: TestClient) -> None:
    answers = [client.post("/api/v1/requests", json={"type": "access", "email": f"p{n}@example.nl"}) for n in range(6)]
    assert [a.status_code for a in answers][:5] == [202] * 5
    assert _answered(answers[5], 429) and answers[5].headers["retry-after"] == "3600"
