"""`waarborg breach add|list|show|report`: the breach register and its 72-hour clock."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from waarborg.cli.context import open_vault, print_json, time_option
from waarborg.core.timeutil import now

breach_app = typer.Typer(help="The breach register (Art 33/34) and its 72-hour clock.", no_args_is_help=True)


def local(moment: Any) -> str:
    """Times people read are shown in Amsterdam time."""
    from waarborg.core.timeutil import AMSTERDAM

    return str(moment.astimezone(AMSTERDAM).isoformat())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@breach_app.command("add")
def breach_add(
    description: Annotated[str, typer.Option("--description", help="What happened (no personal data).")],
    activities: Annotated[str, typer.Option("--activities", help="Comma-separated activities concerned.")],
    risk: Annotated[str, typer.Option("--risk", help="none, risk or high.")],
    aware_at: Annotated[str | None, typer.Option("--aware-at", help="When we became aware (ISO 8601); now.")] = None,
    fields: Annotated[str, typer.Option("--fields", help="Comma-separated fields concerned; default all.")] = "",
    decision: Annotated[str | None, typer.Option("--decision", help="With --risk none: why there is no risk.")] = None,
) -> None:
    """Register a breach (also one that will not be reported) and start its clock."""
    from waarborg.access.breaches import clock, record_breach

    when = time_option(aware_at, "--aware-at", past=True) or now()
    with open_vault() as vault, vault.unit() as unit:
        breach = record_breach(
            unit.data,
            aware_at=when,
            description=description,
            activities=_split(activities),
            fields=_split(fields),
            risk=risk,
            known_activities=set(vault.register.activities),
            decision=decision,
        )
        subjects, records = vault.count_affected(unit, breach.activities, breach.fields)
        status = clock(breach)
    print_json(
        {
            "id": breach.id,
            "deadline": local(status.deadline),
            "status": status.describe(),
            "affected_subjects": subjects,
            "affected_records": records,
        }
    )


@breach_app.command("list")
def breach_list(at: Annotated[str | None, typer.Option("--at", help="Clock time (ISO 8601); now.")] = None) -> None:
    """Every breach with where its clock stands."""
    from waarborg.access.breaches import all_breaches, clock

    moment = time_option(at, "--at") or now()
    with open_vault() as vault, vault.unit() as unit:
        rows = [
            {
                "id": b.id,
                "aware_at": local(b.aware_at),
                "risk": b.risk,
                "state": clock(b, moment).state,
                "status": clock(b, moment).describe(),
            }
            for b in all_breaches(unit.data)
        ]
    print_json(rows)


@breach_app.command("show")
def breach_show(
    breach_id: Annotated[int, typer.Argument(help="The breach number.")],
    at: Annotated[str | None, typer.Option("--at", help="Clock time (ISO 8601); now.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="nl or en.")] = "en",
) -> None:
    """A breach, its clock, and the notification to the AP (Art 33(3)) as JSON."""
    from waarborg.access.breaches import clock, get, notification

    moment = time_option(at, "--at") or now()
    with open_vault() as vault:
        with vault.unit() as unit:
            breach = get(unit.data, breach_id)
            affected = vault.count_affected(unit, breach.activities, breach.fields)
        dpo = vault.register.organisation.dpo
        contact = ", ".join(v for v in (dpo.name, dpo.email) if v) if dpo else vault.register.organisation.email
    status = clock(breach, moment)
    print_json(
        {
            "clock": {"deadline": local(status.deadline), "state": status.state, "status": status.describe(lang)},
            "notification": notification(breach, affected, contact),
        }
    )


@breach_app.command("report")
def breach_report(
    breach_id: Annotated[int, typer.Argument(help="The breach number.")],
    reference: Annotated[str, typer.Option("--reference", help="The AP's reference for the notification.")],
    at: Annotated[str | None, typer.Option("--at", help="When it was notified (ISO 8601); now.")] = None,
    late_reason: Annotated[str | None, typer.Option("--late-reason", help="Needed after 72 hours.")] = None,
) -> None:
    """Record the notification to the AP."""
    from waarborg.access.breaches import clock, report

    when = time_option(at, "--at", past=True) or now()
    with open_vault() as vault, vault.unit() as unit:
        breach = report(unit.data, breach_id, at=when, reference=reference, late_reason=late_reason)
        status = clock(breach)
    print_json({"id": breach_id, "state": status.state, "status": status.describe()})


@breach_app.command("message")
def breach_message(
    breach_id: Annotated[int, typer.Argument(help="The breach number.")],
    lang: Annotated[str, typer.Option("--lang", help="nl or en.")] = "nl",
) -> None:
    """For a high-risk breach: a draft message to the people (Art 34) and who they are (subject ids)."""
    from waarborg.access.breaches import draft, get

    with open_vault() as vault, vault.unit() as unit:
        breach = get(unit.data, breach_id)
        message = draft(vault.register, breach, lang)  # the office's message too
        subjects = vault.affected_subjects(unit, breach.activities, breach.fields)
    print_json({"message": message, "subjects": subjects})
