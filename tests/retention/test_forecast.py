"""The retention forecast: records per month and rule, overdue, on hold and without a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.retention.helpers import BY, add, event
from waarborg.retention import holds
from waarborg.retention.forecast import forecast
from waarborg.vault.service import Vault


def test_the_forecast_counts_per_month_and_rule(vault: Vault) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n, day in enumerate((5, 6, 40)):
        added = add(vault, "newsletter", {"email": f"p{n}@example.nl"}, at=start)
        event(vault, added.subject_id, "unsubscribed", start + timedelta(days=day))
    late = add(vault, "newsletter", {"email": "late@example.nl"}, at=start - timedelta(days=90))
    event(vault, late.subject_id, "unsubscribed", start - timedelta(days=60))  # due before the forecast starts
    add(vault, "courses", {"name": "An", "email": "an@example.nl", "course": "Excel"}, at=start)  # no date yet
    held = add(vault, "newsletter", {"email": "held@example.nl"}, at=start - timedelta(days=90))
    event(vault, held.subject_id, "unsubscribed", start - timedelta(days=60))
    with vault.unit() as unit:
        holds.place(vault, unit, held.subject_id, kind="legal", reference="C/1", reason="claim",
                    until=datetime(2099, 1, 1, tzinfo=UTC), by=BY)  # fmt: skip
    from waarborg.retention.sweep import sweep

    sweep(vault, start - timedelta(days=1), by=BY)  # restricts the held one; the late one is deleted
    with vault.unit() as unit:
        result = forecast(unit, start, datetime(2026, 12, 31, tzinfo=UTC))
    rows = [(r["month"], r["activity"], r["rule"], r["action"], r["records"]) for r in result.rows(vault.register)]
    assert rows == [("2026-02", "newsletter", 1, "delete", 2), ("2026-03", "newsletter", 1, "delete", 1)]
    assert result.restricted == {"newsletter": 1} and result.undated == {"courses": 1} and not result.overdue
    with vault.unit() as unit:
        later = forecast(unit, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    assert later.overdue == {"newsletter": 2}
