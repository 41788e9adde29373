"""A small course administration of our own, as an outside system: students, enrolments, invoices,
attendance, feedback; and its dataset annotation as a register declares it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, Numeric, String, Table, Text
from sqlalchemy.engine import Engine

from waarborg.register.systems import SqlDataset

metadata = MetaData()
students = Table(
    "students",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(200), index=True),
    Column("name", String(200)),
    Column("phone", String(40)),
    Column("born", Date),
)
courses = Table("courses", metadata, Column("id", Integer, primary_key=True), Column("title", String(200)))
enrolments = Table(
    "enrolments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("student_id", ForeignKey("students.id"), index=True),
    Column("course_id", ForeignKey("courses.id")),
    Column("motivation", Text),
)
invoices = Table(
    "invoices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("student_id", ForeignKey("students.id"), index=True),
    Column("name", String(200)),
    Column("amount", Numeric(10, 2)),
    Column("iban", String(40)),
)
attendance = Table(
    "attendance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enrolment_id", ForeignKey("enrolments.id"), index=True),
    Column("day", Date),
    Column("present", Integer),
)
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enrolment_id", ForeignKey("enrolments.id"), index=True),
    Column("text", Text),
)

DATASET: dict[str, Any] = {
    "url_env": "WAARBORG_SQL_SCHOOL",
    "tables": {
        "students": {
            "identity": {"email": "email", "customer_id": "id"},
            "columns": {
                "name": "user.name",
                "email": "user.contact.email",
                "phone": "user.contact.phone_number",
                "born": "user.demographic.date_of_birth",
            },
            "mask": {"name": "fixed:[verwijderd]", "email": "hash"},
        },
        "enrolments": {"links": {"student_id": "students.id"}, "columns": {"motivation": "user.content.private"}},
        "invoices": {
            "links": {"student_id": "students.id"},
            "fiscal": True,
            "columns": {"name": "user.name", "iban": "user.financial.bank_account"},
            "mask": {"name": "fixed:[verwijderd]"},
        },
        "attendance": {"links": {"enrolment_id": "enrolments.id"}, "columns": {"present": "user.education.progress"}},
        "feedback": {"links": {"enrolment_id": "enrolments.id"}, "columns": {"text": "user.content.private"}},
    },
}


def dataset() -> SqlDataset:
    return SqlDataset.model_validate(DATASET)


def fill(engine: Engine, people: int = 3, courses_n: int = 2) -> None:
    """People 1..n: n-th person has n enrolments (each with attendance and feedback) and an invoice."""
    import datetime as dt

    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(courses.insert(), [{"id": c, "title": f"Cursus {c}"} for c in range(1, courses_n + 1)])
        for person in range(1, people + 1):
            connection.execute(
                students.insert(),
                [
                    {
                        "id": person,
                        "email": f"p{person}@example.nl",
                        "name": f"Persoon {person}",
                        "phone": "0612345678",
                        "born": dt.date(1990, 1, person),
                    }
                ],
            )
            for n in range(person):
                enrolment = person * 100 + n
                connection.execute(
                    enrolments.insert(),
                    [{"id": enrolment, "student_id": person, "course_id": 1 + n % courses_n, "motivation": "graag"}],
                )
                connection.execute(
                    attendance.insert(),
                    [{"id": enrolment * 10, "enrolment_id": enrolment, "day": dt.date(2026, 3, 1), "present": 1}],
                )
                connection.execute(
                    feedback.insert(), [{"id": enrolment * 10, "enrolment_id": enrolment, "text": "Leerzaam"}]
                )
            connection.execute(
                invoices.insert(),
                [
                    {
                        "id": person,
                        "student_id": person,
                        "name": f"Persoon {person}",
                        "amount": 495,
                        "iban": "NL91ABNA0417164300",
                    }
                ],
            )
