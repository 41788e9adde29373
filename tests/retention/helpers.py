"""A register with one activity per kind of retention step, and small helpers to drive a vault through time."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tests.factories import make_register
from waarborg.access.policy import operator
from waarborg.register.schema import Register
from waarborg.vault.models import Identifier, Record, Subject, SubjectKey
from waarborg.vault.service import Added, Vault
from waarborg.vault.tables import DoNotContact, Statistic

BY = operator("test")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _activity(data: dict[str, Any], fields: dict[str, Any], retention: list[dict[str, Any]]) -> dict[str, Any]:
    activity = copy.deepcopy(data["activities"]["courses"])
    activity.pop("processors", None)
    activity.update(fields=fields, retention=retention)
    return activity


def retention_data(data: dict[str, Any]) -> None:
    """Adds: matching (two rules on different fields), potentials (minimise to name + do-not-contact),
    evaluations (anonymise, keeping course and score)."""
    data["events"]["last_invoice"] = {"label": {"nl": "Laatste factuur", "en": "Last invoice"}}
    data["events"]["no_answer"] = {"label": {"nl": "Geen reactie", "en": "No answer"}}
    email = {"category": "user.contact.email", "required": True, "identifier": True}
    data["activities"]["matching"] = _activity(
        data,
        {"name": "user.name", "email": email, "iban": "user.financial.bank_account",
         "notes": {"category": "user.content.private", "free_text": True}},
        [
            {"fields": ["name", "email", "iban"], "after": "last_invoice", "keep": "P7Y", "then": "delete"},
            {"fields": ["notes"], "after": "last_invoice", "keep": "P5Y", "then": "delete"},
        ],
    )  # fmt: skip
    data["activities"]["potentials"] = _activity(
        data,
        {"name": "user.name", "email": email, "cv": {"category": "user.content.private", "free_text": True}},
        [
            {"after": "collected", "keep": "P1Y", "then": "delete"},
            {"after": "no_answer", "keep": "P0D", "then": "minimise", "keep_fields": ["name"], "do_not_contact": True},
        ],
    )
    data["activities"]["evaluations"] = _activity(
        data,
        {"email": email, "course": "user.content.private", "score": "user.content.private"},
        [{"after": "course_completed", "keep": "P6M", "then": "anonymise", "keep_fields": ["course", "score"]}],
    )


def retention_register() -> Register:
    return make_register(retention_data).register


def add(vault: Vault, activity: str, values: dict[str, object], at: datetime = T0) -> Added:
    with vault.unit() as unit:
        return vault.add_record(unit, activity, values, collected_at=at, by=BY)


def event(vault: Vault, subject: str, name: str, at: datetime, activity: str | None = None) -> None:
    with vault.unit() as unit:
        vault.add_event(unit, subject, name, at=at, activity=activity, by=BY)


def count(vault: Vault, model: type[Any], *where: Any) -> int:
    with vault.unit() as unit:
        return int(unit.data.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def has_key(vault: Vault, subject: str) -> bool:
    with vault.unit() as unit:
        return unit.keys.get(SubjectKey, subject) is not None


def state(vault: Vault) -> dict[str, Any]:
    """Everything a sweep may change, in comparable form (no ciphertext: it is re-sealed with a new nonce)."""
    with vault.unit() as unit:
        return {
            "subjects": sorted(unit.data.execute(select(Subject.id)).scalars()),
            "records": sorted(
                (r.id, r.subject_id, r.status, tuple(r.fields), r.due_at, r.due_rule)
                for r in unit.data.execute(select(Record)).scalars()
            ),
            "identifiers": sorted((s, k) for s, k in unit.data.execute(select(Identifier.subject_id, Identifier.kind))),
            "keys": sorted(unit.keys.execute(select(SubjectKey.subject_id)).scalars()),
            "do_not_contact": unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one(),
            "statistics": unit.data.execute(select(func.count()).select_from(Statistic)).scalar_one(),
        }


__all__ = ["BY", "SECOND", "T0", "add", "count", "event", "has_key", "retention_register", "state"]
