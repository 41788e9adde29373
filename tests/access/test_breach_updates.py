"""Breaches after they are recorded: updated with the clock kept, reported with a reference, and the people of a
high-risk breach told by mail, in the register's tone (the office and the CLI share these functions)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.access.test_breaches import AWARE, add
from waarborg.access import breaches
from waarborg.access.audit import of_kind
from waarborg.access.policy import operator
from waarborg.core.errors import InputError
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.vault.service import Vault

BY = operator("test")


def test_an_update_keeps_the_clock_and_checks_like_a_new_breach(vault: Vault) -> None:
    breach_id = add(vault)
    known = set(vault.register.activities)
    with vault.unit() as unit:
        updated = breaches.update(unit.data, breach_id, description=" Versleuteld ", activities=["courses"], fields=[],
                                  risk="none", known_activities=known, decision="versleuteld")  # fmt: skip
        assert updated.aware_at == AWARE and updated.description == "Versleuteld" and updated.fields == []
        with pytest.raises(InputError, match="decision"):
            breaches.update(unit.data, breach_id, description="x", activities=["courses"], fields=[], risk="none",
                            known_activities=known)  # fmt: skip
        with pytest.raises(InputError, match="activities"):
            breaches.update(unit.data, breach_id, description="x", activities=[], fields=[], risk="risk",
                            known_activities=known)  # fmt: skip
        with pytest.raises(InputError, match="not declared"):
            breaches.update(unit.data, breach_id, description="x", activities=["nope"], fields=[], risk="risk",
                            known_activities=known)  # fmt: skip


def test_a_breach_is_not_found_in_the_future_and_a_report_needs_its_reference(vault: Vault) -> None:
    with vault.unit() as unit, pytest.raises(InputError, match="aware-at"):
        breaches.record_breach(unit.data, aware_at=now() + timedelta(days=1), description="x", activities=["courses"],
                               fields=[], risk="risk", known_activities=set(vault.register.activities))  # fmt: skip
    breach_id = add(vault)
    with vault.unit() as unit:
        with pytest.raises(InputError, match="reference"):
            breaches.report(unit.data, breach_id, at=AWARE + timedelta(hours=1), reference=" ", late_reason=None)
        with pytest.raises(InputError, match="future"):
            breaches.report(unit.data, breach_id, at=now() + timedelta(days=1), reference="AP-1", late_reason=None)


def test_the_people_of_a_high_risk_breach_are_mailed_once_each(vault: Vault) -> None:
    with vault.unit() as unit:
        for n in range(2):
            vault.add_record(unit, "courses", {"name": f"N{n}", "email": f"n{n}@example.nl", "course": "AVG"},
                             by=BY)  # fmt: skip
    sent: list[Mail] = []
    low = add(vault)
    with pytest.raises(InputError, match="not high risk"):
        breaches.send_message(vault, sent.append, low, "nl", by=BY)
    high = add(vault, risk="high")
    assert breaches.send_message(vault, sent.append, high, "nl", by=BY) == 2
    assert sorted(m.to for m in sent) == ["n0@example.nl", "n1@example.nl"]
    assert "Laptop met export gestolen" in sent[0].text and "datalek" in sent[0].subject
    with vault.unit() as unit:
        told = breaches.get(unit.data, high)
        assert told.messaged_count == 2 and told.messaged_at is not None
        logged = of_kind(unit.data, breaches.BreachMessaged.kind)
    assert [e.payload for e in logged] == [{"breach": high, "count": 2}], "how many, never who"


def test_the_message_follows_the_registers_tone(vault: Vault) -> None:
    breach_id = add(vault, risk="high")
    with vault.unit() as unit:
        breach = breaches.get(unit.data, breach_id)
    formal = breaches.message_to_people(breach, "Org", "fg@example.nl", "nl", formal=True)
    informal = breaches.message_to_people(breach, "Org", "fg@example.nl", "nl")
    assert "uw gegevens" in formal and " u " in formal and " je " not in formal
    assert "je gegevens" in informal and " je " in informal
