"""When a request must be answered: the law's month (or three, extended) or the register's shorter promise,
counted on the Dutch calendar (``core.deadlines``); and how much time is left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from waarborg.core.deadlines import deadline, holiday_name
from waarborg.core.periods import Promise
from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.schema import Register
from waarborg.register.types import Right

KINDS: dict[str, Right | None] = {
    "access": Right.access,
    "rectification": Right.rectification,
    "erasure": Right.erasure,
    "restriction": Right.restriction,
    "portability": Right.portability,
    "objection": Right.objection,
    "withdraw_consent": Right.withdraw_consent,
    "question": None,
}
"""Request kinds and the right each exercises (Art 15, 16, 17, 18, 20, 21, 7(3)); a question exercises none."""

ALIASES = {"withdrawal": "withdraw_consent", "erase": "erasure", "inzage": "access", "vraag": "question"}


def kind_of(text: str) -> str:
    """A request kind by its name (or a common alias); InputError-ready message in ValueError."""
    name = ALIASES.get(text.strip().lower(), text.strip().lower())
    if name not in KINDS:
        raise ValueError(f"'{text}' is not a request type; types: {', '.join(KINDS)}")
    return name


def promise_for(register: Register, kind: str) -> Promise | None:
    """The register's promise for this kind of request: its own (``per_right``), else the general one."""
    right = KINDS[kind]
    requests = register.requests
    if right is not None and right in requests.per_right:
        return requests.per_right[right]
    return requests.promise


@dataclass(frozen=True)
class Due:
    on: date
    at: datetime  # the last moment of ``on`` in Amsterdam
    rule: str


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), AMSTERDAM) - timedelta(seconds=1)


def due_for(register: Register, kind: str, received_at: datetime, *, extended: bool = False) -> Due:
    received = received_at.astimezone(AMSTERDAM).date()
    result = deadline(received, promise_for(register, kind), extended=extended)
    return Due(result.due, end_of(result.due), result.rule)


def legal_month_end(received_at: datetime) -> datetime:
    """The end of the first month, by which an extension must be told (Art 12(3))."""
    return end_of(deadline(received_at.astimezone(AMSTERDAM).date()).due)


@dataclass(frozen=True)
class Clock:
    due_on: date
    days_left: int  # calendar days until the due date; negative when overdue
    working_days_left: int
    overdue: bool

    def as_dict(self) -> dict[str, object]:
        return {**vars(self), "due_on": self.due_on.isoformat()}


def clock(due_on: date, at: datetime) -> Clock:
    today = at.astimezone(AMSTERDAM).date()
    working, day = 0, today
    while day < due_on:
        day += timedelta(days=1)
        working += holiday_name(day) is None
    return Clock(due_on, (due_on - today).days, working, today > due_on)
