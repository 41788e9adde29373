"""What every CLI command needs: the global options, the register, the vault.

Commands raise; `cli.app.Commands` turns a WaarborgError into its lines on stderr and its exit code."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from waarborg.register.loader import LoadedRegister
    from waarborg.runtime import Runtime
    from waarborg.vault.service import Unit, Vault


class State:
    register: Path | None = None
    db: str = "sqlite:///waarborg.db"
    built: Runtime | None = None  # per command: the root callback clears it


state = State()


def runtime() -> Runtime:
    """The command's runtime (settings, mail, public address), built on first use from the environment and
    the global options."""
    from waarborg.runtime import Runtime

    if state.built is None:
        state.built = Runtime.from_environment(db=state.db)
    return state.built


def bad_input(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def register_path(given: Path | None) -> Path:
    path = given or state.register
    if path is None:
        bad_input("no register given: pass REGISTER, --register PATH or set WAARBORG_REGISTER")
    return path


def load(path: Path | None) -> LoadedRegister:
    from waarborg.register.loader import load_register

    return load_register(register_path(path))


def open_vault() -> Vault:
    """The vault of --db with --register; refuses a database that has not been migrated."""
    from waarborg import migrations
    from waarborg.access.policy import operator

    running = runtime()
    register = load(None).register
    running.check_databases(exist=True)
    if migrations.current(running.db) is None:
        bad_input(f"the database {safe_url(running.db)} has no Waarborg tables yet: run `waarborg db upgrade`")
    vault = running.open_vault(register, running.master_key())
    with vault.unit() as unit:
        vault.note_register(unit, operator(cli_actor()))
    return vault


def announce_key(created: Path | None) -> None:
    if created:
        typer.echo(f"created a new master key in {created} (mode 600): back it up apart from the database; "
                   "without it the data cannot be read", err=True)  # fmt: skip


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the given database"


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def cli_actor() -> str:
    """How a command-line user appears in the audit trail: the operating-system account."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def time_option(value: str | None, option: str, *, past: bool = False) -> datetime | None:
    """An ISO 8601 option value (a date means 00:00 Amsterdam; with ``past`` not in the future), or None when
    it was not given."""
    from waarborg.core.timeutil import parse_time

    if value is None:
        return None
    return parse_time(value, option, past=past)


def subject_by_email(vault: Vault, unit: Unit, email: str) -> str:
    """The subject with this e-mail address, for the operator at this terminal; exit 2 when there is none."""
    from waarborg.access.policy import operator

    found = vault.find_subject(unit, "email", email, by=operator(cli_actor()))
    if found is None:
        bad_input("no subject with that e-mail address")
    return found


def json_object(raw: str, option: str, example: str) -> dict[str, Any]:
    """An option's JSON object, or exit 2 saying where the JSON is wrong."""
    try:
        loaded = json.loads(raw)
    except json.JSONDecodeError as error:
        bad_input(f"{option}: not JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    if not isinstance(loaded, dict):
        bad_input(f"{option}: give a JSON object, e.g. '{example}'")
    return loaded
