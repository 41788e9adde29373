"""Times: stored as UTC, shown in Europe/Amsterdam. A date alone means 00:00 Europe/Amsterdam (DESIGN.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.engine import Dialect

from waarborg.core.errors import InputError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Waarborg stores aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a "now" from elsewhere may be


def bounded(moment: datetime, what: str, *, past: bool = False, at: datetime | None = None) -> datetime:
    """``moment`` (a time without zone taken as Amsterdam time) when it lies between 1900 and 2200 and, with
    ``past``, not later than now plus a little clock skew: what happened cannot be in the future (a
    ``collected_at`` in 2100 would push retention out). InputError naming ``what`` otherwise."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)
    try:
        utc = aware.astimezone(UTC)
        inside = EARLIEST <= utc < LATEST
    except (OverflowError, ValueError):
        inside = False
    if not inside:
        raise InputError(f"{what}: give a time between {EARLIEST.year} and {LATEST.year}")
    if past and utc > (at or now()) + CLOCK_SKEW:
        raise InputError(f"{what}: lies in the future; give a time up to now")
    return aware


def parse_time(text: str, what: str = "time", *, past: bool = False) -> datetime:
    """ISO 8601 date or date-time between 1900 and 2200 (with ``past``: not in the future); a date means 00:00
    Europe/Amsterdam, a time without zone too."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return bounded(datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM), what, past=past)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{what}: '{text}' is not an ISO 8601 date or time (e.g. 2026-03-01 or 2026-03-01T09:30)"
        ) from None
    return bounded(moment, what, past=past)


def now() -> datetime:
    return datetime.now(UTC)
