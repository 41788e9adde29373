"""Fifty more bad inputs, made by hand across every entry point (CLI arguments and files, HTTP headers, bodies,
forms and links, registers): each gets a clear answer (a 4xx with `{"error", "detail"}` or a page, or exit 2
or 1 with one line naming what is wrong, never a traceback) and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.cli.test_vault_cli import env, migrated, run  # noqa: F401  (fixtures)
from tests.web.test_api import key
from waarborg.core.db import make_engine
from waarborg.vault.models import Event, Record, Subject
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

REC = ["record", "add", "--activity", "newsletter", "--data"]

CLI_CASES: list[tuple[list[str], str]] = [
    ([*REC, '{"email": ""}'], "email"),
    ([*REC, '{"email": "a@example.nl"}', "--source", "x" * 500], "source"),
    (["record", "add", "--activity", "", "--data", '{"email": "a@example.nl"}'], "activity"),
    ([*REC, '{"email": "a@example.nl", "email ": "b"}'], "not a field of this activity; allowed: email"),
    ([*REC, '{"email": ["a@example.nl"]}'], "email"),
    ([*REC, '{"email": "a@example.nl"}', "--collected-at", "2026-02-30"], "--collected-at"),
    (["event", "add", "--subject", "nope", "--event", "unsubscribed"], "nope"),
    (["event", "add", "--subject", "nope", "--event", "no_such_event"], "no_such_event"),
    (["subject", "show", "--email", "not an address"], "e-mail"),
    (["subject", "show"], "--email"),
    (["sweep", "--now", "yesterday"], "--now"),
    (["sweep", "--batch", "0"], "--batch"),
    (["audit", "show", "--subject", "x", "--format", "xml"], "--format"),
    (["audit", "export", "--since", "2026-13-01"], "--since"),
    (["audit", "verify", "--anchor", "/no/such/anchor.json"], "--anchor"),
    (
        ["hold", "add", "nope", "--kind", "legal", "--reference", "C/1", "--until", "2030-01-01", "--reason", "r"],
        "nope",
    ),
    (["apikey", "create", "--name", "x", "--activities", ""], "activit"),
    (["apikey", "revoke", "999999"], "999999"),
    (["user", "add", "x", "--role", "nope", "--password", "a-long-enough-password"], "role"),
    (["user", "add", "x", "--role", "dpo", "--password", "short"], "password"),
    (["task", "done", "99999999999", "--note", "x"], "2147483647"),
    (["import", "/no/such/file.csv", "--activity", "newsletter"], "file.csv"),
    (["import", "FILE:people.txt", "--activity", "newsletter"], "people.txt"),
    (["import", "FILE:people.csv", "--activity", "newsletter", "--batch-size", "0"], "--batch-size"),
    (["check", "/no/such/register.yaml"], "register.yaml"),
    (["check", "FILE:empty.yaml"], "empty"),
    (["check", "FILE:list.yaml"], "mapping"),
    (["check", "FILE:binary.yaml"], "binary.yaml"),
    (["--db", "mysql://x/y", "sweep", "--dry-run"], "WAARBORG_DB"),
]

FILES = {
    "people.txt": b"email\nan@example.nl\n",
    "people.csv": b"email\nan@example.nl\n",
    "empty.yaml": b"",
    "list.yaml": b"- just\n- a list\n",
    "binary.yaml": bytes(range(256)) * 4,
}


def _counts(db_url: str) -> tuple[int, int, int]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return tuple(  # type: ignore[return-value]
                connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (Subject.__table__, Record.__table__, Event.__table__)
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize(("args", "named"), CLI_CASES, ids=[" ".join(a)[:60] for a, _ in CLI_CASES])
def test_a_bad_command_line_gets_one_clear_line(migrated: dict[str, str], tmp_path: Path, args: list[str],  # noqa: F811
                                                named: str) -> None:  # fmt: skip
    for name, content in FILES.items():
        (tmp_path / name).write_bytes(content)
    given = [str(tmp_path / a.removeprefix("FILE:")) if a.startswith("FILE:") else a for a in args]
    before = _counts(migrated["WAARBORG_DB"])
    code, out, err = run(migrated, *given)
    assert code in (1, 2), (code, out, err)
    assert "Traceback" not in out + err and err.strip(), err
    assert named in err, err
    assert _counts(migrated["WAARBORG_DB"]) == before


@pytest.fixture
def client(vault: Vault) -> Iterator[TestClient]:
    with TestClient(create_app(vault, max_body_bytes=20_000), raise_server_exceptions=False) as made:
        yield made


def _deep(levels: int) -> str:
    return '{"activity": "newsletter", "data": {"email": ' + "[" * levels + "1" + "]" * levels + "}}"


HTTP_CASES: list[tuple[str, str, dict[str, object]]] = [
    ("POST", "/api/v1/records", {"json": {"activity": "newsletter", "data": {"email": "a@example.nl"}}, "auth": None}),
    (
        "POST",
        "/api/v1/records",
        {"json": {"activity": "newsletter", "data": {}}, "headers": {"Authorization": "Basic eA=="}},
    ),
    ("POST", "/api/v1/records", {"json": {}, "headers": {"Authorization": "Bearer wb_nope_nope"}}),
    ("POST", "/api/v1/records", {"raw_headers": [(b"authorization", "Bearer wb_ü_ß".encode())]}),
    ("POST", "/api/v1/records", {"content": "activity=newsletter", "headers": {"Content-Type": "text/plain"}}),
    ("POST", "/api/v1/records", {"json": [{"activity": "newsletter"}]}),
    ("POST", "/api/v1/records", {"content": _deep(5000), "headers": {"Content-Type": "application/json"}}),
    ("POST", "/api/v1/records", {"json": {"activity": "newsletter", "data": {"email": "a" * 15000}}}),
    ("POST", "/api/v1/records", {"json": {"activity": "newsletter", "data": {"email": None}}}),
    ("POST", "/api/v1/records", {"json": {"activity": "newsletter", "data": {"email": "a@example.nl"}, "source": 5}}),
    ("GET", "/api/v1/subjects", {"params": {"email": ""}}),
    ("GET", "/api/v1/subjects/" + "x" * 300, {}),
    ("GET", "/api/v1/audiences/newsletter", {"params": {"at": "not a date"}}),
    (
        "POST",
        "/api/v1/consents",
        {"json": {"subject_id": "x", "activity": "newsletter", "granted": True, "options": ["nope"]}},
    ),
    ("POST", "/api/v1/events", {"json": {"subject_id": "x" * 100, "event": "unsubscribed"}}),
    (
        "POST",
        "/api/v1/requests",
        {"json": {"type": "access", "email": "a@example.nl", "details": "text"}, "auth": None},
    ),
    ("POST", "/api/v1/requests/nope/confirm", {"json": {"code": "abcdef"}, "auth": None}),
    ("POST", "/api/v1/redact", {"json": {"text": "x" * 30000}}),
    ("POST", "/api/v1/tasks/1/callback", {"content": b"{}", "auth": None}),
    ("GET", "/api/v1/cookies/consent/short", {"auth": None}),
]


@pytest.mark.parametrize(("method", "path", "how"), HTTP_CASES, ids=[f"{m} {p[:40]} {i}" for i, (m, p, _) in
                                                                       enumerate(HTTP_CASES)])  # fmt: skip
def test_a_bad_request_gets_a_4xx_with_a_reason(client: TestClient, vault: Vault, method: str, path: str,
                                                how: dict[str, object]) -> None:  # fmt: skip
    auth = key(vault, ["newsletter"], read=True) if how.get("auth", True) is not None else {}
    headers = {**auth, **dict(how.get("headers", {}))}  # type: ignore[call-overload]
    extra = {k: v for k, v in how.items() if k in ("json", "content", "params")}
    if "raw_headers" in how:
        headers = how["raw_headers"]  # type: ignore[assignment]
    before = _counts_of(vault)
    answer = client.request(method, path, headers=headers, **extra)  # type: ignore[arg-type]
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    body = json.loads(answer.text)
    assert body["error"] and body["detail"], body
    assert _counts_of(vault) == before


def _counts_of(vault: Vault) -> tuple[int, int]:
    with vault.unit() as unit:
        return (unit.data.execute(select(func.count()).select_from(Subject)).scalar_one(),
                unit.data.execute(select(func.count()).select_from(Record)).scalar_one())  # fmt: skip


PAGE_CASES = [
    ("POST", "/portal", {"data": {"email": "a@example.nl"}}),  # no form token
    ("POST", "/portal/correct", {"data": {"field": "email", "value": "x"}}),  # not signed in
    ("GET", "/portal/t/" + "A" * 5000, {}),
    ("GET", "/r/not-a-token", {}),
    ("GET", "/u/not-a-token", {}),
    ("POST", "/office/login", {"data": {"username": "u" * 5000, "password": "p", "csrf": "x"}}),
]


@pytest.mark.parametrize(("method", "path", "how"), PAGE_CASES, ids=[f"{m} {p[:30]}" for m, p, _ in PAGE_CASES])
def test_a_bad_form_or_link_gets_a_page_that_says_so(client: TestClient, vault: Vault, method: str, path: str,
                                                     how: dict[str, object]) -> None:  # fmt: skip
    before = _counts_of(vault)
    answer = client.request(method, path, follow_redirects=False, **how)  # type: ignore[arg-type]
    assert answer.status_code in (303, 400, 401, 403, 404, 413), (answer.status_code, answer.text[:300])
    if answer.status_code != 303:
        assert "<html" in answer.text and "Traceback" not in answer.text
    assert _counts_of(vault) == before
