"""`waarborg deadline` (when a request must be answered) and `waarborg request ...` (requests, end to end)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from waarborg.cli.context import (
    bad_input,
    cli_actor,
    json_object,
    load,
    open_vault,
    print_json,
    runtime,
    state,
    time_option,
)
from waarborg.core.files import write_private

if TYPE_CHECKING:
    from waarborg.core.mail import Mail


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


request_app = typer.Typer(
    help="Data-subject requests: open, list, show, verify, extend, fulfil, refuse.", no_args_is_help=True
)

RequestId = Annotated[str, typer.Argument(help="The request's id (from `request open` or `request list`).")]


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def send_mail() -> Callable[[Mail], None]:
    """The configured mail server's send (WAARBORG_SMTP_URL), or exit 2 naming the bad setting."""
    return runtime().send


def _details(
    raw: str | None, activities: list[str] | None, no_contact: bool, direct_marketing: bool, text: str | None
) -> dict[str, Any]:
    details = json_object(raw, "--details", '{"changes": {"phone": "0612345678"}}') if raw is not None else {}
    if activities:
        details["activities"] = activities
    if no_contact:
        details["no_contact"] = True
    if direct_marketing:
        details["direct_marketing"] = True
    if text is not None:
        details["text"] = text
    return details


@request_app.command("open")
def request_open(
    kind: Annotated[
        str,
        typer.Option(
            "--type",
            help="access, rectification, erasure, restriction, portability, objection, withdraw_consent or question.",
        ),
    ],
    email: Annotated[str, typer.Option("--email", help="The address the request came from; the answer goes there.")],
    received_at: Annotated[
        str | None, typer.Option("--received-at", help="When it arrived (ISO 8601); default now.")
    ] = None,
    channel: Annotated[
        str, typer.Option("--channel", help="How it arrived: email, post, phone, in_person, ...")
    ] = "email",
    lang: Annotated[str | None, typer.Option("--lang", help="nl or en; default the statement's language.")] = None,
    activity: Annotated[list[str] | None, typer.Option("--activity", help="Only this activity (repeatable).")] = None,
    no_contact: Annotated[
        bool,
        typer.Option(
            "--no-contact", help="Erasure: the person asks never to be contacted again (do-not-contact list)."
        ),
    ] = False,
    direct_marketing: Annotated[
        bool, typer.Option("--direct-marketing", help="Objection: to direct marketing (absolute, Art 21(3)).")
    ] = False,
    text: Annotated[str | None, typer.Option("--text", help="Question: what the person asks.")] = None,
    details: Annotated[str | None, typer.Option("--details", help="More, as JSON (e.g. the corrections).")] = None,
    verified: Annotated[
        str | None, typer.Option("--verified", help="Staff identified the person already: how.")
    ] = None,
) -> None:
    """Take a request in; prints JSON with id, due_at and status, and mails the receipt (and a confirmation link)."""
    from waarborg.access.policy import operator
    from waarborg.rights import intake

    when = time_option(received_at, "--received-at", past=True)
    wanted = _details(details, activity, no_contact, direct_marketing, text)
    send = send_mail()
    with open_vault() as vault:
        opened = intake.intake(
            vault,
            send,
            kind,
            email,
            base_url=runtime().public_url,
            by=operator(cli_actor()),
            received_at=when,
            channel=channel,
            lang=lang,
            details=wanted,
            verified=verified,
        )
    print_json(opened.as_dict())
    if opened.mail_error:
        typer.echo(f"the request is stored, but the receipt was not sent: {opened.mail_error}", err=True)


def _within(value: str) -> timedelta:
    match = re.fullmatch(r"(\d+)\s*([dw])", value.strip().lower())
    if match is None:
        bad_input(f"--due-within: '{value}' is not a number of days or weeks (e.g. 7d, 2w)")
    count = int(match.group(1))
    return timedelta(days=count * (7 if match.group(2) == "w" else 1))


@request_app.command("list")
def request_list(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only requests past their due date.")] = False,
    due_within: Annotated[str | None, typer.Option("--due-within", help="Only those due within 7d, 2w, ...")] = None,
    closed: Annotated[bool, typer.Option("--all", help="Answered requests too.")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """Open requests by due date, with the days left (negative when overdue)."""
    from waarborg.core.timeutil import now
    from waarborg.rights import clock, requests

    within = _within(due_within) if due_within else None
    with open_vault() as vault, vault.unit() as unit:
        found = requests.listed(unit, overdue=overdue, due_within=within, closed=closed)
    moment = now()
    rows = [
        {**r.summary(), "clock": clock.clock(r.due_on, moment).as_dict() if r.status in requests.OPEN else None}
        for r in found
    ]
    if fmt == ListFormat.json:
        print_json(rows)
        return
    for row in rows:
        left = row["clock"]["days_left"] if isinstance(row["clock"], dict) else "-"
        typer.echo(f"{row['id']}  {row['type']:<16} {row['status']:<10} due {row['due_on']}  days left: {left}")
    if not rows:
        typer.echo("no requests")


@request_app.command("show")
def request_show(request_id: RequestId) -> None:
    """One request as JSON: its deadline and clock, steps with time and actor, and tasks."""
    from waarborg.core.timeutil import now
    from waarborg.rights import requests

    with open_vault() as vault, vault.unit() as unit:
        found = requests.show(unit, request_id)
    print_json(found.as_dict(now()))


@request_app.command("verify")
def request_verify(
    request_id: RequestId,
    reason: Annotated[str | None, typer.Option("--reason", help="How staff identified the person.")] = None,
    id_copy: Annotated[bool, typer.Option("--id-copy", help="An ID copy was used (photo and BSN masked).")] = False,
    id_copy_deleted: Annotated[bool, typer.Option("--id-copy-deleted", help="The ID copy has been deleted.")] = False,
    code: Annotated[str | None, typer.Option("--code", help="The code the person read out from the message.")] = None,
    send: Annotated[bool, typer.Option("--send", help="Send a new confirmation link and code instead.")] = False,
) -> None:
    """Mark a request verified (with a reason, or the person's code), or send a new confirmation message."""
    from waarborg.access.policy import operator
    from waarborg.core.timeutil import now
    from waarborg.rights import intake, requests, verification

    if sum([reason is not None, code is not None, send]) != 1:
        bad_input("give one of --reason, --code or --send")
    by = operator(cli_actor())
    deliver = send_mail() if send else None
    with open_vault() as vault:
        if deliver is not None:
            intake.resend(vault, deliver, request_id, base_url=runtime().public_url, by=by)
        check = None
        with vault.unit() as unit:  # a wrong code counts: committed before it is refused
            if reason is not None:
                requests.verify_by_staff(
                    vault, unit, request_id, reason, id_copy=id_copy, id_copy_deleted=id_copy_deleted, by=by
                )
            elif code is not None:
                check = verification.confirm_code(vault, unit, request_id, code, now(), runtime().public_url)
        if check is not None:
            check.settle(send_mail())
        with vault.unit() as unit:
            found = requests.show(unit, request_id)
    print_json(found.summary())


@request_app.command("extend")
def request_extend(
    request_id: RequestId,
    reason: Annotated[str, typer.Option("--reason", help="Why more time is needed (told to the person).")],
) -> None:
    """Extend by two months (Art 12(3)); the notice with the reason goes to the person now."""
    from waarborg.access.policy import operator
    from waarborg.rights import fulfil

    deliver = send_mail()
    with open_vault() as vault:
        found = fulfil.extend(vault, deliver, request_id, reason, by=operator(cli_actor()))
    print_json(found.summary())


@request_app.command("fulfil")
def request_fulfil(
    request_id: RequestId,
    changes: Annotated[list[str] | None, typer.Option("--set", help="Rectification: FIELD=VALUE (repeatable).")] = None,
    answer: Annotated[str | None, typer.Option("--answer", help="Question: the answer.")] = None,
    mask_flagged: Annotated[
        bool, typer.Option("--mask-flagged", help="Access: mask other people's data found in free text.")
    ] = False,
    release_flagged: Annotated[
        str | None, typer.Option("--release-flagged", help="Access: release flagged text as it is, for this reason.")
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the package (zip) here.")] = None,
) -> None:
    """Do what the verified request asks and send the result (with the package for access or portability)."""
    from waarborg.access.policy import operator
    from waarborg.core.timeutil import now
    from waarborg.rights import fulfil

    corrections = dict(_pair(item) for item in changes or [])
    given = fulfil.Instructions(corrections or None, answer, mask_flagged, release_flagged)
    deliver = send_mail()
    with open_vault() as vault:
        done = fulfil.fulfil(vault, deliver, request_id, by=operator(cli_actor()), given=given)
    if out is not None and done.package is not None:
        write_private(out, done.package)  # personal data: the owner's eyes only
    print_json(done.request.as_dict(now()))


def _pair(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name.strip():
        bad_input(f"--set: '{name}' is not FIELD=VALUE")
    return name.strip(), value


@request_app.command("refuse")
def request_refuse(
    request_id: RequestId,
    reason: Annotated[str, typer.Option("--reason", help="Why (manifestly unfounded or excessive, identity, ...).")],
) -> None:
    """Refuse with the reason; the person hears it with how to complain. No fee is ever charged."""
    from waarborg.access.policy import operator
    from waarborg.rights import fulfil

    deliver = send_mail()
    with open_vault() as vault:
        found = fulfil.refuse(vault, deliver, request_id, reason, by=operator(cli_actor()))
    print_json(found.summary())


@request_app.command("close")
def request_close(
    request_id: RequestId,
    override: Annotated[
        str | None, typer.Option("--override", help="Answer although tasks are open, for this reason (DPO).")
    ] = None,
) -> None:
    """Answer a request that waited for its tasks; open tasks need --override with a reason."""
    from waarborg.access.policy import operator
    from waarborg.core.timeutil import now
    from waarborg.rights import fulfil

    deliver = send_mail()
    with open_vault() as vault:
        done = fulfil.close(vault, deliver, request_id, by=operator(cli_actor()), override=override)
    print_json(done.request.as_dict(now()))
