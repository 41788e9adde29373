import pytest

from waarborg.core.periods import Period, Promise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1Y", Period(years=1)),
        ("P4W", Period(weeks=4)),
        ("p26m", Period(months=26)),
        ("P1Y6M", Period(years=1, months=6)),
        ("P14D", Period(days=14)),
    ],
)
def test_period_parses_iso_8601(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["", "P", "1Y", "P1.5Y", "4 weeks", "PT5H", "P1D1Y"])
def test_period_rejects_other_text_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match=r"ISO 8601 period; write e\.g\. P4W"):
        Period.parse(text)


def test_period_round_trips_to_text() -> None:
    assert str(Period.parse("P1Y6M")) == "P1Y6M"
    assert str(Period()) == "P0D"


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("4 weeks", 4, "weeks"),
        ("10 working days", 10, "working_days"),
        ("14 werkdagen", 14, "working_days"),
        ("vier weken", 4, "weeks"),
        ("one month", 1, "months"),
        ("1 maand", 1, "months"),
        ("30 days", 30, "days"),
    ],
)
def test_promise_parses_english_and_dutch(text: str, count: int, unit: str) -> None:
    promise = Promise.parse(text)
    assert (promise.count, promise.unit) == (count, unit)


@pytest.mark.parametrize("text", ["soon", "as quickly as possible", "0 weeks", "4 fortnights", "weeks"])
def test_promise_rejects_what_it_cannot_count(text: str) -> None:
    with pytest.raises(ValueError, match="is not a response time"):
        Promise.parse(text)


def test_promise_spans() -> None:
    assert Promise.parse("4 weeks").min_days() == 28
    assert Promise.parse("10 working days").min_days() == 12
    assert Promise.parse("6 weeks").min_days() > 31
    assert Promise.parse("one month").max_days() == 31
