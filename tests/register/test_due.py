"""Due dates from retention rules: calendar arithmetic on the Amsterdam calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import make_register
from waarborg.core.periods import Period
from waarborg.core.timeutil import AMSTERDAM, parse_time
from waarborg.register.due import add_period, record_due


def local(text: str) -> datetime:
    return parse_time(text)


def test_months_clamp_to_the_end_of_the_month() -> None:
    assert add_period(local("2026-01-31"), Period(months=1)).astimezone(AMSTERDAM).date().isoformat() == "2026-02-28"
    assert add_period(local("2028-01-31"), Period(months=1)).astimezone(AMSTERDAM).date().isoformat() == "2028-02-29"
    assert add_period(local("2024-02-29"), Period(years=1)).astimezone(AMSTERDAM).date().isoformat() == "2025-02-28"


def test_local_midnight_survives_daylight_saving_time() -> None:
    due = add_period(local("2026-03-01"), Period(months=6))  # winter time to summer time
    assert due.astimezone(AMSTERDAM).isoformat() == "2026-09-01T00:00:00+02:00"
    assert due.tzinfo is not None and due.utcoffset() is not None


def test_weeks_and_days() -> None:
    assert (
        add_period(local("2026-12-25"), Period(weeks=4, days=1)).astimezone(AMSTERDAM).date().isoformat()
        == "2027-01-23"
    )


def rules(*rules: dict[str, object]):  # type: ignore[no-untyped-def]
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["events"]["contract_ended"] = {"label": "Einde overeenkomst"}
        d["activities"]["newsletter"]["consent"]["options"]["longer"] = {"label": "Langer bewaren"}
        d["activities"]["newsletter"]["retention"] = list(rules)

    return make_register(mutate).register.activities["newsletter"]


def test_the_earliest_rule_wins_and_waits_for_its_trigger() -> None:
    activity = rules({"after": "collected", "keep": "P2Y"}, {"after": "unsubscribed", "keep": "P4W"})
    collected = datetime(2026, 1, 1, 12, tzinfo=UTC)
    due, rule = record_due(activity, collected)
    assert (due, rule) == (add_period(collected, Period(years=2)), 0)
    unsubscribed = datetime(2026, 3, 1, 12, tzinfo=UTC)
    due, rule = record_due(activity, collected, {"unsubscribed": unsubscribed})
    assert (due, rule) == (add_period(unsubscribed, Period(weeks=4)), 1)


def test_several_triggers_count_from_the_latest() -> None:
    activity = rules({"after": ["unsubscribed", "contract_ended"], "keep": "P1Y"})
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    assert record_due(activity, early, {"unsubscribed": early, "contract_ended": late})[0] == add_period(
        late, Period(years=1)
    )
    assert record_due(activity, early, {})[0] is None


def test_consent_to_keep_longer_replaces_the_shorter_rule() -> None:
    activity = rules(
        {"after": "collected", "keep": "P1Y"}, {"after": "collected", "keep": "P5Y", "if_consent": "longer"}
    )
    collected = datetime(2026, 1, 1, tzinfo=UTC)
    assert record_due(activity, collected)[1] == 0
    assert record_due(activity, collected, consents={"longer"}) == (add_period(collected, Period(years=5)), 1)


def test_words_set_no_date() -> None:
    activity = rules({"after": "collected", "keep": "as_long_as_necessary", "criteria": "Zolang je lid bent"})
    assert record_due(activity, datetime(2026, 1, 1, tzinfo=UTC)) == (None, None)
