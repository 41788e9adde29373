"""`waarborg demo`: the seed registers summarised, then a demo vault on SQLite served over HTTP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from waarborg.cli import output
from waarborg.cli.context import bad_input

if TYPE_CHECKING:
    from waarborg.vault.service import Unit, Vault


def run(
    registers: Path, lang: str, *, serve: bool, vault_register: Path | None, subjects: int, folder: Path, port: int
) -> None:
    from waarborg.register.loader import load_register
    from waarborg.register.summary import summarise

    files = sorted(registers.glob("*.yaml")) if registers.is_dir() else []
    if not files:
        bad_input(f"{registers}: no register files (*.yaml) found")
    output.summaries([summarise(load_register(file)) for file in files], lang)
    chosen = vault_register or files[0]
    token, db_url = build_vault(chosen, subjects, folder)
    typer.echo(f"\nDemo vault: {subjects} synthetic people for {chosen} in {db_url}")
    typer.echo(f"API key (reads and writes every activity): {token}")
    typer.echo("\nThe command line on this demo (in another terminal):")
    typer.echo(f"  export WAARBORG_DB={db_url} WAARBORG_REGISTER={chosen.resolve()} "
               f"WAARBORG_KEY_FILE={(folder / 'waarborg.key').resolve()}")  # fmt: skip
    if not serve:
        return
    typer.echo(f"\nOpen:      http://127.0.0.1:{port}/   (the portal, the privacy office and the demo sign-ins)")
    typer.echo(f"Mail:      {folder / 'outbox'} (the portal's links and the answers, as .eml files)")
    typer.echo(f"API docs:  http://127.0.0.1:{port}/docs")
    typer.echo(
        f"Try:       curl -H 'Authorization: Bearer {token}' 'http://127.0.0.1:{port}/api/v1/subjects?email=...'"
    )
    import os

    import uvicorn

    from waarborg.runtime import Runtime

    os.environ.update({
        "WAARBORG_DB": db_url, "WAARBORG_REGISTER": str(chosen), "WAARBORG_KEY_FILE": str(folder / "waarborg.key"),
        "WAARBORG_SMTP_URL": f"outbox:{folder / 'outbox'}", "WAARBORG_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WAARBORG_DEMO": str(folder / "demo.json"),
    })  # fmt: skip
    os.environ.pop("WAARBORG_MASTER_KEY", None)
    uvicorn.run("waarborg.web.app:app_from_environment", factory=True, host="127.0.0.1", port=port,
                **Runtime.from_environment(trusted_proxies="").server_options())  # fmt: skip


def build_vault(register_file: Path, subjects: int, folder: Path) -> tuple[str, str]:
    """A fresh demo database with synthetic people and an all-activities API key."""
    from waarborg import migrations
    from waarborg.demo import fill
    from waarborg.register.loader import load_register
    from waarborg.vault.apikeys import create_key
    from waarborg.vault.masterkey import load_master_key
    from waarborg.vault.service import Vault

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db_url = f"sqlite:///{folder / 'waarborg.db'}"
    register = load_register(register_file).register
    migrations.upgrade(db_url)
    key = load_master_key(None, folder / "waarborg.key", create=True).key
    with Vault.open(register, db_url, master_key=key, keystore_url=f"sqlite:///{folder / 'waarborg.keys.db'}") as vault:
        fill(vault, subjects)
        with vault.unit() as unit:
            token = create_key(unit.data, register, "demo", list(register.activities), can_read=True)
            demo = demo_people(vault, unit)
    (folder / "demo.json").write_text(json.dumps(demo, indent=2), encoding="utf-8")
    return token, db_url


DEMO_PASSWORD = "demo-wachtwoord-2026"


def demo_people(vault: Vault, unit: Unit) -> dict[str, list[Any]]:
    """Staff sign-ins for the DPO and every role (a scoped role sees the first people's values), and a few
    people's e-mail addresses to try the portal with. Demo data only: synthetic, with a published password."""

    from waarborg.access.policy import operator
    from waarborg.access.users import DPO, add_user
    from waarborg.vault import store

    first = store.recent_subjects(unit, 40)
    emails = [who["email"] for who in vault.identifiers_of(unit, first).values() if "email" in who][:3]
    signins = [{"username": "dpo", "password": DEMO_PASSWORD, "role": DPO}]
    add_user(unit.data, vault.register, "dpo", DPO, DEMO_PASSWORD)
    for role, spec in vault.register.roles.items():
        scope: list[str] = []
        if spec.scope is not None:
            linked = spec.scope.linked_by
            for subject in first:  # the first value of the linked field among the newest people
                view = vault.get_subject(unit, subject, by=operator("demo"))
                values = [r.values[linked] for r in view.records if r.values and linked in r.values]
                if values:
                    scope = [str(values[0])]
                    break
            if not scope:
                continue
        add_user(unit.data, vault.register, role, role, DEMO_PASSWORD, scope)
        signins.append({"username": role, "password": DEMO_PASSWORD, "role": role})
    return {"signins": signins, "people": emails}
