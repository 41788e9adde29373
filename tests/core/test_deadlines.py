"""Request deadlines: Regulation 1182/71 on the Dutch calendar (Algemene termijnenwet), promises, extension."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.factories import ROOT
from waarborg.cli.app import app
from waarborg.core.deadlines import add_months, deadline, holiday_name
from waarborg.core.periods import Promise


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (date(2026, 4, 30), date(2026, 6, 1), "30 May is a Saturday"),
        (date(2026, 1, 31), date(2026, 3, 2), "no 31 February: the last day, a Saturday"),
        (date(2026, 12, 1), date(2027, 1, 4), "New Year's Day, then a weekend"),
        (date(2026, 4, 5), date(2026, 5, 6), "5 May counts every year, not only every fifth"),
        (date(2026, 3, 3), date(2026, 4, 7), "Good Friday, the weekend, Easter Monday"),
        (date(2026, 3, 27), date(2026, 4, 28), "King's Day"),
        (date(2026, 6, 10), date(2026, 7, 10), "a plain Friday"),
    ],
)
def test_one_month(received: date, due: date, why: str) -> None:
    assert deadline(received).due == due, why


def test_promises_extension_and_decree_days() -> None:
    assert deadline(date(2026, 4, 30), Promise.parse("10 werkdagen")).due == date(2026, 5, 18)
    assert deadline(date(2026, 4, 30), Promise.parse("4 weeks")).due == date(2026, 5, 28)
    assert deadline(date(2026, 4, 30), Promise.parse("14 working days")).due == date(2026, 5, 22)
    same = deadline(date(2026, 6, 10), Promise.parse("one month"))
    assert same.due == date(2026, 7, 10) and "not longer than the promise" in same.rule
    assert deadline(date(2026, 1, 15), Promise.parse("4 weeks"), extended=True).due == date(2026, 4, 15)
    assert deadline(date(2026, 4, 15)).due == date(2026, 5, 15)
    assert deadline(date(2026, 4, 15), extra=[date(2026, 5, 15)]).due == date(2026, 5, 18)
    assert holiday_name(date(2026, 5, 15), [date(2026, 5, 15)]) == "a day named by royal decree (Atw art 3(3))"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_legal_deadline_is_a_working_day_one_month_on(received: date) -> None:
    due = deadline(received).due
    assert holiday_name(due) is None
    assert add_months(received, 1) <= due <= add_months(received, 1) + timedelta(days=5)


def test_the_command_prints_the_date_alone_first() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["deadline", "2026-04-30", "--promise", "10 werkdagen"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-05-18" and lines[1].startswith("rule: the promise") and "Bevrijdingsdag" in result.stdout
    ivio = runner.invoke(app, ["deadline", "2026-04-30", "--register", str(ROOT / "examples/registers/ivio.yaml")])
    assert ivio.stdout.splitlines()[0] == "2026-05-28"  # IVIO promises four weeks
    for args, message in ((["deadline", "30-04-2026"], "not a date"), (["deadline", "2026-04-30", "--promise", "soon"],
                                                                      "--promise")):  # fmt: skip
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2 and message in bad.stderr


@pytest.mark.parametrize(
    ("received", "promise", "due"),
    [
        (date(2024, 1, 30), None, date(2024, 2, 29)),  # a leap year's 29 February, a Thursday
        (date(2023, 1, 30), None, date(2023, 2, 28)),  # no 29 February: the month's last day
        (date(2027, 1, 31), None, date(2027, 3, 1)),  # 28 February 2027 is a Sunday
        (date(2026, 11, 25), None, date(2026, 12, 28)),  # Christmas, Boxing Day, a Sunday
        (date(2025, 3, 26), None, date(2025, 4, 28)),  # King's Day on the 26th (the 27th a Sunday), a Sunday
        (date(2026, 4, 14), None, date(2026, 5, 15)),  # Ascension Day
        (date(2026, 4, 25), None, date(2026, 5, 26)),  # Whit Monday
        (date(2027, 2, 26), None, date(2027, 3, 30)),  # Good Friday, the weekend, Easter Monday
        (date(2026, 12, 18), "10 working days", date(2027, 1, 5)),  # Christmas and New Year's Day do not count
        (date(2026, 4, 20), "14 werkdagen", date(2026, 5, 12)),  # King's Day and 5 May do not count
        (date(2026, 12, 1), "4 weeks", date(2026, 12, 29)),
        (date(2026, 11, 27), "vier weken", date(2026, 12, 28)),  # ends on Christmas: the next working day
        (date(2026, 1, 31), "one month", date(2026, 3, 2)),
        (date(2028, 2, 29), "1 maand", date(2028, 3, 29)),
    ],
)
def test_deadline_table(received: date, promise: str | None, due: date) -> None:
    assert deadline(received, Promise.parse(promise) if promise else None).due == due
