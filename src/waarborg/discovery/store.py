"""Discovery reports kept in the database for the office: saved in the caller's unit (never committed here), read
back as the newest per system or one by id.

A report is ``Report.as_dict("en")``: names, kinds and counts, never a sampled value. A scan of a source the
register does not name has no system; it is kept under its source description instead.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select

from waarborg.core.errors import InputError
from waarborg.vault.service import Unit
from waarborg.vault.tables import DiscoveryReport

COLUMNS = (DiscoveryReport.id, DiscoveryReport.system, DiscoveryReport.source, DiscoveryReport.made_at,
           DiscoveryReport.errors, DiscoveryReport.warnings, DiscoveryReport.report)  # fmt: skip


def save_report(unit: Unit, report: dict[str, Any]) -> int:
    """Keep a report (``Report.as_dict("en")``) in the unit's transaction; its id. The caller commits."""
    source = report.get("source")
    if not isinstance(source, str) or not source:
        raise InputError("report: it names no source")
    system = report.get("system") or None
    if system is not None and not isinstance(system, str):
        raise InputError("report: its system is not a register key")
    severities = [finding.get("severity") for finding in report.get("findings", [])]
    row = DiscoveryReport(system=system, source=source[:500], made_at=_moment(report.get("made_at")),
                          errors=severities.count("error"), warnings=severities.count("warning"),
                          report=json.dumps(report, ensure_ascii=False))  # fmt: skip
    unit.data.add(row)
    unit.data.flush()
    return row.id


def latest_reports(unit: Unit) -> list[dict[str, Any]]:
    """The newest report per system (per source for those without one), sorted by system, then by source."""
    newest = (
        select(DiscoveryReport.id, func.row_number().over(
            partition_by=(DiscoveryReport.system, case((DiscoveryReport.system.is_(None), DiscoveryReport.source))),
            order_by=(DiscoveryReport.made_at.desc(), DiscoveryReport.id.desc()),
        ).label("place"))
    ).subquery()  # fmt: skip
    kept = select(*COLUMNS).join(newest, newest.c.id == DiscoveryReport.id).where(newest.c.place == 1)
    found = [_dict(*row) for row in unit.data.execute(kept)]
    return sorted(found, key=lambda r: (r["system"] is None, r["system"] or r["source"], r["source"]))


def report_by_id(unit: Unit, report_id: int) -> dict[str, Any] | None:
    """One report, or None when there is none with this id."""
    row = unit.data.execute(select(*COLUMNS).where(DiscoveryReport.id == report_id)).one_or_none()
    return _dict(*row) if row is not None else None


def _dict(report_id: int, system: str | None, source: str, made_at: datetime, errors: int, warnings: int,
          report: str) -> dict[str, Any]:  # fmt: skip
    """A kept report: id, system (or None), source, made_at (aware, UTC), errors, warnings, and the report."""
    return {"id": report_id, "system": system, "source": source, "made_at": made_at, "errors": errors,
            "warnings": warnings, "report": json.loads(report)}  # fmt: skip


def _moment(text: object) -> datetime:
    """The report's ``made_at`` (ISO 8601; without a zone taken as UTC, as reports write it)."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise InputError("report: made_at is not an ISO 8601 time")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
