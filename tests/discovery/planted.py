"""Two outside systems built for the discovery tests: a course administration and a CRM, each with columns the
register below does not list (a BSN, an IBAN, health notes, a second e-mail address, free-text notes with names
and phone numbers) and decoys that only look personal (product numbers of nine digits, EAN codes, order codes).
"""

from __future__ import annotations

import copy
import random
from typing import Any

from faker import Faker
from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, Numeric, String, Table, Text
from sqlalchemy.engine import Engine

ADMIN = MetaData()
students = Table(
    "students", ADMIN,
    Column("id", Integer, primary_key=True), Column("studentnummer", Integer), Column("email", String(200), index=True),
    Column("naam", String(200)), Column("telefoon", String(40)), Column("geboortedatum", Date),
    Column("bsn", String(9)), Column("iban", String(34)),
)  # fmt: skip
courses = Table(
    "courses", ADMIN,
    Column("id", Integer, primary_key=True), Column("code", String(20)), Column("title", String(200)),
    Column("price", Numeric(10, 2)),
)  # fmt: skip
enrolments = Table(
    "enrolments", ADMIN,
    Column("id", Integer, primary_key=True), Column("student_id", ForeignKey("students.id"), index=True),
    Column("course_id", ForeignKey("courses.id")), Column("bijzonderheden", Text),
)  # fmt: skip
products = Table(
    "products", ADMIN,
    Column("id", Integer, primary_key=True), Column("artikelnummer", Integer), Column("ean", String(13)),
    Column("omschrijving", String(200)),
)  # fmt: skip

CRM = MetaData()
contacts = Table(
    "contacts", CRM,
    Column("id", Integer, primary_key=True), Column("email", String(200), index=True),
    Column("email_prive", String(200)), Column("voornaam", String(100)), Column("achternaam", String(100)),
    Column("organisatie", String(200)),
)  # fmt: skip
notes = Table(
    "notes", CRM,
    Column("id", Integer, primary_key=True), Column("contact_ref", Integer), Column("tekst", Text),
)  # fmt: skip
deals = Table(
    "deals", CRM,
    Column("id", Integer, primary_key=True), Column("contact_id", ForeignKey("contacts.id"), index=True),
    Column("product_code", String(20)), Column("bedrag", Numeric(10, 2)),
)  # fmt: skip

PLANTED = {
    ("students", "bsn"): "user.government_id.national_identification_number",
    ("students", "iban"): "user.financial.bank_account",
    ("enrolments", "bijzonderheden"): "user.health_and_medical",
    ("contacts", "email_prive"): "user.contact.email",
    ("notes", "tekst"): "user.content.private",
}
DECOYS = {("products", "artikelnummer"), ("products", "ean"), ("products", "omschrijving"), ("deals", "product_code"),
          ("deals", "bedrag"), ("courses", "code"), ("courses", "title"), ("courses", "price")}  # fmt: skip

HEALTH = ("Heeft diabetes, meet tussendoor de suiker.", "Epilepsie: geen flitsende beelden tonen.",
          "Is zwanger, uitgerekend in juni; geen praktijkdagen.", "Herstelt van een burn-out, halve dagen.",
          "Astma, inhaler bij zich.", "Na de chemotherapie sneller moe.",
          "Depressie, begeleid door de huisarts.")  # fmt: skip
NOTES = ("Gebeld met {name}, terugbellen op {phone}.", "{name} vraagt om een offerte; bereikbaar via {phone}.",
         "Voicemail ingesproken voor {name}. Nummer: {phone}",
         "Afspraak met {name} verzet, nieuw nummer {phone}.")  # fmt: skip
TITLES = ("Excel voor beginners", "Werken met Marketing: de basis", "Projectmatig werken in de praktijk",
          "Certificaten als PDF/A", "Leidinggeven aan teams", "Boekhouden met Exact Online")  # fmt: skip


def fill_admin(engine: Engine, people: int = 300, seed: int = 3) -> list[dict[str, Any]]:
    """The course administration; returns its students."""
    fake, rng = _fakers(seed)
    ADMIN.create_all(engine)
    people_rows = [{"id": i, "studentnummer": 20_000 + i, "email": f"student{i}@{fake.free_email_domain()}",
                    "naam": fake.name(), "telefoon": fake.phone_number(), "geboortedatum": fake.date_of_birth(),
                    "bsn": fake.ssn(), "iban": fake.iban()} for i in range(1, people + 1)]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(students.insert(), people_rows)
        connection.execute(courses.insert(), [{"id": c, "code": f"OPL-{100 + c}", "title": TITLES[c % len(TITLES)],
                                               "price": 495 + c} for c in range(1, 31)])  # fmt: skip
        connection.execute(enrolments.insert(), [
            {"id": i, "student_id": 1 + i % people, "course_id": 1 + i % 30,
             "bijzonderheden": rng.choice(HEALTH) if i % 3 else None} for i in range(1, 2 * people + 1)
        ])  # fmt: skip
        connection.execute(products.insert(), [
            {"id": i, "artikelnummer": rng.randint(100_000_000, 999_999_999),
             "ean": f"87{rng.randint(10**10, 10**11 - 1)}", "omschrijving": f"{rng.choice(TITLES)} (werkboek)"}
            for i in range(1, 401)
        ])  # fmt: skip
    return people_rows


def fill_crm(engine: Engine, people: list[dict[str, Any]], seed: int = 4) -> None:
    """The CRM: the same people as contacts (some), notes that point at them by number only, and deals."""
    fake, rng = _fakers(seed)
    CRM.create_all(engine)
    with engine.begin() as connection:
        connection.execute(contacts.insert(), [
            {"id": p["id"], "email": p["email"],
             "email_prive": f"{fake.user_name()}{p['id']}@{fake.free_email_domain()}",
             "voornaam": p["naam"].split()[0], "achternaam": p["naam"].split()[-1], "organisatie": fake.company()}
            for p in people
        ])  # fmt: skip
        connection.execute(notes.insert(), [
            {"id": i, "contact_ref": people[i % len(people)]["id"],
             "tekst": rng.choice(NOTES).format(name=fake.name(), phone=fake.phone_number())}
            for i in range(1, 2 * len(people) + 1)
        ])  # fmt: skip
        connection.execute(deals.insert(), [
            {"id": i, "contact_id": people[i % len(people)]["id"], "product_code": f"P-{rng.randint(0, 999_999):06d}",
             "bedrag": rng.randint(100, 5000)} for i in range(1, len(people) + 1)
        ])  # fmt: skip


def _fakers(seed: int) -> tuple[Faker, random.Random]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    return fake, random.Random(seed)


REGISTER_SYSTEMS: dict[str, Any] = {
    "administration": {
        "name": "Cursusadministratie", "owner": "dpo", "reach": "sql",
        "sql": {"url_env": "WAARBORG_SQL_ADMINISTRATION", "tables": {
            "students": {"identity": {"email": "email"},
                         "columns": {"naam": "user.name", "email": "user.contact.email",
                                     "telefoon": "user.contact.phone_number",
                                     "geboortedatum": "user.demographic.date_of_birth"}},
            "enrolments": {"links": {"student_id": "students.id"}},
        }},
    },
    "crm": {
        "name": "CRM", "owner": "dpo", "reach": "sql",
        "sql": {"url_env": "WAARBORG_SQL_CRM", "tables": {
            "contacts": {"identity": {"email": "email"},
                         "columns": {"voornaam": "user.name", "achternaam": "user.name",
                                     "email": "user.contact.email"}},
        }},
    },
}  # fmt: skip


def with_systems(data: dict[str, Any]) -> None:
    """A register mutation for ``tests.factories.make_register``: the two systems, used by the courses activity."""
    data["systems"] = copy.deepcopy(REGISTER_SYSTEMS)  # a test may change its copy
    data["activities"]["courses"]["systems"] = ["administration", "crm"]
