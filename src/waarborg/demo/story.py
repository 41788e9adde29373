"""The demo's story: three named people who each show part of the product, a breach and an instructor's
course. Everything goes through the library's own functions (intake, consent receipts, requests, holds,
breaches), as the website, the office and the command line would; nothing is written to a table directly.

- An: a participant of the instructor's course with two of the mailing's options (ICM: tips and offers, so
  `waarborg consent withdraw --email an@example.nl --activity newsletter --option offers` can be tried),
  and an erasure request that came in just now (not yet confirmed).
- Bram: the mailing's other option, an access request due within a week and a question already answered.
- Carla: a participant of the course, a correction request past its deadline, and a legal hold.

A register without a mailing, a scoped role or e-mail addresses gets what of this it can hold.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from faker import Faker

from waarborg.access import breaches
from waarborg.consent import receipts
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.demo.crowd import BY, fillable, synthetic_record
from waarborg.register.schema import Register
from waarborg.retention import holds
from waarborg.rights import clock, fulfil, intake, requests
from waarborg.vault.service import Vault

Send = Callable[[Mail], None]
COURSE = "Privacy en de AVG in de praktijk"
"""The instructor's own course: only the story's participants take it."""
EXTRA_PARTICIPANTS = 4
MONTH = timedelta(days=30)
SOON_DAYS = (2, 6)  # a due-soon request is due within the office's week, whatever weekends move


@dataclass(frozen=True)
class Character:
    email: str
    first: str
    last: str


AN = Character("an@example.nl", "An", "de Vries")
BRAM = Character("bram@example.nl", "Bram", "Jansen")
CARLA = Character("carla@example.nl", "Carla", "Bakker")


@dataclass
class Shown:
    """What one named person shows, for the landing page (keys, never sentences: the page words them)."""

    email: str
    name: str
    activities: list[str] = field(default_factory=list)
    consent: dict[str, list[str]] = field(default_factory=dict)  # activity: the options granted
    requests: list[dict[str, str]] = field(default_factory=list)  # kind, state (new/soon/overdue/answered), due_on
    course: str | None = None
    hold: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class Cast:
    """Which of the register's activities the story uses."""

    mailing: str | None  # an activity whose consent has options (ICM's newsletter)
    scoped: tuple[str, str] | None  # (activity, field) a role's scope is linked by (ICM's courses, course)
    fallback: str | None  # an activity holding an e-mail address, for a register with neither

    @classmethod
    def of(cls, register: Register) -> Cast:
        usable = [a for a in fillable(register) if _email_field(register, a)]
        mailing = next((a for a in usable if _options(register, a)), None)
        scoped = next(
            ((a, role.scope.linked_by) for role in register.roles.values() if role.scope is not None
             for a in usable if role.scope.linked_by in register.activities[a].fields
             and (role.activities == ["all"] or a in role.activities)),
            None,
        )  # fmt: skip
        return cls(mailing, scoped, usable[0] if usable else None)


def _options(register: Register, activity: str) -> bool:
    consent = register.activities[activity].consent
    return consent is not None and bool(consent.options)


def _email_field(register: Register, activity: str) -> str | None:
    fields = register.activities[activity].fields
    return next((n for n, f in fields.items() if f.category == "user.contact.email" and f.identifier), None)


def tell(vault: Vault, send: Send, base_url: str, seed: int) -> dict[str, Any]:
    """Add the story to the vault, committing step by step as the website and the office would; returns
    what the landing page says about it."""
    faker = Faker("nl_NL")
    faker.seed_instance(seed + 1)
    rng = random.Random(seed + 1)
    cast = Cast.of(vault.register)
    an, bram, carla = (Shown(c.email, f"{c.first} {c.last}") for c in (AN, BRAM, CARLA))
    course = _participants(vault, cast, [(AN, an), (CARLA, carla)], faker, rng)
    for character, shown in ((AN, an), (BRAM, bram), (CARLA, carla)):
        wanted = [cast.mailing] if cast.mailing and character is not CARLA else []
        if not shown.activities and not wanted and cast.fallback:
            wanted = [cast.fallback]
        _enrol(vault, character, shown, wanted, faker, rng)
    if cast.mailing:
        options = receipts.options_of(vault.register, cast.mailing)
        _consent(vault, an, cast.mailing, [o for o in options if o in ("tips", "offers")] or options[:2])
        _consent(vault, bram, cast.mailing, [o for o in options if o not in an.consent[cast.mailing]] or options[:1])
    if an.activities:
        _request(vault, send, base_url, an, "erasure", "new", days_ago=0)
    if bram.activities:
        _request(vault, send, base_url, bram, "access", "soon", days_ago=_due_soon(vault.register, "access"))
        _request(vault, send, base_url, bram, "question", "answered", days_ago=12)
    if carla.activities:
        _request(vault, send, base_url, carla, "rectification", "overdue", days_ago=45)
        carla.hold = _hold(vault, carla)
    breach = _breach(vault, cast)
    return {"people": [p.as_dict() for p in (an, bram, carla) if p.activities], "course": course, "breach": breach}


def _participants(
    vault: Vault, cast: Cast, named: list[tuple[Character, Shown]], faker: Faker, rng: random.Random
) -> str | None:
    """The instructor's course: two named people and a few synthetic ones take it (commits)."""
    if cast.scoped is None:
        return None
    activity, linked = cast.scoped
    for character, shown in named:
        _enrol(vault, character, shown, [activity], faker, rng, {linked: COURSE})
        shown.course = COURSE
    with vault.unit() as unit:
        for _ in range(EXTRA_PARTICIPANTS):
            values = synthetic_record(vault.register.activities[activity], faker, rng, {})
            values[linked] = COURSE
            vault.add_record(unit, activity, values, collected_at=now() - timedelta(days=rng.randint(5, 60)), by=BY)
    return COURSE


def _enrol(
    vault: Vault,
    character: Character,
    shown: Shown,
    activities: list[str],
    faker: Faker,
    rng: random.Random,
    fixed: dict[str, Any] | None = None,
) -> None:
    """Records of the named person, linked by their e-mail address as intake links everyone's (commits)."""
    by_category = {
        "user.contact.email": character.email,
        "user.name.first": character.first,
        "user.name.last": character.last,
        "user.name": f"{character.first} {character.last}",
    }
    with vault.unit() as unit:
        for activity in activities:
            spec = vault.register.activities[activity]
            values = synthetic_record(spec, faker, rng, {})
            for name, data_field in spec.fields.items():
                if data_field.category in by_category:
                    values[name] = by_category[data_field.category]
            values.update(fixed or {})
            collected = now() - timedelta(days=rng.randint(40, 400))
            subject = vault.add_record(unit, activity, values, collected_at=collected, by=BY).subject_id
            if spec.consent is not None and not spec.consent.options:  # one consent, given with the data
                receipts.record(vault, unit, subject, activity, None, granted=True, via="web_form", at=collected, by=BY)
            shown.activities.append(activity)


def _consent(vault: Vault, shown: Shown, activity: str, options: list[str]) -> None:
    """The person's mailing choices, given a month ago on the website's form (commits)."""
    with vault.unit() as unit:
        subject = requests.subject_of_email(vault, unit, shown.email)
        assert subject is not None
        receipts.record(vault, unit, subject, activity, options, granted=True, via="web_form", at=now() - MONTH,
                        form_url="https://www.example.nl/nieuwsbrief", by=BY)  # fmt: skip
    shown.consent[activity] = options


def _due_soon(register: Register, kind: str) -> int:
    """How many days ago a request came in that is now due within the next few days."""
    moment = now()
    for days in range(1, 120):
        left = clock.clock(clock.due_for(register, kind, moment - timedelta(days=days)).on, moment).days_left
        if SOON_DAYS[0] <= left <= SOON_DAYS[1]:
            return days
    return 1


def _request(vault: Vault, send: Send, base_url: str, shown: Shown, kind: str, state: str, days_ago: int) -> None:
    """A request as the person made it ``days_ago``: confirmed by staff unless new, answered when asked."""
    details = _details(vault.register, shown, kind)
    verified = None if state == "new" else "called back on the number we already had"
    received = now() - timedelta(days=days_ago, hours=0 if days_ago else 1)
    opened = intake.intake(vault, send, kind, shown.email, base_url=base_url, by=BY, received_at=received,
                           channel="web_form", details=details, verified=verified)  # fmt: skip
    if state == "answered":
        answer = "Wij geven uw gegevens alleen door aan de partijen die in onze privacyverklaring staan."
        fulfil.fulfil(vault, send, opened.request.id, by=BY, given=fulfil.Instructions(answer=answer))
    shown.requests.append({"kind": kind, "state": state, "due_on": opened.request.due_on.isoformat()})


def _details(register: Register, shown: Shown, kind: str) -> dict[str, Any] | None:
    """What the person asked: a question's text; a correction of their postal address where they gave one."""
    if kind == "question":
        return {"text": "Aan wie geven jullie mijn gegevens door?"}
    if kind != "rectification":
        return None
    for activity in shown.activities:
        for name, data_field in register.activities[activity].fields.items():
            if data_field.category == "user.contact.address":
                return {"changes": {name: "Oudegracht 12, 3511 AB Utrecht"}, "activity": activity}
    return None


def _hold(vault: Vault, shown: Shown) -> bool:
    """A legal hold on all of the person's data for a year (commits)."""
    with vault.unit() as unit:
        subject = requests.subject_of_email(vault, unit, shown.email)
        assert subject is not None
        holds.place(vault, unit, subject, kind="legal", reference="Rechtbank Midden-Nederland, zaak C/16/512345",
                    reason="Geschil over de factuur van de opleiding: bewaren tot de zaak is afgerond.",
                    until=now() + timedelta(days=365), by=BY)  # fmt: skip
    return True


def _breach(vault: Vault, cast: Cast) -> dict[str, str] | None:
    """A breach found 30 hours ago, not yet reported: its 72-hour clock is running (commits)."""
    activity = cast.mailing or cast.fallback
    if activity is None:
        return None
    email = _email_field(vault.register, activity)
    aware = now() - timedelta(hours=30)
    with vault.unit() as unit:
        breach = breaches.record_breach(
            unit.data, aware_at=aware, activities=[activity], fields=[email] if email else [], risk="risk",
            description="De verzendlijst van een mailing is per ongeluk naar een externe partij gestuurd.",
            known_activities=set(vault.register.activities),
        )  # fmt: skip
        deadline = breaches.clock(breach).deadline
    return {"activity": activity, "deadline": deadline.isoformat()}
