"""Signed webhooks: a task for a ``webhook`` system is posted to it as JSON, and the system calls back.

The message (``Content-Type: application/json``)::

    {"version": 1, "task": 17, "request": "3f...", "system": "hubspot", "action": "erasure",
     "activities": ["newsletter"], "identifiers": {"email": "an@example.nl"},
     "deadline": "2026-12-21T22:59:59+00:00", "callback": "https://privacy.example.nl/api/v1/tasks/17/callback"}

Headers ``Waarborg-Timestamp`` (Unix seconds) and ``Waarborg-Signature: v1=<hex>``, the HMAC-SHA256 under the
system's shared secret of ``"<timestamp>." + body``. A receiver recomputes it, compares in constant time and
refuses a timestamp more than five minutes off (a replayed message). Any 2xx answer means "received"; the
task stays open until the callback. The callback is signed the same way by the system::

    POST /api/v1/tasks/17/callback   {"status": "done" | "failed", "note": "...", "evidence": "..."}

A message that is not received (no answer within ten seconds, or not 2xx) is tried again after 1 minute,
5 minutes, 30 minutes, 2 hours and 12 hours; after the sixth failure the task goes on the dead-letter list
(``waarborg task list --dead``) and the privacy officer is alerted.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from waarborg.access.events import TaskDeadLettered
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError, UnauthorisedError
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.register.systems import System
from waarborg.systems import sqltasks
from waarborg.vault import tasks
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Task

log = logging.getLogger(__name__)
SIGNATURE = "Waarborg-Signature"
TIMESTAMP = "Waarborg-Timestamp"
WINDOW = timedelta(minutes=5)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 10.0

Post = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> HTTP status (raises OSError)
Alert = Callable[[str], None]


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    return "v1=" + hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def check(secret: bytes, timestamp: str | None, signature: str | None, body: bytes, at: datetime) -> None:
    """UnauthorisedError unless the signature is right and the timestamp within the window."""
    if not timestamp or not signature or not timestamp.isdigit():
        raise UnauthorisedError(f"missing {TIMESTAMP} or {SIGNATURE}")
    if abs(at.timestamp() - int(timestamp)) > WINDOW.total_seconds():
        raise UnauthorisedError("the timestamp is outside the five-minute window (a replay?)")
    if not hmac.compare_digest(sign(secret, int(timestamp), body), signature):
        raise UnauthorisedError("the signature does not match")


def secret_of(system: System) -> bytes:
    assert system.webhook is not None
    value = os.environ.get(system.webhook.secret_env)
    if not value:
        raise InputError(f"{system.webhook.secret_env} is not set: the webhook secret of '{system.name}'")
    return value.encode()


def message(vault: Vault, task: Task, base_url: str) -> bytes:
    body = {
        "version": 1, "task": task.id, "request": task.request_id, "system": task.target, "action": task.action,
        "activities": task.activities, "identifiers": tasks.identifiers_of(vault, task),
        "deadline": task.due_at.isoformat(), "callback": f"{base_url.rstrip('/')}/api/v1/tasks/{task.id}/callback",
    }  # fmt: skip
    return json.dumps(body, separators=(",", ":")).encode()


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status; the connection is always closed (OSError when it cannot be made)."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers)
        response = connection.getresponse()
        response.read()
        return int(response.status)
    finally:
        connection.close()


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def deliver_due(vault: Vault, at: datetime, *, base_url: str, by: Principal, post: Post = http_post,
                alert: Alert | None = None) -> DeliveryReport:  # fmt: skip
    """Post every webhook task whose attempt is due; a batch runner that commits each attempt in its own
    transaction (what a receiver was sent is on the record whatever happens to the next one)."""
    report = DeliveryReport()
    with vault.unit() as unit:
        due = list(unit.data.execute(
            select(Task.id).where(Task.reach == "webhook", Task.status == "open", Task.next_attempt_at <= at)
            .order_by(Task.next_attempt_at)
        ).scalars())  # fmt: skip
    for task_id in due:
        with vault.unit() as unit:
            _attempt(vault, unit, task_id, at, base_url, post, alert, report, by)
    return report


def _attempt(vault: Vault, unit: Unit, task_id: int, at: datetime, base_url: str, post: Post, alert: Alert | None,
             report: DeliveryReport, by: Principal) -> None:  # fmt: skip
    task = unit.data.get(Task, task_id)
    system = vault.register.systems.get(task.target) if task else None
    if task is None or task.status != "open" or system is None or system.webhook is None:
        return
    body = message(vault, task, base_url)
    stamp = int(at.timestamp())
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP: str(stamp),
        SIGNATURE: sign(secret_of(system), stamp, body),
    }
    task.attempts += 1
    try:
        status = post(system.webhook.url, body, headers)
        error = None if 200 <= status < 300 else f"HTTP {status}"
    except OSError as failure:  # refused, unreachable, timed out
        error = type(failure).__name__
    if error is None:
        task.next_attempt_at, task.last_error = None, None
        report.delivered += 1
        return
    task.last_error = error
    if task.attempts >= ATTEMPTS:
        task.next_attempt_at, task.dead_at = None, at
        vault.audit(unit, by.actor, TaskDeadLettered(task.id, task.request_id, task.target, error))
        report.dead += 1
        if alert is not None:
            alert(f"Task {task.id} for {system.name} ({task.action}) could not be delivered after {task.attempts} "
                  f"attempts (last: {error}). It is on the dead-letter list: `waarborg task list --dead`.")  # fmt: skip
        return
    task.next_attempt_at = at + BACKOFF[task.attempts - 1]
    report.failed += 1


def mail_alert(register: Register, send: Callable[[Mail], None]) -> Alert | None:
    """An alert that mails the privacy officer (the DPO, else the privacy contact, else the organisation)."""
    org = register.organisation
    address = next((a for a in (org.dpo and org.dpo.email, org.privacy_contact and org.privacy_contact.email,
                                org.email) if a), None)  # fmt: skip
    if address is None:
        return None

    def alert(text: str) -> None:
        send(Mail(to=address, subject=f"{org.name}: a task could not be delivered", text=text + "\n", lang="en"))

    return alert


def callback(vault: Vault, unit: Unit, task_id: int, headers: dict[str, str], body: bytes, at: datetime) -> Task:
    """A system reports on its task: signed like the message; done closes it, failed refuses it."""
    task = tasks.require(unit, task_id)
    system = vault.register.systems.get(task.target)
    if task.reach != "webhook" or system is None or system.webhook is None:
        raise UnauthorisedError(f"task {task_id} is not a webhook task")
    check(secret_of(system), headers.get(TIMESTAMP.lower()), headers.get(SIGNATURE.lower()), body, at)
    try:
        report: dict[str, Any] = json.loads(body)
    except json.JSONDecodeError:
        raise InputError("the callback body is not JSON") from None
    status = report.get("status")
    if status not in ("done", "failed"):
        raise InputError("status: 'done' or 'failed'")
    note = str(report.get("note") or ("done" if status == "done" else "failed, no reason given"))
    evidence = report.get("evidence")
    proof = ("evidence.txt", str(evidence).encode()) if evidence else None
    by = Principal(f"system:{task.target}", frozenset())
    return tasks.close(vault, unit, task_id, "done" if status == "done" else "refused", note, by=by, evidence=proof)


class Deliverer(threading.Thread):
    """A background thread of ``serve``: every ``every`` seconds, post the webhook tasks that are due and
    carry out the SQL systems' erasing tasks.

    Several servers may run it side by side: each task is taken in its own transaction, so at worst a message
    goes out twice, which a receiver must tolerate anyway (the task number makes it idempotent)."""

    def __init__(self, vault: Vault, base_url: str, alert: Alert | None, every: float = 60.0) -> None:
        super().__init__(name="waarborg-webhooks", daemon=True)
        self.vault, self.base_url, self.alert, self.every = vault, base_url, alert, every
        self.stopped = threading.Event()

    def run(self) -> None:
        by = Principal("scheduler:webhooks", frozenset())
        while not self.stopped.wait(self.every):
            try:
                deliver_due(self.vault, now(), base_url=self.base_url, by=by, alert=self.alert)
                sqltasks.run_due(self.vault, now(), by=by)
            except Exception:  # one failed round must not stop the next; no personal data is logged
                log.exception("webhook delivery failed")

    def stop(self) -> None:
        self.stopped.set()
