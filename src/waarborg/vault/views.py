"""What the vault hands out when asked about a subject: plain data, ready to print or serialise."""

from __future__ import annotations

from dataclasses import dataclass
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
        """JSON-ready: times as ISO 8601. Field by field rather than ``asdict``, which deep-copies every value:
        this is built for every read of a subject."""
        return {
            "id": self.id,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "identifiers": [[kind, value] for kind, value in self.identifiers],
            "records": [_jsonable(_fields(record)) for record in self.records],
            "events": [_jsonable(_fields(event)) for event in self.events],
        }


def _fields(view: RecordView | EventView) -> dict[str, Any]:
    return {name: getattr(view, name) for name in view.__dataclass_fields__}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
