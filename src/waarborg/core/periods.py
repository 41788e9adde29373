"""Periods of time as registers state them.

A :class:`Period` is an ISO 8601 calendar duration (``P1Y``, ``P4W``, ``P26M``, ``P1Y6M``, ``P14D``):
retention periods, cookie lifetimes. A :class:`Promise` is the response time an organisation promises
for requests, in the words statements use: "4 weeks", "10 working days", "one month", "vier weken",
"14 werkdagen".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_PERIOD_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar duration: years, months, weeks and days."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD_RE.match(text.strip().upper())
        if not match or text.strip().upper() == "P":
            raise ValueError(
                f"'{text}' is not an ISO 8601 period; write e.g. P4W (4 weeks), P1Y (1 year), "
                "P26M (26 months) or P14D (14 days)"
            )
        years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
        return cls(years, months, weeks, days)

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def approx_days(self) -> float:
        """Length in days with a mean month (30.44 days); for comparisons, never for due dates."""
        return self.total_months * 30.436875 + self.weeks * 7 + self.days

    def at_least(self, other: Period) -> bool:
        """True when this period is never shorter than ``other``, whatever date it starts on."""
        return self.min_days() >= other.max_days()

    def min_days(self) -> int:
        return self.years * 365 + self.months * 28 + self.weeks * 7 + self.days

    def max_days(self) -> int:
        return self.years * 366 + self.months * 31 + self.weeks * 7 + self.days

    def __str__(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")]
        body = "".join(f"{n}{unit}" for n, unit in parts if n)
        return "P" + (body or "0D")


PromiseUnit = Literal["days", "working_days", "weeks", "months"]

_NUMBER_WORDS = {
    "one": 1, "een": 1, "één": 1, "two": 2, "twee": 2, "three": 3, "drie": 3, "four": 4, "vier": 4,
    "five": 5, "vijf": 5, "six": 6, "zes": 6, "seven": 7, "zeven": 7, "eight": 8, "acht": 8,
    "nine": 9, "negen": 9, "ten": 10, "tien": 10, "eleven": 11, "elf": 11, "twelve": 12, "twaalf": 12,
    "thirteen": 13, "dertien": 13, "fourteen": 14, "veertien": 14, "fifteen": 15, "vijftien": 15,
    "twenty": 20, "twintig": 20, "thirty": 30, "dertig": 30,
}  # fmt: skip
_UNIT_WORDS: dict[str, PromiseUnit] = {
    "day": "days", "days": "days", "dag": "days", "dagen": "days",
    "calendar day": "days", "calendar days": "days", "kalenderdag": "days", "kalenderdagen": "days",
    "working day": "working_days", "working days": "working_days", "werkdag": "working_days",
    "werkdagen": "working_days", "business day": "working_days", "business days": "working_days",
    "week": "weeks", "weeks": "weeks", "weken": "weeks",
    "month": "months", "months": "months", "maand": "months", "maanden": "months",
}  # fmt: skip
_PROMISE_RE = re.compile(r"^\s*(\S+)\s+(.+?)\s*$")


@dataclass(frozen=True)
class Promise:
    """A promised response time such as "10 working days"."""

    count: int
    unit: PromiseUnit

    @classmethod
    def parse(cls, text: str) -> Promise:
        match = _PROMISE_RE.match(text.lower())
        count: int | None = None
        unit: PromiseUnit | None = None
        if match:
            number, unit_word = match.groups()
            count = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
            unit = _UNIT_WORDS.get(unit_word)
        if count is None or unit is None or count <= 0:
            raise ValueError(
                f"'{text}' is not a response time; write e.g. '4 weeks', '10 working days', "
                "'one month' (or in Dutch: 'vier weken', '10 werkdagen')"
            )
        return cls(count, unit)

    def min_days(self) -> int:
        """The fewest calendar days this promise can span."""
        if self.unit == "working_days":
            return self.count + 2 * ((self.count - 1) // 5)
        return {"days": 1, "weeks": 7, "months": 28}[self.unit] * self.count

    def max_days(self) -> int:
        """The most calendar days this promise can span (weekends and up to 5 holidays)."""
        if self.unit == "working_days":
            return self.count + 2 * ((self.count + 4) // 5) + 5
        return {"days": 1, "weeks": 7, "months": 31}[self.unit] * self.count

    def __str__(self) -> str:
        words = {"days": "days", "working_days": "working days", "weeks": "weeks", "months": "months"}
        return f"{self.count} {words[self.unit]}"
