"""The breach register: the 72-hour clock, unreported breaches, affected people, the AP notification."""

from __future__ import annotations

from datetime import timedelta

import pytest

from waarborg.access.breaches import clock, get, notification, record_breach, report
from waarborg.access.policy import operator
from waarborg.core.errors import InputError
from waarborg.core.timeutil import parse_time
from waarborg.vault.service import Vault

AWARE = parse_time("2026-11-20T09:00")


def add(vault: Vault, risk: str = "risk", **extra: object) -> int:
    with vault.unit() as unit:
        breach = record_breach(
            unit.data,
            aware_at=AWARE,
            description="Laptop met export gestolen",
            activities=["courses"],
            fields=["email"],
            risk=risk,
            known_activities=set(vault.register.activities),
            **extra,
        )  # type: ignore[arg-type]
        return breach.id


def test_the_clock_at_71_59_and_72_01(vault: Vault) -> None:
    breach_id = add(vault)
    with vault.unit() as unit:
        breach = get(unit.data, breach_id)
        before = clock(breach, AWARE + timedelta(hours=71, minutes=59))
        after = clock(breach, AWARE + timedelta(hours=72, minutes=1))
    assert before.state == "open" and before.remaining == timedelta(minutes=1)
    assert before.describe() == "0 h 01 m left to notify the AP"
    assert after.state == "overdue" and after.remaining == -timedelta(minutes=1)
    assert after.describe("nl").startswith("0 h 01 m te laat")
    assert before.deadline.isoformat() == "2026-11-23T08:00:00+00:00"  # 09:00 Amsterdam is 08:00 UTC


def test_reporting_on_time_and_late(vault: Vault) -> None:
    first, second = add(vault), add(vault)
    with vault.unit() as unit:
        on_time = report(unit.data, first, at=AWARE + timedelta(hours=70), reference="AP-1", late_reason=None)
        assert clock(on_time).state == "reported_on_time"
        with pytest.raises(InputError, match="reasons"):
            report(unit.data, second, at=AWARE + timedelta(hours=73), reference="AP-2", late_reason=None)
        late = report(unit.data, second, at=AWARE + timedelta(hours=73), reference="AP-2", late_reason="Weekend")
        assert clock(late).state == "reported_late"


def test_unreported_breaches_are_registered_with_their_reasoning(vault: Vault) -> None:
    with pytest.raises(InputError, match="decision"):
        add(vault, risk="none")
    breach_id = add(vault, risk="none", decision="Versleutelde schijf, sleutel niet gelekt")
    with vault.unit() as unit:
        assert clock(get(unit.data, breach_id)).state == "not_reportable"


def test_bad_input(vault: Vault) -> None:
    with vault.unit() as unit, pytest.raises(InputError, match="not declared"):
        record_breach(
            unit.data,
            aware_at=AWARE,
            description="x",
            activities=["nope"],
            fields=[],
            risk="high",
            known_activities=set(vault.register.activities),
        )
    with vault.unit() as unit, pytest.raises(InputError, match="risk"):
        record_breach(
            unit.data,
            aware_at=AWARE,
            description="x",
            activities=["courses"],
            fields=[],
            risk="huge",
            known_activities=set(vault.register.activities),
        )


def test_affected_people_are_counted_from_the_vault(vault: Vault) -> None:
    with vault.unit() as unit:
        for i in range(3):
            vault.add_record(
                unit, "courses", {"name": f"N{i}", "email": f"n{i}@example.nl", "course": "AVG"}, by=operator("test")
            )
        vault.add_record(unit, "newsletter", {"email": "other@example.nl"}, by=operator("test"))
    breach_id = add(vault, risk="high")
    with vault.unit() as unit:
        breach = get(unit.data, breach_id)
        affected = vault.count_affected(unit, breach.activities, breach.fields)
        assert affected == (3, 3)
        assert vault.count_affected(unit, ["courses"], ["phone"]) == (0, 0)
        content = notification(breach, affected, "fg@example.nl")
    assert content["approximate_subjects"] == 3 and content["contact"] == "fg@example.nl"
    assert "n0@example.nl" not in str(content)


def test_high_risk_message_in_both_languages_with_who_to_tell(vault: Vault) -> None:
    from waarborg.access.breaches import message_to_people

    with vault.unit() as unit:
        added = vault.add_record(
            unit, "courses", {"name": "N", "email": "n@example.nl", "course": "AVG"}, by=operator("t")
        )
    breach_id = add(vault, risk="high")
    with vault.unit() as unit:
        breach = get(unit.data, breach_id)
        assert vault.affected_subjects(unit, breach.activities, breach.fields) == [added.subject_id]
    dutch = message_to_people(breach, "Voorbeeld B.V.", "fg@example.nl", "nl")
    english = message_to_people(breach, "Voorbeeld B.V.", "fg@example.nl", "en")
    assert "datalek" in dutch and "Laptop met export gestolen" in dutch and "fg@example.nl" in dutch
    assert "data breach" in english and "Autoriteit Persoonsgegevens" in english
