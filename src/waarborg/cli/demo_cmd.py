"""`waarborg demo`: the seed registers summarised, then a demo vault on SQLite served over HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from waarborg.cli import output
from waarborg.cli.context import bad_input, fail
from waarborg.core.errors import WaarborgError


def run(
    registers: Path, lang: str, *, serve: bool, vault_register: Path | None, subjects: int, folder: Path, port: int
) -> None:
    from waarborg.register.loader import load_register
    from waarborg.register.summary import summarise

    files = sorted(registers.glob("*.yaml")) if registers.is_dir() else []
    if not files:
        bad_input(f"{registers}: no register files (*.yaml) found")
    try:
        output.summaries([summarise(load_register(file)) for file in files], lang)
    except WaarborgError as error:
        fail(error)
    chosen = vault_register or files[0]
    token, db_url = build_vault(chosen, subjects, folder)
    typer.echo(f"\nDemo vault: {subjects} synthetic people for {chosen} in {db_url}")
    typer.echo(f"API key (reads and writes every activity): {token}")
    if not serve:
        return
    typer.echo(f"API docs:  http://127.0.0.1:{port}/docs")
    typer.echo(
        f"Try:       curl -H 'Authorization: Bearer {token}' 'http://127.0.0.1:{port}/api/v1/subjects?email=...'"
    )
    import os

    import uvicorn

    os.environ.update(
        {"WAARBORG_DB": db_url, "WAARBORG_REGISTER": str(chosen), "WAARBORG_KEY_FILE": str(folder / "waarborg.key")}
    )
    os.environ.pop("WAARBORG_MASTER_KEY", None)
    uvicorn.run("waarborg.web.app:app_from_environment", factory=True, host="127.0.0.1", port=port, access_log=False)


def build_vault(register_file: Path, subjects: int, folder: Path) -> tuple[str, str]:
    """A fresh demo database with synthetic people and an all-activities API key."""
    from waarborg import migrations
    from waarborg.demo import fill
    from waarborg.register.loader import load_register
    from waarborg.vault.apikeys import create_key
    from waarborg.vault.crypto import load_master_key
    from waarborg.vault.service import Vault

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db_url = f"sqlite:///{folder / 'waarborg.db'}"
    try:
        register = load_register(register_file).register
        migrations.upgrade(db_url)
        key = load_master_key(None, folder / "waarborg.key").key
        with Vault.open(
            register, db_url, master_key=key, keystore_url=f"sqlite:///{folder / 'waarborg.keys.db'}"
        ) as vault:
            fill(vault, subjects)
            with vault.unit() as unit:
                token = create_key(unit.data, register, "demo", list(register.activities), can_read=True)
    except WaarborgError as error:
        fail(error)
    return token, db_url
