"""Attempt limits and once-only tokens for the shells, each in the database (:mod:`waarborg.access.guards`)
so that they hold across failing transactions and across server processes.

    if not guards.attempt(vault, "signin", [client, username]):
        raise TooManyError(...)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from waarborg.access import guards, signed
from waarborg.core.timeutil import now
from waarborg.vault.service import Unit, Vault


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: timedelta


LIMITS = {
    "intake": Limit(5, timedelta(hours=1)),  # requests made, per client address
    "confirm": Limit(20, timedelta(hours=1)),  # code tries, per client address (and five per code, on the request)
    "portal": Limit(5, timedelta(minutes=5)),  # portal links asked, per client address and per e-mail address
    "signin": Limit(10, timedelta(minutes=5)),  # staff sign-ins, per client address and per user name
}


def attempt(vault: Vault, scope: str, whom: Iterable[str], at: datetime | None = None) -> bool:
    """Count an attempt at ``scope`` for each of ``whom`` (a client address, a user name...); False when any
    of them is over the scope's limit. Commits at once, before the attempt is judged: a failing attempt still
    counts."""
    limit, moment = LIMITS[scope], at or now()
    with vault.unit() as unit:
        allowed = [
            guards.take_attempt(unit.data, vault.ring.links_key, scope, who, limit.attempts, limit.window, moment)
            for who in whom
            if who
        ]
    return all(allowed)


def use_once(vault: Vault, unit: Unit, kind: signed.Kind, token: str, at: datetime | None = None) -> bool:
    """Spend a token that may be used once (a portal link) or a session being ended; False when it was spent."""
    moment = at or now()
    return guards.spend(unit.data, vault.ring.links_key, token, moment + kind.lifetime + signed.CLOCK_SKEW, moment)


def is_spent(vault: Vault, unit: Unit, token: str) -> bool:
    return guards.is_spent(unit.data, vault.ring.links_key, token)
