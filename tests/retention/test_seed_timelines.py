"""The four seed statements' retention promises, each checked one second before and at its due instant."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import pytest
from faker import Faker
from sqlalchemy import func, select

from tests.conftest import open_vault
from tests.factories import ROOT
from tests.retention.helpers import BY, SECOND, T0
from waarborg.core.periods import Period
from waarborg.demo import synthetic_record
from waarborg.register.due import add_period
from waarborg.register.loader import load_register
from waarborg.retention.sweep import sweep
from waarborg.vault.models import Record
from waarborg.vault.service import Vault
from waarborg.vault.tables import DoNotContact

SEEDS = ROOT / "examples" / "registers"
EVENT_AT = T0 + timedelta(days=20)

# (seed, activity, trigger event or None for collection, promise, what the sweep leaves at the due instant)
CASES = [
    ("ikwerkindezorg", "newsletter", "unsubscribed", Period(weeks=4), "gone"),
    ("ikwerkindezorg", "matching", "last_invoice", Period(years=5),
     {"name", "gender", "date_of_birth", "address", "email", "phone", "bank_account"}),
    ("ikwerkindezorg", "matching", "last_invoice", Period(years=7), "gone"),
    ("ikwerkindezorg", "learning", "contract_ended", Period(years=1), "gone"),
    ("ivio", "identity_contact", "relationship_ended", Period(years=7), "gone"),
    ("ivio", "payment", "relationship_ended", Period(years=7), "gone"),
    ("ivio", "website", None, Period(months=26), "gone"),
    ("igen", "cameras", "recording", Period(days=14), "gone"),
    ("igen", "website", None, Period(months=6), "gone"),
    ("igen", "applicants", "we_contacted_you", Period(years=1), "gone"),
    ("igen", "potentials", "no_or_negative_response", Period(), "minimised"),
    ("igen", "business_contacts", "agreement_ended", Period(years=5), "gone"),
    ("icm", "applications", "application_closed", Period(years=1), "gone"),
    ("icm", "website", None, Period(days=30), {"marketing_cookie_ids", "hotjar_cookie_ids", "browsing_behaviour",
                                               "email"}),
]  # fmt: skip


def _vault(name: str, db_url: str, master_key: bytes) -> Iterator[Vault]:
    vault = open_vault(load_register(SEEDS / f"{name}.yaml").register, db_url, master_key)
    yield vault
    vault.close()


def _full_record(vault: Vault, activity: str) -> dict[str, object]:
    """Every field of the activity filled with a valid synthetic value."""
    spec = vault.register.activities[activity]
    always = random.Random(1)
    always.random = lambda: 0.0  # type: ignore[method-assign]
    faker = Faker("nl_NL")
    faker.seed_instance(1)
    values = synthetic_record(spec, faker, always, {})
    return {k: v for k, v in values.items() if not spec.fields[k].category.startswith("user.government_id")}


@pytest.mark.parametrize(
    ("name", "activity", "trigger", "promise", "after"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_a_seed_promise_is_kept_to_the_second(
    name: str, activity: str, trigger: str | None, promise: Period, after: object, db_url: str, master_key: bytes
) -> None:
    vault = next(_vault(name, db_url, master_key))
    try:
        with vault.unit() as unit:
            added = vault.add_record(unit, activity, _full_record(vault, activity), collected_at=T0, by=BY)
            if trigger is not None:
                record = added.record_id if trigger == "recording" else None
                vault.add_event(
                    unit, added.subject_id, trigger, at=EVENT_AT, activity=activity, record_id=record, by=BY
                )
        due = add_period(EVENT_AT if trigger else T0, promise)
        if promise != Period():
            sweep(vault, due - SECOND, by=BY)
            assert _record(vault, added.record_id) is not None, "gone before its time"
        sweep(vault, due, by=BY)
        found = _record(vault, added.record_id)
        if after == "gone":
            assert found is None
        elif after == "minimised":
            assert found is not None and found.status == "minimised" and set(found.fields) <= {"name", "do_not_contact"}
            with vault.unit() as unit:
                assert unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one() >= 1
        else:
            assert found is not None and set(found.fields) == after
    finally:
        vault.close()


def _record(vault: Vault, record_id: str) -> Record | None:
    with vault.unit() as unit:
        record = unit.data.get(Record, record_id)
        if record is not None:
            unit.data.expunge(record)
        return record
