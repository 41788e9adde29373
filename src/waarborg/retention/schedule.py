"""The daily sweep inside ``waarborg serve``: at a set Amsterdam time, once per day, whichever server gets
there first. A lease row (``settings``) records the day done and who is running it; a server that finds
the day done, or another server's lease still valid, does nothing. A lease that outlives a crashed server
expires, and the next server to look runs the sweep.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from waarborg.access.policy import operator
from waarborg.core.errors import InputError, WaarborgError
from waarborg.core.timeutil import AMSTERDAM, now
from waarborg.retention.sweep import SweepReport, sweep
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Setting

LEASE = "sweep.daily"
LEASE_TIME = timedelta(hours=6)
log = logging.getLogger("waarborg.sweep")


def parse_at(value: str) -> time | None:
    """'03:00' → 03:00; 'off' → None (no daily sweep)."""
    if value.strip().lower() == "off":
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"sweep time: '{value}' is not HH:MM (Amsterdam time) or 'off'") from None


def next_run(after: datetime, at: time) -> datetime:
    """The first moment after ``after`` whose Amsterdam wall-clock time is ``at``."""
    local = after.astimezone(AMSTERDAM)
    candidate = datetime.combine(local.date(), at, tzinfo=AMSTERDAM)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=AMSTERDAM)
    return candidate.astimezone(after.tzinfo)


def take_lease(vault: Vault, holder: str, at: datetime) -> bool:
    """Claim today's sweep for ``holder``; False when it is done already or another server runs it.

    Commits on its own: the claim must be visible to the other servers before the sweep starts."""
    day = at.astimezone(AMSTERDAM).date().isoformat()
    try:
        with vault.unit() as unit:
            row = _lease_row(unit)
            if row.value.get("day") == day:
                return False
            if row.holder not in (None, holder) and row.expires_at is not None and row.expires_at > at:
                return False
            row.holder, row.expires_at, row.updated_at = holder, at + LEASE_TIME, at
    except IntegrityError:  # another server created the row at the same moment: it goes first
        return False
    return True


def finish_lease(vault: Vault, holder: str, at: datetime) -> None:
    """Mark today's sweep done; commits on its own, after the sweep's last batch."""
    with vault.unit() as unit:
        row = _lease_row(unit)
        if row.holder == holder:
            row.value = {"day": at.astimezone(AMSTERDAM).date().isoformat()}
            row.holder, row.expires_at, row.updated_at = None, None, now()


def _lease_row(unit: Unit) -> Setting:
    query = select(Setting).where(Setting.name == LEASE).with_for_update()
    row = unit.data.execute(query).scalar_one_or_none()
    if row is None:
        row = Setting(name=LEASE, value={})
        unit.data.add(row)
        unit.data.flush()
    return row


Job = Callable[[Vault, datetime], None]


def run_daily(vault: Vault, holder: str, at: datetime | None = None, also: Sequence[Job] = ()) -> SweepReport | None:
    """Run today's sweep (then the ``also`` jobs: sending notices) if this server gets the lease; the report,
    or None when another server has it."""
    moment = at or now()
    if not take_lease(vault, holder, moment):
        return None
    try:
        report = sweep(vault, moment, by=operator(f"scheduler:{holder}"))
    except WaarborgError as error:
        log.error("daily sweep refused: %s", error)
        return None
    for job in also:
        try:
            job(vault, moment)
        except WaarborgError as error:
            log.error("daily job failed: %s", error)
    finish_lease(vault, holder, moment)
    log.info("daily sweep: %d record(s), %d subject(s) removed", report.records, report.subjects_removed)
    log.info("audit anchor (keep it outside the database): %s", json.dumps(report.anchor))
    return report


class DailySweeper(threading.Thread):
    """A background thread of ``serve`` that runs the sweep every day at ``at`` (Amsterdam time)."""

    def __init__(self, vault: Vault, at: time, holder: str, also: Sequence[Job] = ()) -> None:
        super().__init__(name="waarborg-daily-sweep", daemon=True)
        self.vault, self.at, self.holder, self.also = vault, at, holder, also
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            wait = (next_run(now(), self.at) - now()).total_seconds()
            if self.stopped.wait(max(wait, 0)):
                return
            try:
                run_daily(self.vault, self.holder, also=self.also)
            except Exception:  # a failed night must not stop the next one; the error is logged, not personal data
                log.exception("daily sweep failed")

    def stop(self) -> None:
        self.stopped.set()
