"""The daily sweep of `serve`: when it runs, and that of several servers only one runs it per day."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, time, timedelta

import pytest

from tests.conftest import open_vault
from tests.retention.helpers import add, event, retention_register
from waarborg.core.errors import InputError
from waarborg.core.timeutil import AMSTERDAM, now
from waarborg.retention import schedule
from waarborg.vault.service import Vault
from waarborg.vault.tables import Setting


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2026, 6, 1, 0, 30, tzinfo=UTC), datetime(2026, 6, 1, 1, 0, tzinfo=UTC)),  # 03:00 CEST
        (datetime(2026, 6, 1, 1, 0, tzinfo=UTC), datetime(2026, 6, 2, 1, 0, tzinfo=UTC)),
        (datetime(2026, 12, 1, 1, 0, tzinfo=UTC), datetime(2026, 12, 1, 2, 0, tzinfo=UTC)),  # 03:00 CET
        (
            datetime(2026, 3, 28, 12, 0, tzinfo=UTC),
            datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        ),  # clocks go forward
    ],
)
def test_the_next_run_is_at_the_amsterdam_time(after: datetime, expected: datetime) -> None:
    assert schedule.next_run(after, time(3, 0)) == expected


def test_a_bad_sweep_time_is_refused() -> None:
    assert schedule.parse_at("off") is None and schedule.parse_at("04:30") == time(4, 30)
    with pytest.raises(InputError, match="HH:MM"):
        schedule.parse_at("half past four")


def test_of_two_servers_one_sweeps_per_day(vault: Vault, db_url: str, master_key: bytes) -> None:
    other = open_vault(retention_register(), db_url, master_key)
    try:
        added = add(vault, "newsletter", {"email": "an@example.nl"})
        event(vault, added.subject_id, "unsubscribed", datetime(2026, 1, 10, tzinfo=UTC))
        night = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
        assert schedule.take_lease(vault, "a", night)
        assert not schedule.take_lease(other, "b", night)  # a holds the lease and is still running
        schedule.finish_lease(vault, "a", night)
        assert schedule.run_daily(other, "b", night) is None  # the day is done
        report = schedule.run_daily(other, "b", night + timedelta(days=1))
        assert report is not None and report.records == 1
        assert schedule.take_lease(vault, "a", night + timedelta(days=2, hours=8))  # a crashed lease expires
        assert schedule.take_lease(other, "b", night + timedelta(days=2, hours=15))
    finally:
        other.close()


def test_the_sweeper_thread_runs_at_its_time(vault: Vault) -> None:
    soon = (now() + timedelta(seconds=1)).astimezone(AMSTERDAM)
    if soon.date() != now().astimezone(AMSTERDAM).date():
        pytest.skip("too close to midnight in Amsterdam")
    sweeper = schedule.DailySweeper(vault, soon.time().replace(microsecond=0), holder="test")
    sweeper.start()
    try:
        deadline = clock.monotonic() + 10
        while clock.monotonic() < deadline:
            with vault.unit() as unit:
                lease = unit.data.get(Setting, schedule.LEASE)
                if lease is not None and lease.value.get("day") == soon.date().isoformat():
                    break
            clock.sleep(0.1)
        else:
            pytest.fail("the daily sweep did not run")
    finally:
        sweeper.stop()
        sweeper.join(timeout=5)
    assert not sweeper.is_alive()
