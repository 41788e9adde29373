"""`waarborg audit verify [--anchor FILE]`, `audit anchor`, `audit show --subject ID` and `audit export`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from waarborg.cli.context import bad_input, open_vault, print_json
from waarborg.core.files import write_private

if TYPE_CHECKING:
    from waarborg.access.audit import Anchor

audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify(
    anchor_file: Annotated[
        Path | None,
        typer.Option("--anchor", help="An anchor from `waarborg audit anchor`: also count what is missing since."),
    ] = None,
) -> None:
    """Check the whole chain; name every edited, deleted, inserted or moved entry (exit 1)."""
    from waarborg.access.audit import verify

    with open_vault() as vault, vault.unit() as unit:
        anchor = _read_anchor(anchor_file, vault.ring.audit_key) if anchor_file else None
        problems = verify(unit.data, vault.ring.audit_key, anchor)
        count = vault.audit_count(unit)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise typer.Exit(1)
    since = f"; it holds entry {anchor.seq}, the anchor's of {anchor.at:%Y-%m-%d %H:%M}" if anchor else ""
    typer.echo(f"audit trail intact: {count} entries{since}")


@audit_app.command("anchor")
def audit_anchor(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the anchor to this file (created 0600) instead.")
    ] = None,
) -> None:
    """Print a signed copy of the trail's head, to keep outside the database (a file elsewhere, a mail to the
    privacy officer). `audit verify --anchor FILE` then finds entries cut off or wiped since it was taken."""
    from waarborg.access.audit import anchor

    with open_vault() as vault, vault.unit() as unit:
        taken = anchor(unit.data, vault.ring.audit_key).as_dict()
    text = json.dumps(taken, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    write_private(output, text)
    typer.echo(f"anchor at entry {taken['seq']} written to {output}", err=True)


def _read_anchor(path: Path, key: bytes) -> Anchor:
    from waarborg.access.audit import Anchor

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Anchor.load(data if isinstance(data, dict) else {}, key)
    except OSError as error:
        bad_input(f"--anchor: cannot read {path}: {error.strerror}")
    except ValueError as error:
        bad_input(f"--anchor: {path}: {error}")


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


@audit_app.command("export")
def audit_export(
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    since: Annotated[str | None, typer.Option("--since", help="From this time (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Before this time (ISO 8601).")] = None,
) -> None:
    """The trail, or a period of it, for the AP or an auditor (ids and field names, never values)."""
    import csv
    import io

    from waarborg.access.audit import export_rows
    from waarborg.cli.context import time_option

    if fmt not in ("csv", "json"):
        bad_input(f"--format: '{fmt}' is not csv or json")
    start, end = time_option(since, "--since"), time_option(until, "--until")
    with open_vault() as vault, vault.unit() as unit:
        rows = export_rows(unit.data, start, end)
    if fmt == "json":
        print_json(rows)
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=["seq", "at", "kind", "actor", "subject", "detail", "seal"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    typer.echo(buffer.getvalue(), nl=False)
