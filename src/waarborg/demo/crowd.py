"""The demo's crowd: a few hundred synthetic people (Faker, nl_NL) for a register, with their consent.

Synthetic values are generated per data category, so every seed register's activities can be filled
and pass the same validation as real intake. A field that a role's scope is linked by (ICM's course) takes
one of a few shared values, so an instructor's course has participants. Whoever holds a record of an
activity that asks for consent has a receipt for some of its options (ICM's tips, events, offers), so the
audience of a mailing is not empty.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker

from waarborg.access.policy import Principal, operator
from waarborg.consent import receipts
from waarborg.register.schema import Activity, DataField, Register
from waarborg.vault.service import Submission, Unit, Vault

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
COURSES = [
    "Projectmanagement (PRINCE2)", "Leidinggeven in de praktijk", "Office management", "HR-adviseur",
    "Managementassistent", "Inkoopmanagement", "Marketing en communicatie", "Bedrijfskunde",
    "Lean Six Sigma Green Belt", "Financieel management",
]  # fmt: skip
"""What a scope's field takes in the crowd: a few shared values (the story's instructor has a course of
their own, so exactly the story's participants are in their scope)."""
BY = operator("demo")


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


def fillable(register: Register) -> list[str]:
    """The activities a demo can fill: those that need no made-up government id."""
    return [
        key
        for key, a in register.activities.items()
        if not any(f.category.startswith(SKIPPED) and f.required for f in a.fields.values())
    ]


def scope_fields(register: Register) -> set[str]:
    return {role.scope.linked_by for role in register.roles.values() if role.scope is not None}


def fill(vault: Vault, subjects: int = 300, seed: int = 7) -> int:
    """Add ``subjects`` synthetic people, each with one to three records in the register's activities and
    a consent receipt where an activity asks for consent. Commits, in a unit of its own: the demo has no
    caller with a unit. Returns the number of records."""
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    rng = random.Random(seed)
    activities = fillable(vault.register)
    shared = scope_fields(vault.register)
    added = 0
    now = datetime.now(UTC)
    with vault.unit() as unit:
        for _ in range(subjects):
            person: dict[str, Any] = {}
            for key in rng.sample(activities, k=min(len(activities), rng.randint(1, 3))):
                values = synthetic_record(vault.register.activities[key], faker, rng, person)
                values.update({name: rng.choice(COURSES) for name in shared if name in values})
                collected = now - timedelta(days=rng.randint(0, 900))
                submission = Submission(vault.validate(key, values), collected)
                subject = vault.add_records(unit, key, [submission], by=BY)[0].subject_id
                consent_as_chosen(vault, unit, subject, key, rng, collected)
                added += 1
    return added


def consent_as_chosen(
    vault: Vault, unit: Unit, subject_id: str, activity: str, rng: random.Random, at: datetime, by: Principal = BY
) -> None:
    """Most people agreed to some of the activity's options when they gave the data; a few later withdrew one."""
    spec = vault.register.activities[activity].consent
    if spec is None or rng.random() < 0.1:
        return
    options = receipts.options_of(vault.register, activity)
    picked = sorted(rng.sample(options, k=rng.randint(1, len(options))))
    receipts.record(vault, unit, subject_id, activity, picked, granted=True, via="web_form", at=at, lang="nl", by=by)
    later = at + timedelta(days=rng.randint(1, 200))
    if len(picked) > 1 and rng.random() < 0.2 and later < datetime.now(UTC):
        withdrawn = [rng.choice(picked)]
        receipts.record(vault, unit, subject_id, activity, withdrawn, granted=False, via="unsubscribe_link",
                        at=later, lang="nl", by=by)  # fmt: skip
