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

from sqlalchemy import bindparam, select

from waarborg.access.events import AudienceExported
from waarborg.access.policy import Principal
from waarborg.consent import links
from waarborg.consent.receipts import chosen
from waarborg.core.db import chunks
from waarborg.vault import contactable
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import ConsentReceipt


@dataclass(frozen=True)
class Member:
    subject_id: str
    email: str
    options: tuple[str, ...]
    unsubscribe: str  # the token; links.url(base, token) makes the address

    def as_dict(self, base_url: str) -> dict[str, object]:
        return {"subject_id": self.subject_id, "email": self.email, "options": list(self.options),
                "unsubscribe_url": links.url(base_url, self.unsubscribe)}  # fmt: skip


RECEIPTS = (
    select(ConsentReceipt.subject_id, ConsentReceipt.option, ConsentReceipt.granted, ConsentReceipt.soft_opt_in)
    .where(ConsentReceipt.subject_id.in_(bindparam("subjects", expanding=True)),
           ConsentReceipt.activity == bindparam("activity"), ConsentReceipt.at <= bindparam("at"))
    .order_by(ConsentReceipt.at, ConsentReceipt.id)
)  # fmt: skip


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
    for subjects in contactable.subject_pages(unit, activity):
        yield _members(vault, unit, activity, subjects, wanted, soft_allowed, at)


def _members(
    vault: Vault, unit: Unit, activity: str, subjects: list[str], wanted: set[str], soft_allowed: bool, at: datetime
) -> list[Member]:
    granted: dict[str, dict[str, bool]] = {}
    for chunk in chunks(subjects):
        for subject, option, yes, soft in unit.data.connection().execute(
            RECEIPTS, {"subjects": list(chunk), "activity": activity, "at": at}
        ):
            granted.setdefault(subject, {})[option] = yes and (soft_allowed or not soft)
    objected = contactable.objected(unit, activity, subjects, at)
    candidates = [s for s in subjects if s not in objected and any(granted.get(s, {}).get(o, False) for o in wanted)]
    emails = contactable.emails(vault, unit, candidates)
    link_option = next(iter(wanted)) if len(wanted) == 1 else "all"
    members = []
    for subject in candidates:
        if subject in emails:
            options = tuple(o for o in sorted(wanted) if granted[subject].get(o))
            token = links.make(vault.ring.links_key, subject, activity, link_option, at)
            members.append(Member(subject, emails[subject], options, token))
    return members
