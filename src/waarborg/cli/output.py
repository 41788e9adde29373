"""How the CLI prints library results: plain text for people, JSON for programs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from waarborg.register.lint import Finding, Rule
from waarborg.register.summary import Summary


def write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def findings(found: list[Finding], fmt: str, lang: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps([f.as_dict(lang) for f in found], indent=2, ensure_ascii=False))
        return
    for f in found:
        typer.echo(
            f"{f.file}:{f.line}: {f.rule.severity} {f.rule.id} {f.path}: {f.message(lang)} [{f.rule.source}]"
        )
    typer.echo(tally(found))


def tally(found: list[Finding]) -> str:
    counts = Counter(str(f.rule.severity) for f in found)
    return f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"


def rules(all_rules: list[Rule], fmt: str, lang: str) -> None:
    if fmt == "json":
        rows = [
            {
                "rule": r.id,
                "severity": str(r.severity),
                "title": r.title,
                "source": r.source,
                "message": {"nl": r.message_nl, "en": r.message_en},
            }
            for r in all_rules
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table("rule", "severity", "title", "source", box=None)
    for r in all_rules:
        table.add_row(r.id, str(r.severity), r.title, r.source)
    Console(width=160).print(table)
    typer.echo(f"{len(all_rules)} rules")


def summaries(all_summaries: list[Summary], lang: str) -> None:
    headers = {
        "en": (
            "organisation",
            "activities",
            "fields",
            "processors",
            "retention rules",
            "consent options",
            "roles",
            "cookies",
            "errors",
            "warnings",
            "info",
        ),
        "nl": (
            "organisatie",
            "activiteiten",
            "velden",
            "verwerkers",
            "bewaarregels",
            "toestemmingsopties",
            "rollen",
            "cookies",
            "fouten",
            "waarschuwingen",
            "info",
        ),
    }[lang]
    table = Table(
        *headers, title="Waarborg: seed registers" if lang == "en" else "Waarborg: voorbeeldregisters"
    )
    for s in all_summaries:
        counts = s.counts
        table.add_row(
            s.organisation,
            *(
                str(n)
                for n in (
                    s.activities,
                    s.fields,
                    s.processors,
                    s.retention_rules,
                    s.consent_options,
                    s.roles,
                    s.cookies,
                    counts["error"],
                    counts["warning"],
                    counts["info"],
                )
            ),
        )
    console = Console(width=180)
    console.print(table)
    for s in all_summaries:
        errors = [f for f in s.findings if str(f.rule.severity) == "error"]
        console.print(f"\n[bold]{s.organisation}[/bold] ({s.file}): {tally(s.findings)}")
        for f in errors:
            console.print(f"  {f.rule.id} line {f.line}: {f.message(lang)}", markup=False, highlight=False)
