"""`waarborg deadline`: when a data-subject request must be answered."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from waarborg.cli.context import bad_input, load, state


def deadline_command(
    received: Annotated[str, typer.Argument(help="The day the request was received (YYYY-MM-DD).", show_default=False)],
    promise: Annotated[
        str | None, typer.Option("--promise", help="The organisation's promise: '4 weeks', '10 werkdagen', ...")
    ] = None,
    extended: Annotated[bool, typer.Option("--extended", help="Extended by two months (Art 12(3)).")] = False,
    register: Annotated[
        Path | None, typer.Option("--register", help="Take the promise from this register's `requests.promise`.")
    ] = None,
    holiday: Annotated[
        list[str] | None, typer.Option("--holiday", help="A day a royal decree adds (YYYY-MM-DD); repeatable.")
    ] = None,
) -> None:
    """The binding due date alone on the first line (YYYY-MM-DD), then the rule and the days it skipped.

    One month counted by Regulation 1182/71 on the Dutch calendar (Algemene termijnenwet), or the
    organisation's promise when that is shorter.
    """
    from waarborg.core.deadlines import deadline
    from waarborg.core.periods import Promise

    day = _date(received, "RECEIVED")
    extra = [_date(value, "--holiday") for value in holiday or []]
    promised: Promise | None = None
    if promise is not None:
        try:
            promised = Promise.parse(promise)
        except ValueError as error:
            bad_input(f"--promise: {error}")
    elif register is not None or state.register is not None:
        requests = load(register).register.requests
        promised = requests.promise if requests else None
    result = deadline(day, promised, extended=extended, extra=extra)
    typer.echo(result.due.isoformat())
    typer.echo(f"rule: {result.rule}")
    for skipped, reason in result.skipped:
        typer.echo(f"skipped: {skipped.isoformat()} ({reason})")


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        bad_input(f"{what}: '{value}' is not a date (YYYY-MM-DD)")
