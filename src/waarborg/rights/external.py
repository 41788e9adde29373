"""A request's work outside Waarborg: one task per system, processor and (Art 19) recipient, and the SQL
systems Waarborg reaches itself (their erasure at once, their export into the access package)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from waarborg.access.policy import Principal
from waarborg.rights.models import Request
from waarborg.systems.sqltasks import connector, counted
from waarborg.vault import store, tasks
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Task

TASKED = ("access", "rectification", "erasure", "restriction", "portability")


def before(vault: Vault, unit: Unit, request: Request, scope: list[str] | None) -> tuple[list[str], dict[str, str]]:
    """What the tasks need, taken before the work changes it: the person's activities and identifiers."""
    if request.subject_id is None:
        return [], {}
    held = store.activities_of(unit, request.subject_id)
    activities = sorted(a for a in held if scope is None or a in scope)
    return activities, vault.identifiers_of(unit, [request.subject_id]).get(request.subject_id, {})


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
            with connector(vault, task.target) as system:
                counts = system.erase(who)
            tasks.close(vault, unit, task.id, "done", counted(counts, "erased"), by=by)
    return made


def exports(vault: Vault, unit: Unit, request: Request, by: Principal) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The rows each SQL system holds of the person, for the access package; their tasks close with the counts."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    query = select(Task).where(Task.request_id == request.id, Task.reach == "sql", Task.action == "access",
                               Task.status == "open")  # fmt: skip
    for task in list(unit.data.execute(query).scalars()):
        with connector(vault, task.target) as system:
            rows = system.export(tasks.identifiers_of(vault, task))
        found[task.name] = rows
        counts = {table: {"exported": len(items)} for table, items in rows.items()}
        tasks.close(vault, unit, task.id, "done", counted(counts, "exported"), by=by)
    return found
