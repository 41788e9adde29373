"""`waarborg demo`: the registers checked and summarised; with --build a demo vault of synthetic people on
SQLite, with --serve that vault served over HTTP (the portal, the privacy office and the API)."""

from __future__ import annotations

import socket
from pathlib import Path

import typer

from waarborg.cli import output
from waarborg.cli.context import bad_input


def run(
    registers: Path,
    lang: str,
    *,
    serve: bool,
    build: bool,
    vault_register: Path | None,
    subjects: int,
    folder: Path,
    port: int,
    seed: int,
) -> None:
    from waarborg.register.loader import load_register
    from waarborg.register.summary import summarise

    files = sorted(registers.glob("*.yaml")) if registers.is_dir() else []
    if not files:
        bad_input(f"{registers}: no register files (*.yaml) found")
    output.summaries([summarise(load_register(file)) for file in files], lang)
    if not (serve or build):
        return
    if serve:
        refuse_a_taken_port(port)
    chosen = vault_register or files[0]
    token, db_url = build_vault(chosen, subjects, folder, seed=seed, port=port)
    typer.echo(f"\nDemo vault: {subjects} synthetic people for {chosen} in {db_url}")
    typer.echo(f"API key (reads and writes every activity): {token}")
    typer.echo("\nThe command line on this demo (in another terminal):")
    typer.echo(f"  export WAARBORG_DB={db_url} WAARBORG_REGISTER={chosen.resolve()} "
               f"WAARBORG_KEY_FILE={(folder / 'waarborg.key').resolve()}")  # fmt: skip
    if serve:
        serve_demo(chosen, folder, db_url, token, port)


def refuse_a_taken_port(port: int) -> None:
    """Say so before building anything when another server (another `make demo`) has the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            bad_input(f"port {port} is in use (is the demo already running?); choose another with --port")


def serve_demo(chosen: Path, folder: Path, db_url: str, token: str, port: int) -> None:
    import os

    import uvicorn

    from waarborg.runtime import Runtime

    typer.echo(f"\nOpen:      http://127.0.0.1:{port}/   (the portal, the privacy office and who shows what)")
    typer.echo(f"Mail:      {folder / 'outbox'} (the portal's links and the answers, as .eml files)")
    typer.echo(f"API docs:  http://127.0.0.1:{port}/docs")
    typer.echo(
        f"Try:       curl -H 'Authorization: Bearer {token}' 'http://127.0.0.1:{port}/api/v1/subjects?email=an@example.nl'"
    )
    os.environ.update({
        "WAARBORG_DB": db_url, "WAARBORG_REGISTER": str(chosen), "WAARBORG_KEY_FILE": str(folder / "waarborg.key"),
        "WAARBORG_SMTP_URL": f"outbox:{folder / 'outbox'}", "WAARBORG_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WAARBORG_DEMO": str(folder / "demo.json"),
    })  # fmt: skip
    os.environ.pop("WAARBORG_MASTER_KEY", None)
    uvicorn.run("waarborg.web.app:app_from_environment", factory=True, host="127.0.0.1", port=port,
                **Runtime.from_environment(trusted_proxies="").server_options())  # fmt: skip


def build_vault(
    register_file: Path, subjects: int, folder: Path, *, seed: int = 7, port: int = 8000
) -> tuple[str, str]:
    """A fresh demo folder: the vault with the crowd and the story, and an all-activities API key."""
    from waarborg.demo.build import build_vault as build

    built = build(register_file, subjects, folder, seed=seed, base_url=f"http://127.0.0.1:{port}")
    return built.token, built.db_url
