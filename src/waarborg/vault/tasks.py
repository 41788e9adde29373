"""Tasks: work that must happen outside Waarborg for a request or a retention step to be kept.

One task per system that holds the person's data (the register's ``systems``: erase, export, correct or
restrict there), per processor without such a system, and, for rectification, erasure and restriction, per
recipient outside the organisation (Art 19: they are told). Each says what to do, for whom (the person's
identifiers, sealed under the request key and wiped when the task closes), by when, and for whom to do it
(the system's owner: a role or a person). A task closes as done, with evidence (a note, an attachment), or
refused, with a reason; both are audited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from waarborg.access.events import TaskClosed, TasksCreated
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError, NotFoundError, RefusedError
from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.vault.crypto import decrypt, encrypt
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Task

TOLD = ("rectification", "erasure", "restriction")
"""Request kinds whose recipients are told (Art 19); systems and processors get every kind's task."""
DPO = "dpo"
MAX_EVIDENCE = 5_000_000


@dataclass(frozen=True)
class Target:
    key: str
    kind: str  # system | processor | recipient
    reach: str
    owner: str
    activities: tuple[str, ...]


@dataclass(frozen=True)
class TaskView:
    id: int
    request_id: str | None
    target: str
    target_kind: str
    name: str
    reach: str
    owner: str | None
    action: str
    activities: list[str]
    due_at: datetime
    status: str
    note: str | None
    evidence_name: str | None
    attempts: int
    last_error: str | None
    dead: bool

    def overdue(self, at: datetime) -> bool:
        return self.status == "open" and self.due_at < at

    def as_dict(self, at: datetime | None = None) -> dict[str, object]:
        result: dict[str, object] = {**vars(self), "due_at": self.due_at.isoformat()}
        result["overdue"] = self.overdue(at or now())
        return result


def targets(register: Register, activities: Iterable[str], action: str) -> list[Target]:
    """Systems of these activities; processors no system covers; outside recipients when they are told."""
    found: dict[tuple[str, str], list[str]] = {}
    covered: set[str] = set()
    for activity in sorted(set(activities)):
        spec = register.activities.get(activity)
        if spec is None:
            continue
        for key in spec.systems:
            found.setdefault(("system", key), []).append(activity)
            processor = register.systems[key].processor if key in register.systems else None
            if processor:
                covered.add(processor)
        for key in spec.processors:
            found.setdefault(("processor", key), []).append(activity)
        if action in TOLD:
            for key in spec.recipients:
                recipient = register.recipients.get(key)
                if recipient is not None and recipient.kind != "internal":
                    found.setdefault(("recipient", key), []).append(activity)
    result = []
    for (kind, key), concerned in found.items():
        if kind == "processor" and key in covered:
            continue
        system = register.systems.get(key) if kind == "system" else None
        reach, owner = (system.reach, system.owner) if system else ("manual", DPO)
        result.append(Target(key, kind, reach, owner, tuple(concerned)))
    return result


def name_of(register: Register, kind: str, key: str, lang: str = "nl") -> str:
    if kind == "system" and key in register.systems:
        return register.systems[key].name
    if kind == "processor" and key in register.processors:
        return register.processors[key].name
    if kind == "recipient" and key in register.recipients:
        return tr(register.recipients[key].name, lang, key)
    return key


def _seal(vault: Vault, task_id: int, identifiers: dict[str, str]) -> bytes:
    plain = json.dumps(identifiers, sort_keys=True).encode()
    return encrypt(vault.ring.requests_key, plain, f"task:{task_id}".encode())


def identifiers_of(vault: Vault, task: Task) -> dict[str, str]:
    """Who the task is about (e-mail address, phone, ...); empty once the task is closed."""
    if task.identifiers is None:
        return {}
    loaded: dict[str, str] = json.loads(decrypt(vault.ring.requests_key, task.identifiers, f"task:{task.id}".encode()))
    return loaded


def create(
    vault: Vault,
    unit: Unit,
    found: list[Target],
    *,
    action: str,
    due_at: datetime,
    identifiers: dict[str, str],
    request_id: str | None = None,
    lang: str = "nl",
    by: Principal,
) -> list[Task]:
    """One open task per target; audited as one entry (counts and targets, never who)."""
    made = []
    for target in found:
        task = Task(request_id=request_id, target=target.key, target_kind=target.kind, reach=target.reach,
                    name=name_of(vault.register, target.kind, target.key, lang),
                    owner=target.owner, action=action, activities=list(target.activities), due_at=due_at,
                    next_attempt_at=now() if target.reach == "webhook" else None)  # fmt: skip
        unit.data.add(task)
        made.append(task)
    if made:
        unit.data.flush()
        for task in made:
            task.identifiers = _seal(vault, task.id, identifiers)
        vault.audit(unit, by.actor, TasksCreated(request_id, action, tuple(sorted(t.target for t in made))))
    return made


def require(unit: Unit, task_id: int) -> Task:
    task = unit.data.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"task {task_id} not found")
    return task


def require_open(unit: Unit, task_id: int) -> Task:
    task = require(unit, task_id)
    if task.status != "open":
        raise RefusedError(f"task {task_id} is already {task.status}")
    return task


def close(vault: Vault, unit: Unit, task_id: int, status: str, note: str, *, by: Principal,
          evidence: tuple[str, bytes] | None = None) -> Task:  # fmt: skip
    """Done (with evidence: a note, perhaps an attachment) or refused (with the reason). The person's
    identifiers go with it."""
    if status not in ("done", "refused"):
        raise InputError(f"status: '{status}' is not done or refused")
    if not note.strip():
        raise InputError("note: say what was done (or, refusing, why not)")
    task = require_open(unit, task_id)
    if evidence is not None:
        name, data = evidence
        if len(data) > MAX_EVIDENCE:
            raise InputError(f"evidence: {name} is over {MAX_EVIDENCE // 1_000_000} MB")
        task.evidence_name, task.evidence = name, data
    task.status, task.note, task.closed_at, task.closed_by = status, note.strip()[:2000], now(), by.actor
    task.identifiers, task.next_attempt_at = None, None
    digest = hashlib.sha256(task.evidence).hexdigest() if task.evidence else None
    vault.audit(unit, by.actor, TaskClosed(task.id, task.request_id, task.target, status, digest))
    return task


def listed(
    unit: Unit,
    *,
    owners: Iterable[str] | None = None,
    overdue: bool = False,
    closed: bool = False,
    request_id: str | None = None,
    dead: bool = False,
    at: datetime | None = None,
) -> list[TaskView]:
    moment = at or now()
    query = select(Task).order_by(Task.due_at, Task.id)
    if request_id is not None:
        query = query.where(Task.request_id == request_id)
    elif not closed:
        query = query.where(Task.status == "open")
    if overdue:
        query = query.where(Task.status == "open", Task.due_at < moment)
    if owners is not None:
        query = query.where(Task.owner.in_(list(owners)))
    if dead:
        query = query.where(Task.dead_at.is_not(None))
    return [view(task) for task in unit.data.execute(query).scalars()]


def view(task: Task) -> TaskView:
    return TaskView(
        task.id, task.request_id, task.target, task.target_kind, task.name,
        task.reach, task.owner, task.action, task.activities, task.due_at, task.status, task.note,
        task.evidence_name, task.attempts, task.last_error, task.dead_at is not None,
    )  # fmt: skip
