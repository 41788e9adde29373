"""`waarborg sweep`, `waarborg retention forecast|recompute`, `waarborg hold add|list|release`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from waarborg.cli.breach_cmds import local
from waarborg.cli.context import cli_actor, open_vault, print_json, time_option
from waarborg.core.timeutil import now

if TYPE_CHECKING:
    from waarborg.retention.sweep import SweepReport

retention_app = typer.Typer(help="Retention: forecast and due dates after a register change.", no_args_is_help=True)
hold_app = typer.Typer(help="Statutory and legal holds: data restricted instead of deleted.", no_args_is_help=True)


class Format(StrEnum):
    text = "text"
    json = "json"


class HoldKind(StrEnum):
    statutory = "statutory"
    legal = "legal"


FormatOption = Annotated[Format, typer.Option("--format", help="text or json.")]


def sweep_command(
    at: Annotated[str | None, typer.Option("--now", help="Sweep as at this time (ISO 8601); default now.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would go; change nothing.")] = False,
    fmt: FormatOption = Format.text,
    batch: Annotated[int, typer.Option("--batch", min=1, max=100_000, help="Subjects per transaction.")] = 20000,
) -> None:
    """Carry out every retention rule due at --now: delete, anonymise, minimise; restrict what is on hold.

    Idempotent and safe to interrupt: each batch is one transaction. Counts per activity and action go to
    stdout and the audit trail; never personal data.
    """
    from waarborg.access.policy import operator
    from waarborg.retention import sweep as sweeping

    moment = time_option(at, "--now") or now()
    with open_vault() as vault:
        if dry_run:
            report = sweeping.plan(vault, moment)
        else:
            with vault.unit() as unit:
                total = sweeping.due_total(unit, moment)
            with _progress(total) as advance:
                report = sweeping.sweep(vault, moment, by=operator(cli_actor()), batch=batch, progress=advance)
    if fmt == Format.json:
        print_json(report.as_dict())
    else:
        _print_report(report)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal (stderr); otherwise one line per committed batch, for logs and for
    whoever waits on the sweep (the kill test interrupts it at the batches it reports)."""
    if total == 0:
        yield None
        return
    if not sys.stderr.isatty():
        done = {"batches": 0, "records": 0}

        def report(records: int) -> None:
            done["batches"] += 1
            done["records"] += records
            print(f"sweep: batch {done['batches']} committed: {done['records']} of {total} record(s)",
                  file=sys.stderr, flush=True)  # fmt: skip

        yield report
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("sweeping", total=total)
        yield lambda n: progress.advance(task, n)


def _print_report(report: SweepReport) -> None:
    verb = "would process" if report.dry_run else "processed"
    typer.echo(f"sweep at {local(report.at)}: {verb} {report.records} record(s); "
               f"{report.subjects_removed} subject(s) {'would go' if report.dry_run else 'removed'}")  # fmt: skip
    for activity, actions in sorted(report.counts.items()):
        typer.echo(f"  {activity}: " + ", ".join(f"{action} {n}" for action, n in sorted(actions.items())))
    if report.anchor is not None:
        typer.echo(f"audit anchor (keep it outside the database; `waarborg audit verify --anchor FILE`): "
                   f"{json.dumps(report.anchor)}")  # fmt: skip
    for step in report.planned:
        rule = "-" if step.rule is None else str(step.rule + 1)
        typer.echo(
            f"  record {step.record_id} subject {step.subject_id} {step.activity} rule {rule} "
            f"due {local(step.due_at)}: {step.action}"
        )


@retention_app.command("forecast")
def forecast_command(
    until: Annotated[str | None, typer.Option("--until", help="Last moment (ISO 8601); default a year on.")] = None,
    fmt: FormatOption = Format.text,
) -> None:
    """How many records each retention rule will act on per month; overdue and undated records too."""
    from waarborg.retention.forecast import forecast

    start = now()
    end = time_option(until, "--until") or start.replace(year=start.year + 1)
    with open_vault() as vault, vault.unit() as unit:
        result = forecast(unit, start, end)
    if fmt == Format.json:
        print_json(result.as_dict(vault.register))
        return
    typer.echo(f"retention forecast {local(start)[:10]} .. {local(end)[:10]}")
    for row in result.rows(vault.register):
        typer.echo(
            f"  {row['month']}  {row['activity']:<24} rule {row['rule']}: {row['records']:>8}  ({row['describe']})"
        )
    extra = {
        "overdue (the sweep has not run)": result.overdue,
        "on hold (restricted)": result.restricted,
        "without a due date": result.undated,
    }
    for title, counts in extra.items():
        if counts:
            typer.echo(f"{title}: " + ", ".join(f"{a} {n}" for a, n in sorted(counts.items())))


@retention_app.command("recompute")
def recompute_command(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm that records may be deleted earlier.")] = False,
    fmt: FormatOption = Format.text,
) -> None:
    """After a register change: show which records' due dates move, and apply them.

    Dates that move later are applied at once; when any record would be deleted earlier, nothing changes
    without --yes (or a yes at the prompt on a terminal). Exit 1 when that confirmation is missing.
    """
    from waarborg.access.policy import operator
    from waarborg.retention import rules_state

    with open_vault() as vault, vault.unit() as unit:
        result = rules_state.compute(vault, unit, now())
        confirmed = yes or (result.earlier > 0 and _ask(result.earlier, fmt))
        applied = not result.earlier or confirmed
        if applied:
            rules_state.apply(vault, unit, result, by=operator(cli_actor()), confirmed=confirmed)
    if fmt == Format.json:
        print_json({**result.as_dict(), "applied": applied})
    else:
        typer.echo(f"activities with changed rules: {', '.join(result.changed) or 'none'}")
        for activity, moves in sorted(result.moves.items()):
            first = f", first {local(moves.first_earlier)[:10]}" if moves.first_earlier else ""
            typer.echo(f"  {activity}: earlier {moves.earlier} (due now {moves.due_now}{first}), later {moves.later}, "
                       f"unchanged {moves.same}")  # fmt: skip
        typer.echo("applied" if applied else "not applied: records would be deleted earlier; confirm with --yes")
    if not applied:
        raise typer.Exit(1)


def _ask(earlier: int, fmt: Format) -> bool:
    if fmt == Format.json or not sys.stdin.isatty():
        return False
    return typer.confirm(f"{earlier} record(s) would be deleted earlier than before. Apply?", default=False)


@hold_app.command("add")
def hold_add(
    subject_id: Annotated[str, typer.Argument(help="Subject id.", show_default=False)],
    kind: Annotated[HoldKind, typer.Option("--kind", help="statutory (a law) or legal (a claim).")],
    reference: Annotated[str, typer.Option("--reference", help="The law or the claim's reference.")],
    until: Annotated[str, typer.Option("--until", help="When the hold ends (ISO 8601).")],
    reason: Annotated[str, typer.Option("--reason", help="Why the data must be kept (no personal data).")],
    activity: Annotated[list[str] | None, typer.Option("--activity", help="Only this activity; repeatable.")] = None,
) -> None:
    """Keep a subject's data restricted instead of deleted until a date; prints the hold."""
    from waarborg.access.policy import operator
    from waarborg.retention import holds

    end = time_option(until, "--until")
    assert end is not None
    with open_vault() as vault, vault.unit() as unit:
        hold_id = holds.place(
            vault, unit, subject_id, kind=kind.value, reference=reference, reason=reason, until=end,
            activities=activity or None, by=operator(cli_actor()),
        )  # fmt: skip
        view = holds.listed(unit, subject_id=subject_id, in_force_only=False)
    print_json(next(h.as_dict() for h in view if h.id == hold_id))


@hold_app.command("list")
def hold_list(
    subject_id: Annotated[str | None, typer.Option("--subject", help="Only this subject's holds.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Also released and ended holds.")] = False,
) -> None:
    """Holds in force (or all with --all), by end date, as JSON."""
    from waarborg.retention import holds

    with open_vault() as vault, vault.unit() as unit:
        found = holds.listed(unit, subject_id=subject_id, in_force_only=not everything)
    print_json([hold.as_dict() for hold in found])


@hold_app.command("release")
def hold_release(hold_id: Annotated[int, typer.Argument(help="The hold's id.", show_default=False)]) -> None:
    """End a hold now; its records follow their retention rules again at the next sweep."""
    from waarborg.access.policy import operator
    from waarborg.retention import holds

    with open_vault() as vault, vault.unit() as unit:
        view = holds.release(vault, unit, hold_id, by=operator(cli_actor()))
    print_json(view.as_dict())
