"""Vault commands: db upgrade, record add, event add, subject show, import, key rotate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from waarborg.access.policy import operator
from waarborg.cli.context import (
    bad_input,
    cli_actor,
    json_object,
    open_vault,
    print_json,
    safe_url,
    state,
    subject_by_email,
    time_option,
)

db_app = typer.Typer(help="The database: create or migrate its tables.", no_args_is_help=True)
record_app = typer.Typer(help="Records: personal data submitted for one activity.", no_args_is_help=True)
event_app = typer.Typer(help="Lifecycle events (course ended, unsubscribed, ...).", no_args_is_help=True)
subject_app = typer.Typer(help="Subjects: the people whose data the vault holds.", no_args_is_help=True)
key_app = typer.Typer(help="The master key.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys for websites and scripts.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database tables to the current version, and set up the key store (with a new
    master key file when neither WAARBORG_MASTER_KEY nor the key file is there)."""
    from waarborg import migrations
    from waarborg.cli.context import announce_key, runtime
    from waarborg.vault.masterkey import prepare_keystore

    running = runtime()
    running.check_databases(exist=False)
    migrations.upgrade(state.db)
    source = running.master_key(create=True)
    prepare_keystore(running.keystore_url(), source.key)
    announce_key(source.created_file)
    typer.echo(f"{safe_url(state.db)}: at revision {migrations.current(state.db)}")


@record_app.command("add")
def record_add(
    activity: Annotated[str, typer.Option("--activity", help="The register's activity key.")],
    data: Annotated[str, typer.Option("--data", help='Field values as a JSON object, e.g. \'{"email": "..."}\'.')],
    collected_at: Annotated[str | None, typer.Option("--collected-at", help="ISO 8601; default now.")] = None,
    source: Annotated[str, typer.Option("--source", help="Where the data came from.")] = "data_subject",
) -> None:
    """Add one record; prints {"subject_id", "record_id", "due_at", "flagged"} (flagged: 'field:KIND' the PII
    guard found in free-text fields)."""
    values = json_object(data, "--data", '{"email": "an@example.nl"}')
    when = time_option(collected_at, "--collected-at", past=True)
    with open_vault() as vault:
        with vault.unit() as unit:
            added = vault.add_record(unit, activity, values, collected_at=when, source=source, by=operator(cli_actor()))
            due = vault.record_due_at(unit, added.record_id)
        print_json({"subject_id": added.subject_id, "record_id": added.record_id,
                    "due_at": due.isoformat() if due else None, "flagged": list(added.flags)})  # fmt: skip


@event_app.command("add")
def event_add(
    subject: Annotated[str, typer.Option("--subject", help="Subject id.")],
    event: Annotated[str, typer.Option("--event", help="An event the register declares.")],
    activity: Annotated[str | None, typer.Option("--activity", help="Limit to one activity.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="ISO 8601; default now.")] = None,
) -> None:
    """Record a lifecycle event for a subject."""
    when = time_option(at, "--at", past=True)
    with open_vault() as vault:
        with vault.unit() as unit:
            event_id = vault.add_event(unit, subject, event, at=when, activity=activity, by=operator(cli_actor()))
        print_json({"event_id": event_id, "subject_id": subject, "event": event})


@subject_app.command("show")
def subject_show(
    subject_id: Annotated[str | None, typer.Argument(help="Subject id.", show_default=False)] = None,
    email: Annotated[str | None, typer.Option("--email", help="Find the subject by e-mail address.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show a subject: identifiers, records with their values and due dates, events."""
    if (subject_id is None) == (email is None):
        bad_input("give a subject ID or --email, not both")
    if fmt not in ("text", "json"):
        bad_input(f"--format: '{fmt}' is not text or json")
    with open_vault() as vault:
        with vault.unit() as unit:
            found = subject_id or subject_by_email(vault, unit, email or "")
            view = vault.get_subject(unit, found, by=operator(cli_actor()))
        from waarborg.cli import vault_output

        if fmt == "json":
            print_json(vault_output.subject_dict(view, vault.register))
        else:
            vault_output.subject(view, vault.register)


@key_app.command("rotate")
def key_rotate() -> None:
    """Wrap every data key under a new master key; the old key file is kept as *.previous."""
    from waarborg.cli import key_rotation

    key_rotation.rotate()


def import_command(
    file: Annotated[Path, typer.Argument(help="A .csv (header = field names) or .jsonl file.", show_default=False)],
    activity: Annotated[str, typer.Option("--activity", help="The register's activity key.")],
    on_error: Annotated[str, typer.Option("--on-error", help="skip the bad row, or stop at it.")] = "skip",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=100_000, help="Rows per transaction.")] = 2000,
) -> None:
    """Import records from a file: progress bar, one transaction per batch, resumable after interruption."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from waarborg.vault.importer import count_lines, import_file

    if on_error not in ("skip", "stop"):
        bad_input(f"--on-error: '{on_error}' is not skip or stop")
    if not file.is_file():
        bad_input(f"{file}: no such file")
    with open_vault() as vault:
        total = count_lines(file)
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task(f"import {file.name}", total=total)
            result = import_file(
                vault,
                activity,
                file,
                on_error=on_error,  # type: ignore[arg-type]
                batch_size=batch_size,
                progress=lambda line: bar.update(task, completed=line),
            )
        for problem in result.problems:
            typer.echo(problem, err=True)
        if result.already_done:
            typer.echo(f"{file}: already imported into '{activity}'; nothing to do", err=True)
        print_json(
            {
                "activity": activity,
                "imported": result.imported,
                "skipped": result.skipped,
                "resumed_from_line": result.resumed_from,
            }
        )


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option("--name", help="Who uses it, e.g. 'website'.")],
    activities: Annotated[str, typer.Option("--activities", help="Comma-separated activity keys it may add to.")],
    read: Annotated[bool, typer.Option("--read", help="May also read subjects of those activities.")] = False,
) -> None:
    """Create an API key; the key is printed once and stored only as a hash."""
    from waarborg.vault.apikeys import create_key

    with open_vault() as vault:
        with vault.unit() as unit:
            token = create_key(
                unit.data, vault.register, name, [a.strip() for a in activities.split(",") if a.strip()], read
            )
        typer.echo("store this key now; it cannot be shown again:", err=True)
        typer.echo(token)


@apikey_app.command("list")
def apikey_list() -> None:
    """List API keys (never the keys themselves)."""
    from waarborg.vault.apikeys import list_keys

    with open_vault() as vault:
        with vault.unit() as unit:
            rows = [
                {
                    "id": k.id,
                    "name": k.name,
                    "prefix": k.prefix,
                    "activities": k.activities,
                    "read": k.can_read,
                    "created_at": k.created_at.isoformat(),
                    "revoked": k.revoked_at is not None,
                }
                for k in list_keys(unit.data)
            ]
        print_json(rows)


@apikey_app.command("revoke")
def apikey_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (from `apikey list`).")]) -> None:
    """Revoke an API key at once."""
    from waarborg.vault.apikeys import revoke_key

    with open_vault() as vault:
        with vault.unit() as unit:
            revoke_key(unit.data, key_id)
        typer.echo(f"revoked {key_id}", err=True)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
    sweep_at: Annotated[
        str,
        typer.Option(
            "--sweep-at", envvar="WAARBORG_SWEEP_AT", help="Daily retention sweep, HH:MM Amsterdam time, or 'off'."
        ),
    ] = "03:00",
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs). Stateless: run several behind a load balancer.

    Every day at --sweep-at one of the servers (whichever takes the lease first) runs the retention sweep.
    """
    import os

    import uvicorn

    from waarborg.cli.context import register_path, runtime
    from waarborg.retention.schedule import parse_at

    parse_at(sweep_at)
    options = runtime().server_options()
    os.environ["WAARBORG_SWEEP_AT"] = sweep_at

    os.environ["WAARBORG_REGISTER"] = str(register_path(None))
    os.environ["WAARBORG_DB"] = state.db
    open_vault().close()  # fail early, with a clear message, on a bad register, key or database
    uvicorn.run(
        "waarborg.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **options,
    )
