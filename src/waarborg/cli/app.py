"""The ``waarborg`` command. Exit codes: 0 ok, 1 findings or refusal, 2 bad input (reason on stderr)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from waarborg.cli import (
    audit_cmds,
    breach_cmds,
    consent_cmds,
    discover_cmd,
    mail_cmds,
    output,
    redact_cmd,
    request_cmds,
    retention_cmds,
    task_cmds,
    user_cmds,
    vault_cmds,
)
from waarborg.cli.context import load, state
from waarborg.core.errors import WaarborgError
from waarborg.register.types import Lang


class Commands(TyperGroup):
    """The root command group: the one place where the error tree meets the terminal. Every command and
    sub-command runs inside :meth:`invoke`, so a :class:`WaarborgError` from any of them prints one line
    per problem on stderr and exits with the error's code; commands never catch it themselves."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except WaarborgError as error:
            for line in error.lines():
                typer.echo(line, err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=Commands,
    name="waarborg",
    help="Waarborg makes a privacy statement executable: lint the register, publish it, enforce it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    md = "md"


class DocFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"


class RopaFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ExportTarget(StrEnum):
    fideslang = "fideslang"
    dpv = "dpv"


class Tone(StrEnum):
    formal = "formal"
    informal = "informal"


@app.callback()
def main_options(
    register: Annotated[
        Path | None, typer.Option("--register", envvar="WAARBORG_REGISTER", help="The register file.")
    ] = None,
    db: Annotated[str, typer.Option("--db", envvar="WAARBORG_DB", help="Database URL.")] = "sqlite:///waarborg.db",
) -> None:
    state.register = register
    state.db = db
    state.built = None


@app.command()
def check(
    register: Annotated[Path | None, typer.Argument(help="The register file (YAML).", show_default=False)] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text, json, or md (Markdown, for --list-rules).")
    ] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the messages.")] = Lang.en,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List every rule and exit.")] = False,
) -> None:
    """Lint a register against the AVG/GDPR and Dutch law. Exit 1 when there are errors."""
    from waarborg.register.lint import RULES, Severity, run

    if list_rules:
        output.rules(sorted(RULES.values(), key=lambda r: r.id), fmt.value, lang.value)
        return
    findings = run(load(register))
    output.findings(findings, fmt.value, lang.value)
    if any(f.severity == Severity.error for f in findings):
        raise typer.Exit(1)


@app.command()
def render(
    register: Annotated[Path | None, typer.Argument(help="The register file (YAML).", show_default=False)] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the statement.")] = Lang.nl,
    fmt: Annotated[DocFormat, typer.Option("--format", help="md, html or pdf.")] = DocFormat.html,
    tone: Annotated[
        Tone | None, typer.Option("--tone", help="formal ('u') or informal ('je'); default: the register's.")
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Show inferred values, marked 'to confirm', instead of leaving them out.")
    ] = False,
) -> None:
    """Render the privacy statement from the register (Markdown, standalone HTML or PDF)."""
    from waarborg.register.render import render_statement

    loaded = load(register)
    document = render_statement(loaded.register, lang.value, fmt.value, tone.value if tone else None, draft)
    output.write_document(document, out)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier register.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later register.", show_default=False)],
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the changes.")] = Lang.nl,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Say in plain words what changed for the people concerned between two registers."""
    from waarborg.register.diff import diff_registers

    changes = diff_registers(load(old).register, load(new).register)
    output.changes(changes, fmt.value, lang.value)


@app.command()
def ropa(
    register: Annotated[Path | None, typer.Argument(help="The register file (YAML).", show_default=False)] = None,
    fmt: Annotated[RopaFormat, typer.Option("--format", help="json, csv or xlsx.")] = RopaFormat.json,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of names, labels and headers.")] = Lang.en,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
) -> None:
    """The Art. 30 register of processing activities, one row per activity."""
    from waarborg.register import ropa as records

    loaded = load(register)
    document: str | bytes
    if fmt == RopaFormat.xlsx:
        document = records.ropa_xlsx(loaded.register, lang.value)
    else:
        document = (records.ropa_csv if fmt == RopaFormat.csv else records.ropa_json)(loaded.register, lang.value)
    output.write_document(document, out)


@app.command()
def export(
    register: Annotated[Path | None, typer.Argument(help="The register file (YAML).", show_default=False)] = None,
    to: Annotated[ExportTarget, typer.Option("--to", help="fideslang (manifest) or dpv (JSON-LD).")] = ExportTarget.dpv,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
) -> None:
    """Export the register as fideslang manifests or W3C Data Privacy Vocabulary JSON-LD."""
    from waarborg.register.export import export as export_register

    output.write_document(export_register(load(register).register, to.value), out)


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of the register language."""
    from waarborg.register.schema import Register

    text = json.dumps(Register.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    output.write_document(text, out)


@app.command()
def demo(
    registers: Annotated[Path, typer.Argument(help="Folder of register files to check and summarise.")] = Path(
        "examples/registers"
    ),
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the summary.")] = Lang.en,
    serve: Annotated[
        bool,
        typer.Option("--serve/--no-serve", help="Also build the demo vault and serve it (portal, office, API)."),
    ] = False,
    build: Annotated[
        bool, typer.Option("--build", help="Also build the demo vault in --dir, without serving it.")
    ] = False,
    vault_register: Annotated[
        Path | None, typer.Option("--vault-register", help="Register for the demo vault; default the folder's first.")
    ] = None,
    subjects: Annotated[int, typer.Option("--subjects", min=0, max=100_000, help="Synthetic people.")] = 300,
    folder: Annotated[
        Path, typer.Option("--dir", help="Where the demo database, key and outbox go (replaced).")
    ] = Path(".demo"),
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same synthetic people.")] = 7,
) -> None:
    """Check and summarise the example registers. With --serve, then serve a demo vault of synthetic people
    that shows the product (`make demo` does this); with --build, only build that vault."""
    from waarborg.cli import demo_cmd

    demo_cmd.run(
        registers, lang.value, serve=serve, build=build, vault_register=vault_register, subjects=subjects,
        folder=folder, port=port, seed=seed,
    )  # fmt: skip


app.add_typer(vault_cmds.db_app, name="db")
app.add_typer(vault_cmds.record_app, name="record")
app.add_typer(vault_cmds.event_app, name="event")
app.add_typer(vault_cmds.subject_app, name="subject")
app.add_typer(vault_cmds.key_app, name="key")
app.add_typer(vault_cmds.apikey_app, name="apikey")
app.add_typer(audit_cmds.audit_app, name="audit")
app.add_typer(breach_cmds.breach_app, name="breach")
app.add_typer(user_cmds.user_app, name="user")
app.add_typer(retention_cmds.retention_app, name="retention")
app.add_typer(retention_cmds.hold_app, name="hold")
app.add_typer(consent_cmds.consent_app, name="consent")
app.add_typer(mail_cmds.mail_app, name="mail")
app.add_typer(consent_cmds.notices_app, name="notices")
app.add_typer(request_cmds.request_app, name="request")
app.add_typer(task_cmds.task_app, name="task")
app.command("import")(vault_cmds.import_command)
app.command("sweep")(retention_cmds.sweep_command)
app.command("audience")(consent_cmds.audience_command)
app.command("deadline")(request_cmds.deadline_command)
app.command("redact")(redact_cmd.redact_command)
app.command("discover")(discover_cmd.discover_command)
app.command("serve")(vault_cmds.serve_command)


def main() -> None:
    app()
