"""Tasks over HTTP: staff see and close theirs (a staff token), and webhook systems call back (signed).

A task closed here that was the last open one of a request sends that request's answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from pydantic import Field

from waarborg.access import policy
from waarborg.access.policy import Principal
from waarborg.access.tokens import user_for_token
from waarborg.access.users import DPO, StaffUser
from waarborg.core.errors import ForbiddenError, UnauthorisedError
from waarborg.core.timeutil import now
from waarborg.rights import fulfil
from waarborg.rights.fulfil import Send
from waarborg.systems import webhooks
from waarborg.vault import tasks
from waarborg.vault.service import Unit, Vault
from waarborg.web.api import RuntimeDep, VaultDep, in_unit, runtime_of, vault_of
from waarborg.web.inputs import ERRORS, Input, TaskId

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"], responses=ERRORS)


Authorization = Annotated[str | None, Header()]


def staff_of(unit: Unit, authorization: str | None) -> StaffUser:
    token = authorization.removeprefix("Bearer ").strip() if authorization else ""
    if not token.startswith("wbu_"):
        raise UnauthorisedError("tasks are for staff: send a staff token (waarborg user token NAME)")
    return user_for_token(unit.data, token)


class CloseIn(Input):
    note: str = Field(min_length=1, max_length=2000, description="What was done, or why it was not.")
    evidence: str | None = Field(None, max_length=100_000, description="Evidence as text (a log, a confirmation).")


def owners(user: StaffUser) -> set[str] | None:
    """Whose tasks the user works: their own and their role's; the privacy officer's: all."""
    return None if user.role == DPO else {user.username, user.role}


@router.get("")
async def list_tasks(
    request: Request, overdue: bool = False, dead: bool = False, authorization: Authorization = None
) -> list[dict[str, Any]]:
    """Open tasks for the caller (all of them for the privacy officer), by due date."""

    def job(_vault: Vault, work: Unit) -> list[dict[str, Any]]:
        user = staff_of(work, authorization)
        return [t.as_dict() for t in tasks.listed(work, owners=owners(user), overdue=overdue, dead=dead)]

    return await in_unit(request, job)


def _close(
    vault: Vault, send: Send, task_id: int, status: str, body: CloseIn, authorization: str | None
) -> dict[str, Any]:
    """Who asks and the close, in one transaction committed before the answer; then the request's answer
    when this was its last open task (a mail, sent after the commit, in a transaction of its own)."""
    with vault.unit() as unit:
        user = staff_of(unit, authorization)
        by = policy.for_user(vault.register, user)
        task = tasks.require(unit, task_id)
        mine = owners(user)
        if mine is not None and task.owner not in mine:
            raise ForbiddenError(f"task {task_id} is for {task.owner}")
        evidence = ("evidence.txt", body.evidence.encode()) if body.evidence else None
        closed = tasks.close(vault, unit, task_id, status, body.note, by=by, evidence=evidence)
        request_id, result = closed.request_id, tasks.view(closed).as_dict()
    _answer_if_done(vault, send, request_id, by)
    return result


def _answer_if_done(vault: Vault, send: Send, request_id: str | None, by: Principal) -> None:
    fulfil.close_if_done(vault, send, request_id, by=policy.operator(by.actor))


@router.post("/{task_id}/done")
def task_done(
    task_id: TaskId, body: CloseIn, vault: VaultDep, running: RuntimeDep, authorization: Authorization = None
) -> dict[str, Any]:
    return _close(vault, running.send, task_id, "done", body, authorization)


@router.post("/{task_id}/refuse")
def task_refuse(
    task_id: TaskId, body: CloseIn, vault: VaultDep, running: RuntimeDep, authorization: Authorization = None
) -> dict[str, Any]:
    return _close(vault, running.send, task_id, "refused", body, authorization)


@router.post("/{task_id}/callback")
async def task_callback(task_id: TaskId, request: Request) -> dict[str, Any]:
    """A webhook system reports (signed like the message it got: see docs/systems.md)."""
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}
    return await run_in_threadpool(_callback, vault_of(request), runtime_of(request).send, task_id, headers, body)


def _callback(vault: Vault, send: Send, task_id: int, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    with vault.unit() as unit:
        closed = webhooks.callback(vault, unit, task_id, headers, body, now())
        request_id, result = closed.request_id, {"task": closed.id, "status": closed.status}
    _answer_if_done(vault, send, request_id, Principal(f"system:{result['task']}", frozenset()))
    return result
