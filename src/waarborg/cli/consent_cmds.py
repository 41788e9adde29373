"""`waarborg consent grant|withdraw|show`: consent receipts from the command line (e-mail, letter, phone)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from waarborg.cli.context import cli_actor, open_vault, print_json, runtime, subject_by_email, time_option

consent_app = typer.Typer(help="Consent receipts: grant, withdraw, show.", no_args_is_help=True)

Email = Annotated[str, typer.Option("--email", help="The person's e-mail address (as held in the vault).")]
Activity = Annotated[str, typer.Option("--activity", help="The register's activity key.")]
Options = Annotated[
    list[str] | None, typer.Option("--option", help="An option of the activity (repeatable); default all.")
]
At = Annotated[str | None, typer.Option("--at", help="When (ISO 8601); default now.")]
Via = Annotated[str, typer.Option("--via", help="How: web_form, email, paper, phone, portal, unsubscribe_link, ...")]
FormUrl = Annotated[str | None, typer.Option("--form-url", help="The address of the form used.")]
LangOption = Annotated[str, typer.Option("--lang", help="The language of the wording shown: nl or en.")]


def _record(email: str, activity: str, options: list[str] | None, at: str | None, via: str, form_url: str | None,
            lang: str, *, granted: bool, soft_opt_in: bool = False) -> None:  # fmt: skip
    from waarborg.access.policy import operator
    from waarborg.consent import receipts

    when = time_option(at, "--at", past=True)
    with open_vault() as vault, vault.unit() as unit:
        by = operator(cli_actor())
        subject = subject_by_email(vault, unit, email)
        added = receipts.record(vault, unit, subject, activity, options, granted=granted, via=via, at=when,
                                form_url=form_url, lang=lang, soft_opt_in=soft_opt_in, by=by)  # fmt: skip
    print_json({"subject_id": subject, "receipts": [r.as_dict() for r in added]})


@consent_app.command("grant")
def consent_grant(email: Email, activity: Activity, option: Options = None, at: At = None, via: Via = "web_form",
                  form_url: FormUrl = None, lang: LangOption = "nl", soft_opt_in: Annotated[bool, typer.Option(
                      "--soft-opt-in", help="An existing customer's soft opt-in (Telecommunicatiewet 11.7(3)).")]
                  = False) -> None:  # fmt: skip
    """Record that the person gave consent (per option); prints the receipts."""
    _record(email, activity, option, at, via, form_url, lang, granted=True, soft_opt_in=soft_opt_in)


@consent_app.command("withdraw")
def consent_withdraw(email: Email, activity: Activity, option: Options = None, at: At = None,
                     via: Via = "email", form_url: FormUrl = None, lang: LangOption = "nl") -> None:  # fmt: skip
    """Record a withdrawal; withdrawing the last option is an unsubscribe (its retention rules start)."""
    _record(email, activity, option, at, via, form_url, lang, granted=False)


@consent_app.command("show")
def consent_show(email: Email) -> None:
    """The person's consent per activity and option now, and every receipt, as JSON."""
    from waarborg.consent import receipts

    with open_vault() as vault, vault.unit() as unit:
        subject = subject_by_email(vault, unit, email)
        state = receipts.current(unit, subject)
        history = receipts.history(unit, subject)
    print_json({"subject_id": subject, "current": state, "receipts": [r.as_dict() for r in history]})


class AudienceFormat(StrEnum):
    json = "json"
    csv = "csv"


def audience_command(
    activity: Activity,
    option: Annotated[str | None, typer.Option("--option", help="Only those who want this option.")] = None,
    at: Annotated[str | None, typer.Option("--now", help="As at this time (ISO 8601); default now.")] = None,
    fmt: Annotated[AudienceFormat, typer.Option("--format", help="json or csv.")] = AudienceFormat.json,
) -> None:
    """Who may be contacted now: consent (or a valid soft opt-in), not on the do-not-contact list, not
    restricted, not objecting; each with an unsubscribe link (WAARBORG_PUBLIC_URL). Audited."""
    import csv
    import sys

    from waarborg.access.policy import operator
    from waarborg.consent.audience import audience
    from waarborg.core.timeutil import now

    moment = time_option(at, "--now") or now()
    base = runtime().public_url
    with open_vault() as vault, vault.unit() as unit:
        members = audience(vault, unit, activity, option, moment, by=operator(cli_actor()))
    rows = [member.as_dict(base) for member in members]
    if fmt == AudienceFormat.json:
        print_json(rows)
        return
    writer = csv.writer(sys.stdout)
    writer.writerow(["subject_id", "email", "options", "unsubscribe_url"])
    for row in rows:
        writer.writerow([row["subject_id"], row["email"], " ".join(row["options"]), row["unsubscribe_url"]])  # type: ignore[arg-type]


notices_app = typer.Typer(help="Art 14 notices for data from other sources.", no_args_is_help=True)


@notices_app.command("send")
def notices_send(
    at: Annotated[str | None, typer.Option("--now", help="As at this time (ISO 8601); default now.")] = None,
) -> None:
    """Send every notice that is due, and count unanswered questions whose time has passed as no answer.

    Mail goes through WAARBORG_SMTP_URL; answer links point at WAARBORG_PUBLIC_URL. Prints counts as JSON.
    """
    from waarborg.access.policy import operator
    from waarborg.consent import notices
    from waarborg.core.timeutil import now

    moment = time_option(at, "--now") or now()
    running = runtime()
    with open_vault() as vault:
        report = notices.send_due(vault, running.mailer, moment, base_url=running.public_url, by=operator(cli_actor()))
    print_json(report.as_dict())
