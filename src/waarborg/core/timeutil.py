"""Times: stored as UTC, shown in Europe/Amsterdam. A date alone means 00:00 Europe/Amsterdam (DESIGN.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
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


def parse_time(text: str, what: str = "time") -> datetime:
    """ISO 8601 date or date-time; a date means 00:00 Europe/Amsterdam, a time without zone too."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{what}: '{text}' is not an ISO 8601 date or time (e.g. 2026-03-01 or 2026-03-01T09:30)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def now() -> datetime:
    return datetime.now(UTC)
