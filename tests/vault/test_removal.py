"""One removal path: an erasure request, a retention rule and the vault's own erase remove a person the same
way, through :func:`waarborg.vault.removal.remove`, and leave nothing of them behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from waarborg.access.policy import operator
from waarborg.retention.sweep import sweep
from waarborg.rights import erasure
from waarborg.vault import removal
from waarborg.vault.models import Event, Identifier, Record, Subject, SubjectKey
from waarborg.vault.service import Unit, Vault

BY = operator("test")
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
LATER = T0 + timedelta(weeks=8)  # past the newsletter's four weeks after unsubscribing


def _counts(vault: Vault) -> dict[str, int]:
    with vault.unit() as unit:
        counts = {m.__name__: unit.data.execute(select(func.count()).select_from(m)).scalar_one()
                  for m in (Subject, Record, Identifier, Event)}  # fmt: skip
        counts["SubjectKey"] = unit.keys.execute(select(func.count()).select_from(SubjectKey)).scalar_one()
        return counts


def _person(vault: Vault, n: int) -> str:
    with vault.unit() as unit:
        subject = vault.add_record(unit, "newsletter", {"email": f"p{n}@example.nl"}, collected_at=T0, by=BY).subject_id
        vault.add_event(unit, subject, "unsubscribed", at=T0, activity="newsletter", by=BY)
        return subject


def _by_request(vault: Vault, subject: str) -> None:
    with vault.unit() as unit:
        erasure.erase(vault, unit, subject, LATER, by=BY)


def _by_retention(vault: Vault, subject: str) -> None:
    sweep(vault, LATER, by=BY)


def _by_the_vault(vault: Vault, subject: str) -> None:
    with vault.unit() as unit:
        vault.erase_subject(unit, subject, by=BY)


@pytest.mark.parametrize("path", [_by_request, _by_retention, _by_the_vault], ids=lambda f: f.__name__[1:])
def test_every_erasure_removes_the_same_through_one_path(
    vault: Vault, path: Callable[[Vault, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    bystander = _person(vault, 1)
    with vault.unit() as unit:  # someone who stays subscribed: untouched by all three
        vault.add_record(unit, "newsletter", {"email": "blijft@example.nl"}, collected_at=T0, by=BY)
    subject = _person(vault, 2)
    _by_the_vault(vault, bystander)  # the bystander's erasure first, so that only the subject's is counted
    calls: list[tuple[list[str], int]] = []
    real = removal.remove

    def counted(vault: Vault, unit: Unit, subjects: list[str], record_ids: list[str]) -> removal.Removed:
        calls.append((sorted(subjects), len(record_ids)))
        return real(vault, unit, subjects, record_ids)

    monkeypatch.setattr(removal, "remove", counted)
    before = _counts(vault)
    path(vault, subject)
    after = _counts(vault)
    assert calls == [([subject], 1)], "the erasure went around the vault's one removal path"
    assert {table: before[table] - after[table] for table in before} == {
        "Subject": 1, "Record": 1, "Identifier": 1, "Event": 1, "SubjectKey": 1,
    }  # fmt: skip
