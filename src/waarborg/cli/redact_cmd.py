"""`waarborg redact`: personal data masked, pseudonymised or tokenised in a text, or reported.

Runs without loading the rest of the command line (``entry.py`` sends ``redact`` here first), so a short text
is done well within a second and a half from a cold start.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer


class RedactMode(StrEnum):
    mask = "mask"
    pseudonym = "pseudonym"
    token = "token"
    report = "report"


class RedactFormat(StrEnum):
    text = "text"
    json = "json"


KEY_ENV = "WAARBORG_PII_KEY"


def redact_command(
    source: Annotated[str, typer.Argument(help="A text file, or - for standard input.", metavar="[FILE|-]")] = "-",
    mode: Annotated[
        RedactMode, typer.Option("--mode", help="mask, pseudonym, token (reversible) or report.")
    ] = RedactMode.mask,
    fmt: Annotated[
        RedactFormat, typer.Option("--format", help="text, or json with each span found and its rule.")
    ] = RedactFormat.text,
    lang: Annotated[str, typer.Option("--lang", help="Labels in nl ([NAAM]) or en ([NAME]).")] = "nl",
    restore: Annotated[
        str | None,
        typer.Option(
            "--restore", help="Put the originals back: the sealed mapping that --mode token --format json printed."
        ),
    ] = None,
) -> None:
    """Mask personal data in text (names, phone numbers, BSN, IBAN, addresses, ...) before it leaves.

    Token mode and --restore need the key in WAARBORG_PII_KEY: the same value gets the same token under it.
    """
    from waarborg.pii import redact as pii

    if lang not in ("nl", "en"):
        _bad(f"--lang: '{lang}' is not nl or en")
    text = _read(source)
    key = os.environ.get(KEY_ENV, "").encode()
    if (mode == RedactMode.token or restore is not None) and not key:
        _bad(f"{KEY_ENV} is not set: token mode and --restore need a key")
    if restore is not None:
        try:
            mapping = pii.unseal(restore, key)
        except Exception:
            _bad("--restore: not a mapping sealed under this WAARBORG_PII_KEY")
        typer.echo(pii.restore(text, mapping), nl=False)
        return
    done = pii.redact(text, mode.value, key, lang)
    if fmt == RedactFormat.json or mode == RedactMode.report:
        result: dict[str, object] = {"text": done.text if mode != RedactMode.report else text, **done.report()}
        if mode == RedactMode.token:
            result["mapping"] = pii.seal(done.mapping, key)
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(done.text, nl=False)


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        _bad(f"{source}: no such file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _bad(f"{source}: not UTF-8 text")


def _bad(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def fast(args: list[str]) -> None:
    """Run `waarborg redact ...` with only this command loaded."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command(help=redact_command.__doc__)(redact_command)
    app(args=args, prog_name="waarborg redact")
