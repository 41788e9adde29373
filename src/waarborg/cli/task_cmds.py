"""`waarborg task list|done|refuse|deliver` and `waarborg request close`: work outside Waarborg."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from waarborg.cli.context import bad_input, cli_actor, open_vault, print_json, runtime, time_option
from waarborg.cli.request_cmds import ListFormat, send_mail

task_app = typer.Typer(help="Tasks for systems, processors and recipients: list, done, refuse, deliver.",
                       no_args_is_help=True)  # fmt: skip
TaskId = Annotated[
    int, typer.Argument(min=1, max=2**31 - 1, help="The task's number (from `task list` or `request show`).")
]


@task_app.command("list")
def task_list(
    mine: Annotated[bool, typer.Option("--mine", help="Only the tasks of --user (their name or role).")] = False,
    user: Annotated[str | None, typer.Option("--user", envvar="WAARBORG_USER", help="Your user name.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their due date.")] = False,
    dead: Annotated[bool, typer.Option("--dead", help="Only webhook tasks that could not be delivered.")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """Open tasks by due date: what, for which system, for whom to do, by when."""
    from sqlalchemy import select

    from waarborg.access.users import StaffUser
    from waarborg.vault import tasks

    with open_vault() as vault, vault.unit() as unit:
        owners = None
        if mine:
            if not user:
                bad_input("--mine needs --user NAME (or WAARBORG_USER)")
            found = unit.data.execute(select(StaffUser).where(StaffUser.username == user)).scalar_one_or_none()
            if found is None:
                bad_input(f"--user: no staff user '{user}'")
            owners = {found.username, found.role}
        rows = [t.as_dict() for t in tasks.listed(unit, owners=owners, overdue=overdue, dead=dead)]
    if fmt == ListFormat.json:
        print_json(rows)
        return
    for row in rows:
        late = " OVERDUE" if row["overdue"] else ""
        typer.echo(
            f"{row['id']:>5}  {row['action']:<13} {row['name']:<30} for {row['owner']}  due {row['due_at']}{late}"
        )
    if not rows:
        typer.echo("no open tasks")


def _close(task_id: int, status: str, note: str, attachment: Path | None) -> None:
    from waarborg.access.policy import operator
    from waarborg.rights import fulfil
    from waarborg.vault import tasks

    evidence = None
    if attachment is not None:
        if not attachment.is_file():
            bad_input(f"--attachment: {attachment} is not a file")
        evidence = (attachment.name, attachment.read_bytes())
    by = operator(cli_actor())
    deliver = send_mail()
    with open_vault() as vault:
        with vault.unit() as unit:
            closed = tasks.close(vault, unit, task_id, status, note, by=by, evidence=evidence)
            request_id, shown = closed.request_id, tasks.view(closed).as_dict()
        answered = fulfil.close_if_done(vault, deliver, request_id, by=by)
    print_json({**shown, "request_answered": answered is not None})


@task_app.command("done")
def task_done(
    task_id: TaskId,
    note: Annotated[str, typer.Option("--note", help="What was done (the evidence in words).")],
    attachment: Annotated[Path | None, typer.Option("--attachment", help="A file as evidence (max 5 MB).")] = None,
) -> None:
    """Mark a task done; when it was its request's last open task, the request's answer goes out."""
    _close(task_id, "done", note, attachment)


@task_app.command("refuse")
def task_refuse(
    task_id: TaskId, reason: Annotated[str, typer.Option("--reason", help="Why it cannot or need not be done.")]
) -> None:
    """Refuse a task with the reason (the answer to the person says so)."""
    _close(task_id, "refused", reason, None)


@task_app.command("deliver")
def task_deliver(
    now: Annotated[str | None, typer.Option("--now", help="As if at this time (ISO 8601).")] = None,
) -> None:
    """Post the webhook tasks that are due (new ones and retries; failures after six tries alert the DPO), and
    erase in the SQL systems the sweep gave tasks to."""
    from waarborg.access.policy import operator
    from waarborg.core.timeutil import now as current
    from waarborg.systems import sqltasks, webhooks

    at = time_option(now, "--now") or current()
    with open_vault() as vault:
        alert = webhooks.mail_alert(vault.register, send_mail())
        by = operator(cli_actor())
        report = webhooks.deliver_due(vault, at, base_url=runtime().public_url, by=by, alert=alert)
        erased = sqltasks.run_due(vault, at, by=by)
    print_json({**report.as_dict(), "sql_erased": erased})
