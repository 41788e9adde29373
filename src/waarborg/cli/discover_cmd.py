"""`waarborg discover`: find the personal data a system holds that the register does not list."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from waarborg.cli import output
from waarborg.cli.context import bad_input, load, state
from waarborg.register.types import Lang

if TYPE_CHECKING:
    from waarborg.discovery.model import Report
    from waarborg.discovery.scan import Source
    from waarborg.register.schema import Register


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def discover_command(
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            help="A system of the register: its database (from its url_env) is "
            "scanned and compared with its sql.tables.",
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="A database URL to scan (SQLite or PostgreSQL), read-only.")
    ] = None,
    folder: Annotated[
        Path | None, typer.Option("--folder", help="A folder of exports to scan (CSV, JSON Lines, XLSX).")
    ] = None,
    sample: Annotated[
        int, typer.Option("--sample", min=1, max=100_000, help="At most this many rows read per table.")
    ] = 500,
    seed: Annotated[int, typer.Option("--seed", help="The same seed reads the same rows.")] = 7,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, json, or html (one page to file).")] = (
        ReportFormat.text
    ),
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the findings and the report.")] = Lang.en,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    write_annotation: Annotated[
        bool,
        typer.Option(
            "--write-annotation",
            help="Print the system's sql YAML (url_env, tables) to paste into the register, instead of the report.",
        ),
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Also keep the report in the vault (--db), where the office shows it.")
    ] = False,
) -> None:
    """Scan a system's database or a folder of exports for personal data, and compare it with the register.

    Read-only: the schema and a bounded, reproducible sample of each table.

    Every column is judged by its values and its name; the report gives the columns, categories, links and
    indexes the register does not know about, with column names and counts only, never a value.

    Exit 1 when a finding is an error.
    """
    from waarborg.discovery.annotation import annotation
    from waarborg.discovery.report import discover, render_html, render_text

    register = load(None).register if (system is not None or state.register is not None) else None
    source = _source(register, system, url, folder)
    try:
        with _progress(len(source.units())) as advance:
            report = discover(source, register=register, system=system, rows=sample, seed=seed, progress=advance,
                              database=folder is None)  # fmt: skip
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    if save:
        _save(report)
    if write_annotation:
        dataset = register.systems[system].sql if register is not None and system is not None else None
        output.write_document(annotation(report, dataset), out)
    elif fmt == ReportFormat.json:
        output.write_document(json.dumps(report.as_dict(lang.value), ensure_ascii=False, indent=2) + "\n", out)
    else:
        render = render_html if fmt == ReportFormat.html else render_text
        output.write_document(render(report, lang.value), out)
    if any(finding.severity == "error" for finding in report.findings):
        raise typer.Exit(1)


def _source(register: Register | None, system: str | None, url: str | None, folder: Path | None) -> Source:
    from waarborg.discovery.database import SqlSource
    from waarborg.discovery.files import FolderSource

    if url is not None and folder is not None:
        bad_input("give --url or --folder, not both")
    if system is not None and register is not None and system not in register.systems:
        known = ", ".join(sorted(register.systems)) or "none"
        bad_input(f"--system: the register has no system '{system}' (it has: {known})")
    if folder is not None:
        return FolderSource(folder)
    if url is None and system is not None and register is not None:
        dataset = register.systems[system].sql
        if dataset is None:
            bad_input(f"--system: system '{system}' has no sql (url_env, tables); give --url or --folder")
        url = os.environ.get(dataset.url_env)
        if not url:
            bad_input(f"--system: {dataset.url_env} is not set: it holds the URL of system '{system}'s database")
    if url is None:
        bad_input("nothing to scan: give --system NAME, --url URL or --folder PATH")
    return SqlSource(url)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar per table on a terminal (stderr); otherwise one line per table, for logs."""
    if not sys.stderr.isatty():
        done = {"n": 0}

        def line(unit: str) -> None:
            done["n"] += 1
            print(f"discover: {done['n']}/{total} {unit}", file=sys.stderr, flush=True)

        yield line
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scanning", total=total)
        yield lambda unit: progress.update(task, advance=1, description=unit)


def _save(report: Report) -> None:
    from waarborg.cli.context import open_vault
    from waarborg.discovery.store import save_report

    with open_vault() as vault, vault.unit() as unit:
        report_id = save_report(unit, report.as_dict("en"))
    typer.echo(f"discover: report {report_id} saved; the office shows it under Discovery", err=True)
