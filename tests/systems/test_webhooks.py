"""Requests that reach other systems: a signed webhook to a real local receiver and its callback, a SQL system
erased at once, the close gate and the override, retries, the dead-letter list and the alert."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import open_vault
from tests.core.test_mail import free_port
from tests.factories import make_register
from tests.rights.helpers import BASE, BY, Post, add_person
from tests.systems import school
from waarborg.access.policy import Principal
from waarborg.access.tokens import issue_token
from waarborg.access.users import DPO, add_user
from waarborg.core.db import make_engine
from waarborg.core.errors import ForbiddenError, RefusedError
from waarborg.retention.sweep import sweep
from waarborg.rights import fulfil, intake, requests
from waarborg.systems import webhooks
from waarborg.vault import tasks
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault
from waarborg.vault.tables import Task
from waarborg.web.app import create_app

SECRET = "s3cret-shared-with-the-crm"


class Receiver:
    """A real HTTP server standing in for the CRM: checks each signature, answers as told."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.status = 202
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp, signature = self.headers["Waarborg-Timestamp"], self.headers["Waarborg-Signature"]
                expected = "v1=" + hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
                time.sleep(receiver.delay)
                receiver.received.append({"body": json.loads(body), "valid": hmac.compare_digest(expected, signature)})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.stop()


@pytest.fixture
def vault(db_url: str, master_key: bytes, receiver: Receiver, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Vault]:  # fmt: skip
    school_url = f"sqlite:///{tmp_path / 'school.db'}"
    engine = make_engine(school_url)
    school.fill(engine)
    engine.dispose()
    monkeypatch.setenv("WAARBORG_HOOK_CRM", SECRET)
    monkeypatch.setenv("WAARBORG_SQL_SCHOOL", school_url)

    def systems(data: dict[str, Any]) -> None:
        data["systems"] = {
            "crm": {"name": "Recruitment CRM", "owner": "instructor", "reach": "webhook",
                    "webhook": {"url": f"http://127.0.0.1:{receiver.port}/hook", "secret_env": "WAARBORG_HOOK_CRM"}},
            "school": {"name": "Course administration", "owner": "dpo", "reach": "sql", "sql": school.DATASET},
            "binder": {"name": "Paper binder", "owner": "instructor"},
        }  # fmt: skip
        data["activities"]["courses"]["systems"] = ["crm", "school", "binder"]

    opened = open_vault(make_register(systems).register, db_url, master_key)
    yield opened
    opened.close()


def _erasure(vault: Vault, post: Post, email: str) -> str:
    opened = intake.intake(vault, post.send, "erasure", email, base_url=BASE, by=BY, verified="known caller")
    return opened.request.id


def _callback(client: TestClient, task_id: int, report: dict[str, Any], at: datetime | None = None,
              secret: str = SECRET) -> Any:  # fmt: skip
    body = json.dumps(report).encode()
    stamp = int((at or datetime.now(UTC)).timestamp())
    signature = "v1=" + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Waarborg-Timestamp": str(stamp), "Waarborg-Signature": signature, "Content-Type": "application/json"}
    return client.post(f"/api/v1/tasks/{task_id}/callback", content=body, headers=headers)


def test_an_erasure_reaches_every_system_and_answers_when_they_are_done(
    vault: Vault, post: Post, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    email, _ = add_person(vault, ["courses"], email="p1@example.nl")
    request_id = _erasure(vault, post, "p1@example.nl")
    done = fulfil.fulfil(vault, post.send, request_id, by=BY)
    assert done.request.status == "waiting" and post.count(email) == 1, "no answer while tasks are open"
    by_name = {t.name: t for t in done.request.tasks}
    assert set(by_name) == {"Recruitment CRM", "Course administration", "Paper binder", "Leerplatform B.V."}
    assert by_name["Course administration"].status == "done", "the SQL system is erased at once"
    assert "students: 0 deleted, 1 masked" in (by_name["Course administration"].note or "")
    with pytest.raises(RefusedError, match="open tasks"):
        fulfil.close(vault, post.send, request_id, by=BY)

    report = webhooks.deliver_due(vault, datetime.now(UTC), base_url=BASE, by=BY)
    assert report.delivered == 1 and receiver.received[0]["valid"]
    message = receiver.received[0]["body"]
    assert message["identifiers"] == {"email": "p1@example.nl"} and message["action"] == "erasure"
    assert message["deadline"] == done.request.due_at.isoformat()
    crm = by_name["Recruitment CRM"].id
    assert message["callback"] == f"{BASE}/api/v1/tasks/{crm}/callback"

    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    with TestClient(create_app(vault)) as client:
        assert _callback(client, crm, {"status": "done"}, secret="wrong").status_code == 401
        stale = datetime.now(UTC) - timedelta(minutes=10)
        assert _callback(client, crm, {"status": "done"}, at=stale).json()["detail"].startswith("the timestamp")
        answer = _callback(client, crm, {"status": "done", "note": "contact deleted", "evidence": "crm-log-17"})
        assert answer.status_code == 200 and answer.json()["status"] == "done"
        assert _callback(client, crm, {"status": "done"}).status_code == 409, "a replay changes nothing"
    with vault.unit() as unit:
        binder = next(t for t in tasks.listed(unit, request_id=request_id) if t.name == "Paper binder")
        tasks.close(vault, unit, binder.id, "refused", "the binder was shredded in 2024", by=BY)
        lms = next(t for t in tasks.listed(unit, request_id=request_id) if t.name == "Leerplatform B.V.")
        tasks.close(vault, unit, lms.id, "done", "account removed", by=BY)
    closed = fulfil.close_if_done(vault, post.send, request_id, by=BY)
    assert closed is not None and closed.request.status == "fulfilled"
    text = post.text(email)
    expected = [
        "Recruitment CRM: gedaan: contact deleted",
        "Course administration: gedaan",
        "Paper binder: niet gedaan: the binder was shredded in 2024",
        "Leerplatform B.V.: gedaan",
    ]
    for line in expected:
        assert line in text
    with vault.unit() as unit:
        assert all(t.identifiers is None for t in unit.data.execute(select(Task)).scalars()), "who it was goes too"


def test_open_tasks_are_overridden_only_by_the_privacy_officer_with_a_reason(vault: Vault, post: Post) -> None:
    email, _ = add_person(vault, ["courses"], email="p2@example.nl")
    request_id = _erasure(vault, post, email)
    fulfil.fulfil(vault, post.send, request_id, by=BY)
    staff = Principal("user:mia", frozenset({"read", "erase"}))
    with pytest.raises(ForbiddenError, match="only the privacy officer"):
        fulfil.close(vault, post.send, request_id, by=staff, override="deadline")
    done = fulfil.close(vault, post.send, request_id, by=BY, override="The CRM vendor confirmed by phone; log follows")
    assert done.request.status == "fulfilled" and "Recruitment CRM: nog open" in post.text(email)
    assert "The CRM vendor confirmed by phone" in post.text(email)


def test_an_unreachable_system_is_retried_then_dead_lettered_with_an_alert(
    vault: Vault, post: Post, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    email, _ = add_person(vault, ["courses"], email="p3@example.nl")
    fulfil.fulfil(vault, post.send, _erasure(vault, post, email), by=BY)
    receiver.status = 500
    alerts: list[str] = []
    at = datetime.now(UTC)
    for expected in (*webhooks.BACKOFF, None):
        report = webhooks.deliver_due(vault, at, base_url=BASE, by=BY, alert=alerts.append)
        assert report.delivered == 0 and (report.failed == 1 if expected else report.dead == 1)
        assert webhooks.deliver_due(vault, at, base_url=BASE, by=BY).failed == 0, "not again before its time"
        at += expected or timedelta(0)
    with vault.unit() as unit:
        [dead] = tasks.listed(unit, dead=True)
    assert dead.attempts == 6 and dead.last_error == "HTTP 500" and len(receiver.received) == 6
    assert alerts and f"Task {dead.id}" in alerts[0] and "p3@example.nl" not in alerts[0]


def test_a_receiver_that_answers_too_late_counts_as_a_failure(
    vault: Vault, post: Post, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhooks, "TIMEOUT", 0.3)
    receiver.delay = 1.0
    email, _ = add_person(vault, ["courses"], email="p1@example.nl")
    fulfil.fulfil(vault, post.send, _erasure(vault, post, email), by=BY)
    report = webhooks.deliver_due(vault, datetime.now(UTC), base_url=BASE, by=BY)
    assert report.failed == 1
    with vault.unit() as unit:
        [task] = [t for t in tasks.listed(unit) if t.reach == "webhook"]
    assert task.last_error in ("TimeoutError", "timeout", "URLError") and task.attempts == 1


def _swept(vault: Vault, email: str) -> datetime:
    """The person's course ends now; the sweep runs when its year has passed. Returns that moment."""
    add_person(vault, ["courses"], email=email)
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", email, by=BY)
        assert subject is not None
        vault.add_event(unit, subject, "course_completed", by=BY)
    later = datetime.now(UTC) + timedelta(days=400)
    sweep(vault, later, by=BY)
    return later


def test_a_retention_step_gives_each_system_a_task(vault: Vault, post: Post) -> None:
    email = "p2@example.nl"
    _swept(vault, email)
    with vault.unit() as unit:
        made = tasks.listed(unit)
        who = {t.id: tasks.identifiers_of(vault, tasks.require(unit, t.id)) for t in made}
    assert {t.name for t in made} == {"Recruitment CRM", "Course administration", "Paper binder"}
    assert {t.action for t in made} == {"delete"} and all(v == {"email": email} for v in who.values())
    assert all(t.request_id is None for t in made)


def test_the_task_message_format_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "systems.md").read_text(encoding="utf-8")
    for word in ("Waarborg-Signature", "Waarborg-Timestamp", '"callback"', "dead-letter", "replay"):
        assert word in doc


def test_the_sweeps_sql_tasks_are_carried_out_by_deliver(vault: Vault, post: Post) -> None:
    from waarborg.systems import sqltasks

    later = _swept(vault, "p3@example.nl")
    assert sqltasks.run_due(vault, later, by=BY) == 1
    with vault.unit() as unit:
        [school_task] = [t for t in tasks.listed(unit, closed=True) if t.reach == "sql"]
    assert school_task.status == "done" and "enrolments: 3 deleted" in (school_task.note or "")
    assert sqltasks.run_due(vault, later, by=BY) == 0, "done once"


def test_portability_carries_the_sql_systems_rows(vault: Vault, post: Post) -> None:
    import io
    import zipfile

    email, _ = add_person(vault, ["courses"], email="p2@example.nl")
    opened = intake.intake(vault, post.send, "portability", email, base_url=BASE, by=BY, verified="known")
    done = fulfil.fulfil(vault, post.send, opened.request.id, by=BY)
    if done.request.status == "waiting":
        done = fulfil.close(vault, post.send, opened.request.id, by=BY, override="test: only the SQL part")
    assert done.package is not None
    data = json.loads(zipfile.ZipFile(io.BytesIO(done.package)).read("data.json"))
    assert len(data["systems"]["Course administration"]["enrolments"]) == 2


def test_staff_close_tasks_over_http_while_a_website_adds_records(
    vault: Vault, post: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction per request: the staff check and the close share it, so nothing waits for a lock that
    the same request holds (on SQLite that was a 30 s wait and a 500), and intake alongside is not blocked."""
    email, _ = add_person(vault, ["courses"], email="p9@example.nl")
    request_id = _erasure(vault, post, email)
    fulfil.fulfil(vault, post.send, request_id, by=BY)
    with vault.unit() as unit:
        user = add_user(unit.data, vault.register, "mia", DPO, "een-lang-wachtwoord-2026")
        staff = {"Authorization": f"Bearer {issue_token(unit.data, user)}"}
        website = {
            "Authorization": f"Bearer {create_key(unit.data, vault.register, 'site', ['newsletter'], can_read=False)}"
        }
        open_tasks = [t.id for t in tasks.listed(unit, request_id=request_id) if t.status == "open"]
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    stop, added = threading.Event(), []

    def intake_alongside(client: TestClient) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            answer = client.post("/api/v1/records", headers=website,
                                 json={"activity": "newsletter", "data": {"email": f"site{n}@example.nl"}})  # fmt: skip
            added.append(answer.status_code)

    with TestClient(create_app(vault)) as client:
        thread = threading.Thread(target=intake_alongside, args=(client,))
        thread.start()
        try:
            for task_id, action in zip(open_tasks, ["done", "refuse", "done", "done"], strict=False):
                started = time.monotonic()
                answer = client.post(f"/api/v1/tasks/{task_id}/{action}", headers=staff, json={"note": "handled"})
                assert answer.status_code == 200, answer.text
                assert time.monotonic() - started < 5, "closing a task waited for a lock"
        finally:
            stop.set()
            thread.join(timeout=60)
    assert added and set(added) == {201}
    with vault.unit() as unit:
        assert requests.show(unit, request_id).status == "fulfilled"
    assert "handled" in post.text(email)
