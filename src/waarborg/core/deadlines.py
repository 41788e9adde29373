"""Deadlines for data-subject requests: Art 12(3) AVG counted by Regulation 1182/71 on the Dutch calendar.

    deadline(date(2026, 4, 30))                       # one month: 1 June 2026 (31 May is a Sunday)
    deadline(date(2026, 4, 30), Promise.parse("4 weeks"))   # the shorter of the promise and the law

The day of receipt does not count. "One month" ends at the end of the same date in the following month, or
the month's last day when that date does not exist. A period that would end on a Saturday, a Sunday or a
public holiday ends at the end of the next working day. Public holidays are those of the Algemene
termijnenwet (art 3): the Dutch calendar of the ``holidays`` package, with 5 May every year and Good Friday
added (the package has 5 May only every fifth year), and the extra days a royal decree names (``extra``).
Promises in days, weeks or months are counted the same way; in working days, each working day after the
receipt counts one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter

from waarborg.core.periods import Promise


@lru_cache(maxsize=64)
def _atw(year: int) -> dict[date, str]:
    days = {day: str(name) for day, name in holidays.country_holidays("NL", years=year).items()}
    days.setdefault(date(year, 5, 5), "Bevrijdingsdag (Atw art 3(1))")
    days.setdefault(easter(year) - timedelta(days=2), "Goede Vrijdag (Atw art 3(2))")
    return days


def holiday_name(day: date, extra: Iterable[date] = ()) -> str | None:
    """Why ``day`` is not a working day, or None when it is one."""
    if day in set(extra):
        return "a day named by royal decree (Atw art 3(3))"
    if day.weekday() == 5:
        return "Saturday"
    if day.weekday() == 6:
        return "Sunday"
    return _atw(day.year).get(day)


@dataclass(frozen=True)
class Deadline:
    due: date
    rule: str
    skipped: list[tuple[date, str]] = field(default_factory=list)  # days passed over at the end, and why


def _roll(day: date, extra: tuple[date, ...]) -> tuple[date, list[tuple[date, str]]]:
    skipped = []
    while (reason := holiday_name(day, extra)) is not None:
        skipped.append((day, reason))
        day += timedelta(days=1)
    return day, skipped


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _promise_end(received: date, promise: Promise, extra: tuple[date, ...]) -> tuple[date, list[tuple[date, str]]]:
    if promise.unit == "working_days":
        day, left, passed = received, promise.count, []
        while left:
            day += timedelta(days=1)
            reason = holiday_name(day, extra)
            if reason is None:
                left -= 1
            else:
                passed.append((day, reason))
        return day, passed
    if promise.unit == "months":
        return _roll(add_months(received, promise.count), extra)
    days = promise.count * (7 if promise.unit == "weeks" else 1)
    return _roll(received + timedelta(days=days), extra)


def deadline(
    received: date, promise: Promise | None = None, *, extended: bool = False, extra: Iterable[date] = ()
) -> Deadline:
    """The binding due date: one month (three when extended, Art 12(3)), or the organisation's shorter promise."""
    holidays_extra = tuple(sorted(set(extra)))
    months = 3 if extended else 1
    legal, legal_skipped = _roll(add_months(received, months), holidays_extra)
    legal_rule = f"{'three months (extended, Art 12(3) AVG)' if extended else 'one month (Art 12(3) AVG)'}"
    if promise is None or extended:
        return Deadline(legal, f"{legal_rule}, counted by Regulation 1182/71", legal_skipped)
    promised, promised_skipped = _promise_end(received, promise, holidays_extra)
    if promised < legal:
        return Deadline(promised, f"the promise '{promise.count} {promise.unit.replace('_', ' ')}', shorter than "
                                  f"{legal_rule}", promised_skipped)  # fmt: skip
    return Deadline(legal, f"{legal_rule}, which is not longer than the promise", legal_skipped)
