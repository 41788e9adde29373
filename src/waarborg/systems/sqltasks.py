"""Tasks for SQL systems that Waarborg carries out itself.

A request's erasure and export run while the request is fulfilled (``rights.external``). The tasks the
retention sweep gives (``delete``) are carried out here, by ``waarborg task deliver`` and every minute by the
server: the person's rows are erased (masked where the law keeps them) and the task closes with the counts.
Other retention steps on a SQL system (anonymise, minimise, delete_fields, restrict) stay with its owner:
which columns they mean there is not in the register.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select

from waarborg.access.policy import Principal
from waarborg.core.errors import InputError
from waarborg.systems.connector import Connector
from waarborg.vault import tasks
from waarborg.vault.service import Vault
from waarborg.vault.tables import Task

ERASING = ("erasure", "delete")


@contextmanager
def connector(vault: Vault, key: str) -> Iterator[Connector]:
    """The connector of a ``sql`` system, its URL from the environment variable the register names; closed
    (its connections released) when the block ends."""
    system = vault.register.systems[key]
    assert system.sql is not None
    url = os.environ.get(system.sql.url_env)
    if not url:
        raise InputError(f"{system.sql.url_env} is not set: the database URL of '{system.name}'")
    made = Connector(system.sql, url, vault.ring.links_key)
    try:
        yield made
    finally:
        made.close()


def counted(counts: dict[str, dict[str, int]], what: str) -> str:
    """A task's evidence in words: what the connector did per table."""
    parts = [f"{table}: " + ", ".join(f"{n} {k}" for k, n in sorted(c.items())) for table, c in sorted(counts.items())]
    return f"{what} by the SQL connector; " + ("; ".join(parts) if parts else "no rows found")


def run_due(vault: Vault, at: datetime, *, by: Principal) -> int:
    """Erase for every open SQL task that erases; a batch runner that commits each task in its own transaction
    (one system that fails does not undo the others). Returns how many were done."""
    with vault.unit() as unit:
        due = list(unit.data.execute(
            select(Task.id).where(Task.reach == "sql", Task.status == "open", Task.action.in_(ERASING),
                                  Task.created_at <= at).order_by(Task.id)
        ).scalars())  # fmt: skip
    done = 0
    for task_id in due:
        with vault.unit() as unit:
            task = tasks.require(unit, task_id)
            if task.status != "open" or task.target not in vault.register.systems:
                continue
            with connector(vault, task.target) as made:
                counts = made.erase(tasks.identifiers_of(vault, task))
            tasks.close(vault, unit, task_id, "done", counted(counts, "erased"), by=by)
            done += 1
    return done
