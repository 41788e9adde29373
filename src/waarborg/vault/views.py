"""What the vault hands out when asked about a subject: plain data, ready to print or serialise."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RecordView:
    id: str
    activity: str
    collected_at: datetime
    source: str
    basis: str
    purposes: list[str]
    recipients: list[str]
    status: str
    due_at: datetime | None
    due_rule: int | None
    values: dict[str, Any] | None  # None once erased or its key destroyed


@dataclass(frozen=True)
class EventView:
    id: int
    name: str
    at: datetime
    activity: str | None
    record_id: str | None


@dataclass(frozen=True)
class SubjectView:
    id: str
    status: str
    created_at: datetime
    identifiers: list[tuple[str, str | None]]
    records: list[RecordView]
    events: list[EventView]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601."""
        result: dict[str, Any] = _jsonable(asdict(self))
        return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
