"""The JSON API: scoped keys, records and events in, subjects out, every bad path refused cleanly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from waarborg.vault.apikeys import create_key
from waarborg.vault.models import Record, Subject
from waarborg.vault.service import Vault
from waarborg.web.app import create_app


@pytest.fixture
def client(vault: Vault) -> Iterator[TestClient]:
    with TestClient(create_app(vault, max_body_bytes=10_000)) as test_client:
        yield test_client


def key(vault: Vault, activities: list[str], read: bool = False) -> dict[str, str]:
    with vault.unit() as unit:
        token = create_key(unit.data, vault.register, "test", activities, read)
    return {"Authorization": f"Bearer {token}"}


def stored(vault: Vault) -> tuple[int, int]:
    with vault.unit() as unit:
        return (len(unit.data.execute(select(Subject)).all()), len(unit.data.execute(select(Record)).all()))


def test_website_key_adds_records_and_reads_nothing(client: TestClient, vault: Vault) -> None:
    website = key(vault, ["newsletter", "courses"])
    response = client.post(
        "/api/v1/records", headers=website, json={"activity": "newsletter", "data": {"email": "an@example.nl"}}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"subject_id", "record_id", "due_at", "flagged"} and body["flagged"] == []
    read = client.get(f"/api/v1/subjects/{body['subject_id']}", headers=website)
    assert read.status_code == 403 and read.json()["error"] == "forbidden"
    assert client.get("/api/v1/subjects", params={"email": "an@example.nl"}, headers=website).status_code == 403


def test_reading_key_sees_only_its_activities(client: TestClient, vault: Vault) -> None:
    writer = key(vault, ["newsletter", "courses"])
    for activity, data in (
        ("newsletter", {"email": "an@example.nl"}),
        ("courses", {"email": "an@example.nl", "name": "An", "course": "AVG"}),
    ):
        assert (
            client.post("/api/v1/records", headers=writer, json={"activity": activity, "data": data}).status_code == 201
        )
    reader = key(vault, ["newsletter"], read=True)
    found = client.get("/api/v1/subjects", params={"email": "AN@example.nl"}, headers=reader).json()
    subject = client.get(f"/api/v1/subjects/{found['subject_id']}", headers=reader).json()
    assert [r["activity"] for r in subject["records"]] == ["newsletter"]
    assert subject["records"][0]["values"] == {"email": "an@example.nl"}


def test_events(client: TestClient, vault: Vault) -> None:
    writer = key(vault, ["newsletter"])
    subject_id = client.post(
        "/api/v1/records", headers=writer, json={"activity": "newsletter", "data": {"email": "an@example.nl"}}
    ).json()["subject_id"]
    ok = client.post(
        "/api/v1/events",
        headers=writer,
        json={"subject_id": subject_id, "event": "unsubscribed", "activity": "newsletter"},
    )
    assert ok.status_code == 201 and ok.json()["event_id"] > 0
    undeclared = client.post(
        "/api/v1/events",
        headers=writer,
        json={"subject_id": subject_id, "event": "graduated", "activity": "newsletter"},
    )
    assert undeclared.status_code == 422 and "not declared" in undeclared.json()["detail"]
    other = client.post(
        "/api/v1/events",
        headers=writer,
        json={"subject_id": subject_id, "event": "course_completed", "activity": "courses"},
    )
    assert other.status_code == 403


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({}, 401, "unauthorised"),
        ({"Authorization": "Bearer nonsense"}, 401, "unauthorised"),
        ({"Authorization": "Bearer wb_00000000_xyz"}, 401, "unauthorised"),
    ],
)
def test_missing_or_unknown_keys(client: TestClient, headers: dict[str, str], status: int, error: str) -> None:
    response = client.post("/api/v1/records", headers=headers, json={"activity": "newsletter", "data": {}})
    assert response.status_code == status and response.json()["error"] == error


def test_revoked_key_is_refused(client: TestClient, vault: Vault) -> None:
    from waarborg.vault.apikeys import list_keys, revoke_key

    writer = key(vault, ["newsletter"])
    with vault.unit() as unit:
        revoke_key(unit.data, list_keys(unit.data)[0].id)
    response = client.post(
        "/api/v1/records", headers=writer, json={"activity": "newsletter", "data": {"email": "a@b.nl"}}
    )
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"activity": "newsletter", "data": {"email": "an@example.nl", "shoe_size": 44}}, 422, "shoe_size"),
        ({"activity": "newsletter", "data": {"email": "not an address"}}, 422, "not an e-mail address"),
        ({"activity": "courses", "data": {"email": "an@example.nl"}}, 422, "required"),
        ({"activity": "nonsense", "data": {}}, 422, "activity: <activity> is not an activity"),  # named, not echoed
        ({"activity": "newsletter"}, 422, "data"),
        ({"activity": "newsletter", "data": {"email": "a@b.nl"}, "extra": 1}, 422, "extra"),
        ({"activity": "newsletter", "data": {"email": "a@b.nl"}, "collected_at": "yesterday"}, 422, "collected_at"),
    ],
)
def test_bad_bodies_are_refused_and_change_nothing(
    client: TestClient, vault: Vault, body: dict[str, object], status: int, needle: str
) -> None:
    writer = key(vault, ["newsletter", "courses"])
    response = client.post("/api/v1/records", headers=writer, json=body)
    assert response.status_code == status, response.text
    payload = response.json()
    assert set(payload) >= {"error", "detail"} and needle in payload["detail"]
    assert "an@example.nl" not in response.text and "not an address" not in response.text
    assert stored(vault) == (0, 0)


def test_malformed_and_oversized_bodies(client: TestClient, vault: Vault) -> None:
    writer = {**key(vault, ["newsletter"]), "Content-Type": "application/json"}
    broken = client.post("/api/v1/records", headers=writer, content=b'{"activity": "newsletter", ')
    assert broken.status_code == 422 and broken.json()["error"] == "input"
    huge = client.post(
        "/api/v1/records",
        headers=writer,
        content=b'{"activity": "newsletter", "data": {"email": "' + b"a" * 20_000 + b'@b.nl"}}',
    )
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"
    assert stored(vault) == (0, 0)


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/records", "/api/v1/events", "/api/v1/subjects/{subject_id}"} <= set(paths)


def test_api_reads_are_audited_with_the_key(client: TestClient, vault: Vault) -> None:
    from waarborg.access.audit import entries_for

    writer = key(vault, ["newsletter"], read=True)
    subject_id = client.post(
        "/api/v1/records", headers=writer, json={"activity": "newsletter", "data": {"email": "an@example.nl"}}
    ).json()["subject_id"]
    client.get(f"/api/v1/subjects/{subject_id}", headers=writer)
    with vault.unit() as unit:
        entries = list(entries_for(unit.data, subject_id))
    assert [e.kind for e in entries] == ["record.added", "subject.read"]
    assert [e.actor.split(":")[0] for e in entries] == ["apikey", "apikey"], [e.actor for e in entries]
