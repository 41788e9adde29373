"""A request's work outside Waarborg: one task per system, processor and (Art 19) recipient, and the SQL
systems Waarborg reaches itself (their erasure at once, their export into the access package)."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import select

from waarborg.access.policy import Principal
from waarborg.core.errors import InputError
from waarborg.rights.models import Request
from waarborg.systems.connector import Connector
from waarborg.vault import tasks
from waarborg.vault.models import Record, Task
from waarborg.vault.service import Unit, Vault

TASKED = ("access", "rectification", "erasure", "restriction", "portability")


def before(vault: Vault, unit: Unit, request: Request, scope: list[str] | None) -> tuple[list[str], dict[str, str]]:
    """What the tasks need, taken before the work changes it: the person's activities and identifiers."""
    if request.subject_id is None:
        return [], {}
    held = set(unit.data.execute(select(Record.activity).where(Record.subject_id == request.subject_id)).scalars())
    activities = sorted(a for a in held if scope is None or a in scope)
    return activities, tasks.people(vault, unit, [request.subject_id]).get(request.subject_id, {})


def give(vault: Vault, unit: Unit, request: Request, activities: list[str], who: dict[str, str],
         by: Principal) -> list[Task]:  # fmt: skip
    """The request's tasks; SQL erasures are carried out at once and closed with their counts."""
    if request.kind not in TASKED or not activities or not who:
        return []
    action = "access" if request.kind == "portability" else request.kind
    found = tasks.targets(vault.register, activities, action)
    made = tasks.create(vault, unit, found, action=action, due_at=request.due_at, identifiers=who,
                        request_id=request.id, lang=request.lang, by=by)  # fmt: skip
    for task in made:
        if task.reach == "sql" and action == "erasure":
            counts = connector(vault, task.target).erase(who)
            tasks.close(vault, unit, task.id, "done", _counts(counts, "erased"), by=by)
    return made


def exports(vault: Vault, unit: Unit, request: Request, by: Principal) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The rows each SQL system holds of the person, for the access package; their tasks close with the counts."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    query = select(Task).where(Task.request_id == request.id, Task.reach == "sql", Task.action == "access",
                               Task.status == "open")  # fmt: skip
    for task in list(unit.data.execute(query).scalars()):
        rows = connector(vault, task.target).export(tasks.identifiers_of(vault, task))
        found[task.name] = rows
        counts = {table: {"exported": len(items)} for table, items in rows.items()}
        tasks.close(vault, unit, task.id, "done", _counts(counts, "exported"), by=by)
    return found


def connector(vault: Vault, key: str) -> Connector:
    system = vault.register.systems[key]
    assert system.sql is not None
    url = os.environ.get(system.sql.url_env)
    if not url:
        raise InputError(f"{system.sql.url_env} is not set: the database URL of '{system.name}'")
    return Connector(system.sql, url, vault.ring.links_key)


def _counts(counts: dict[str, dict[str, int]], what: str) -> str:
    parts = [f"{table}: " + ", ".join(f"{n} {k}" for k, n in sorted(c.items())) for table, c in sorted(counts.items())]
    return f"{what} by the SQL connector; " + ("; ".join(parts) if parts else "no rows found")
