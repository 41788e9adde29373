"""Audiences: who may be contacted now for an activity (and option), each with an unsubscribe link.

A person is in the audience when, at the moment asked:

- they hold an active record of the activity (not restricted, not minimised, not erased);
- their latest receipt for the option grants it (or, with no option named, any option is granted); a
  soft opt-in receipt counts only where the register allows soft opt-in for the activity;
- none of their identifiers is on the do-not-contact list;
- they have not objected (an ``objected`` event for the activity or for all of their data).

Reading an audience decrypts e-mail addresses: it needs the ``read`` and ``export`` actions for the
activity and is one audit entry (the count, never the addresses).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from waarborg.access.events import AudienceExported
from waarborg.access.policy import Principal
from waarborg.consent import links
from waarborg.consent.receipts import chosen
from waarborg.vault import suppression
from waarborg.vault.models import ConsentReceipt, Event, Identifier, Record
from waarborg.vault.service import Unit, Vault

PAGE = 5000


@dataclass(frozen=True)
class Member:
    subject_id: str
    email: str
    options: tuple[str, ...]
    unsubscribe: str  # the token; links.url(base, token) makes the address

    def as_dict(self, base_url: str) -> dict[str, object]:
        return {"subject_id": self.subject_id, "email": self.email, "options": list(self.options),
                "unsubscribe_url": links.url(base_url, self.unsubscribe)}  # fmt: skip


def audience(
    vault: Vault, unit: Unit, activity: str, option: str | None, at: datetime, *, by: Principal
) -> list[Member]:
    """Everyone who may be contacted for ``activity`` (and ``option``) at ``at``, by subject id."""
    by.require("read", activity)
    by.require("export", activity)
    wanted = chosen(vault.register, activity, [option] if option else None)
    spec = vault.register.activities[activity]
    soft_allowed = spec.marketing is not None and spec.marketing.soft_opt_in is not None
    members = [m for page in _pages(vault, unit, activity, set(wanted), soft_allowed, at) for m in page]
    vault.audit(unit, by.actor, AudienceExported(activity, option, len(members)))
    return members


def _pages(
    vault: Vault, unit: Unit, activity: str, wanted: set[str], soft_allowed: bool, at: datetime
) -> Iterator[list[Member]]:
    last = ""
    while True:
        query = (
            select(Record.subject_id)
            .where(Record.activity == activity, Record.status == "active", Record.subject_id > last)
            .group_by(Record.subject_id)
            .order_by(Record.subject_id)
            .limit(PAGE)
        )
        subjects = list(unit.data.connection().execute(query).scalars())
        if not subjects:
            return
        yield _members(vault, unit, activity, subjects, wanted, soft_allowed, at)
        last = subjects[-1]


def _members(
    vault: Vault, unit: Unit, activity: str, subjects: list[str], wanted: set[str], soft_allowed: bool, at: datetime
) -> list[Member]:
    # The page's subjects are consecutive ids: a range reads the indexes in order and compiles in no time.
    connection, first, last = unit.data.connection(), subjects[0], subjects[-1]
    granted: dict[str, dict[str, bool]] = {}
    receipts = (
        select(ConsentReceipt.subject_id, ConsentReceipt.option, ConsentReceipt.granted, ConsentReceipt.soft_opt_in)
        .where(ConsentReceipt.subject_id.between(first, last), ConsentReceipt.activity == activity,
               ConsentReceipt.at <= at)
        .order_by(ConsentReceipt.at, ConsentReceipt.id)
    )  # fmt: skip
    for subject, option, yes, soft in connection.execute(receipts):
        granted.setdefault(subject, {})[option] = yes and (soft_allowed or not soft)
    objected = set(
        connection.execute(
            select(Event.subject_id).where(
                Event.subject_id.between(first, last), Event.name == "objected", Event.at <= at,
                (Event.activity == activity) | Event.activity.is_(None),
            )
        ).scalars()
    )  # fmt: skip
    candidates = [s for s in subjects if s not in objected and any(granted.get(s, {}).get(o, False) for o in wanted)]
    wanted_subjects = set(candidates)
    identifiers = [
        row
        for row in connection.execute(
            select(Identifier.subject_id, Identifier.kind, Identifier.blind, Identifier.value).where(
                Identifier.subject_id.between(first, last)
            )
        )
        if row.subject_id in wanted_subjects
    ]
    listed = suppression.listed(unit.data, [row.blind for row in identifiers])
    blocked = {row.subject_id for row in identifiers if (row.kind, row.blind) in listed}
    ciphers = vault.ciphers(unit, [s for s in candidates if s not in blocked])
    emails = {
        row.subject_id: ciphers[row.subject_id].identifier("email", row.value)
        for row in identifiers
        if row.kind == "email" and row.subject_id in ciphers
    }
    link_option = next(iter(wanted)) if len(wanted) == 1 else "all"
    members = []
    for subject in candidates:
        if subject in emails:
            options = tuple(o for o in sorted(wanted) if granted[subject].get(o))
            token = links.make(vault.ring.links_key, subject, activity, link_option, at)
            members.append(Member(subject, emails[subject], options, token))
    return members
