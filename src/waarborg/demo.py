"""The demo: a vault on SQLite filled with a few hundred synthetic people (Faker, nl_NL) for a register.

Synthetic values are generated per data category, so every seed register's activities can be filled
and pass the same validation as real intake. Nothing here is used outside ``waarborg demo``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker

from waarborg.access.policy import operator
from waarborg.register.schema import Activity, DataField
from waarborg.vault.service import Submission, Vault

Maker = Callable[[Faker, random.Random], Any]

BY_CATEGORY: list[tuple[str, Maker]] = [
    ("user.contact.email", lambda f, _r: f.unique.email()),
    ("user.contact.phone_number", lambda _f, r: f"06{r.randrange(10_000_000, 59_999_999)}"),
    (
        "user.contact.address.postal_code",
        lambda _f, r: f"{r.randrange(1000, 9999)} {r.choice('ABCDEFGHJKLMNPRT')}{r.choice('ABCDEFGHJKLMNPRT')}",
    ),
    ("user.contact.address.city", lambda f, _r: f.city()),
    ("user.contact.address.street", lambda f, _r: f.street_address()),
    ("user.contact.address", lambda f, _r: f"{f.street_address()}, {f.postcode()} {f.city()}"),
    ("user.name.first", lambda f, _r: f.first_name()),
    ("user.name.last", lambda f, _r: f.last_name()),
    ("user.name", lambda f, _r: f.name()),
    ("user.demographic.date_of_birth", lambda f, _r: f.date_of_birth(minimum_age=17, maximum_age=70).isoformat()),
    ("user.demographic.gender", lambda _f, r: r.choice(["vrouw", "man", "anders"])),
    ("user.financial.bank_account", lambda f, _r: f.iban()),
    ("user.job_title", lambda f, _r: f.job()),
    ("user.contact.organization", lambda f, _r: f.company()),
]
SKIPPED = ("user.government_id",)  # a demo never makes up BSNs


def synthetic_value(field: DataField, faker: Faker, rng: random.Random) -> Any:
    for prefix, make in BY_CATEGORY:
        if field.category == prefix or field.category.startswith(prefix + "."):
            return make(faker, rng)
    if field.free_text:
        return faker.paragraph(nb_sentences=3)
    return faker.sentence(nb_words=4).rstrip(".")


def synthetic_record(activity: Activity, faker: Faker, rng: random.Random, person: dict[str, Any]) -> dict[str, Any]:
    """Values for one record; ``person`` keeps one value per category, so one person's records link."""
    values = {}
    for name, spec in activity.fields.items():
        if spec.category.startswith(SKIPPED) or not (spec.required or rng.random() < 0.7):
            continue
        if spec.category not in person or spec.free_text:
            person[spec.category] = synthetic_value(spec, faker, rng)
        values[name] = person[spec.category]
    return values


def fill(vault: Vault, subjects: int = 300, seed: int = 7) -> int:
    """Add ``subjects`` synthetic people, each with one to three records in the register's activities
    (committed in batches of its own: the demo has no caller with a unit)."""
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    rng = random.Random(seed)
    activities = [
        key
        for key, a in vault.register.activities.items()
        if not any(f.category.startswith(SKIPPED) and f.required for f in a.fields.values())
    ]
    added = 0
    now = datetime.now(UTC)
    with vault.unit() as unit:
        for _ in range(subjects):
            person: dict[str, Any] = {}
            for key in rng.sample(activities, k=min(len(activities), rng.randint(1, 3))):
                values = synthetic_record(vault.register.activities[key], faker, rng, person)
                collected = now - timedelta(days=rng.randint(0, 900))
                submission = Submission(vault.validate(key, values), collected)
                vault.add_records(unit, key, [submission], by=operator("demo"))
                added += 1
    return added
