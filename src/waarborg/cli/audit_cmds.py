"""`waarborg audit verify` and `waarborg audit show --subject ID`."""

from __future__ import annotations

from typing import Annotated

import typer

from waarborg.cli.context import bad_input, open_vault, print_json

audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the whole chain; name every edited, deleted, inserted or moved entry (exit 1)."""
    from waarborg.access.audit import verify

    with open_vault() as vault, vault.unit() as unit:
        problems = verify(unit.data, vault.ring.audit_key)
        count = vault.audit_count(unit)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"audit trail intact: {count} entries")


@audit_app.command("show")
def audit_show(
    subject: Annotated[str, typer.Option("--subject", help="Subject id: who did what with this person's data.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Who looked at or changed one subject's data, oldest first (for access requests and the AP)."""
    from waarborg.access.audit import entries_for

    if fmt not in ("text", "json"):
        bad_input(f"--format: '{fmt}' is not text or json")
    with open_vault() as vault, vault.unit() as unit:
        rows = [
            {"seq": e.seq, "at": e.at.isoformat(), "kind": e.kind, "actor": e.actor, "detail": e.payload}
            for e in entries_for(unit.data, subject)
        ]
    if fmt == "json":
        print_json(rows)
        return
    for entry in rows:
        at = str(entry["at"])[:19]
        typer.echo(f"{entry['seq']:>6}  {at}  {entry['kind']!s:<16} {entry['actor']!s:<24} {entry['detail']}")
