"""A discovery scan judges a column on the guard's column view: the special category most of its values hold,
and no personal data in a product catalogue that holds a name-shaped word now and then."""

from __future__ import annotations

import pytest

from tests.pii.test_issue27 import CATALOGUE, SICK_LEAVE
from waarborg.discovery.classify import judge
from waarborg.discovery.model import ColumnInfo

NOTES = ColumnInfo("notitie", "TEXT")


@pytest.mark.parametrize(
    ("values", "category"),
    [
        (SICK_LEAVE, "user.health_and_medical"),
        ([f"{name} is lid van de FNV en wil de cao bespreken." for name in ("Sanne", "Daan", "Femke", "Bram")] * 3,
         "user.demographic"),
        ([f"Screening: {name} heeft een strafblad, VOG geweigerd." for name in ("Sanne", "Daan", "Femke")] * 3,
         "user.criminal_history"),
        (["Hij gaat vrijdags naar de moskee, dus geen vergaderingen dan."] * 6, "user.demographic.religious_belief"),
        (CATALOGUE, None),
    ],
)  # fmt: skip
def test_a_free_text_column_is_judged_by_the_share_of_its_values(values: list[str], category: str | None) -> None:
    verdict = judge("notities", NOTES, values)
    assert verdict.category == category, verdict
