"""Consent receipts: per option, append-only, with their wording; the last withdrawal is an unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import open_vault
from tests.factories import ROOT
from waarborg.access.policy import Principal, operator
from waarborg.consent import receipts
from waarborg.core.errors import ForbiddenError, InputError, NotFoundError
from waarborg.register.loader import load_register
from waarborg.vault.apikeys import create_key
from waarborg.vault.models import Event
from waarborg.vault.service import Vault
from waarborg.vault.tables import ConsentReceipt
from waarborg.web.app import create_app

BY = operator("test")
APPLICANT = {"name": "Sem Bakker", "email": "sem@example.nl", "address": "Dorpsstraat 1, 1234 AB Ede",
             "phone": "0612345678"}  # fmt: skip
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def mailings(data: dict[str, Any]) -> None:
    """ICM's three mailings on the newsletter."""
    options = data["activities"]["newsletter"]["consent"]["options"]
    options["events"] = {"label": {"nl": "Evenementen", "en": "Events"}}
    options["offers"] = {"label": {"nl": "Aanbiedingen", "en": "Offers"}}


def subscriber(vault: Vault) -> str:
    with vault.unit() as unit:
        return vault.add_record(unit, "newsletter", {"email": "an@example.nl"}, collected_at=T0, by=BY).subject_id


def test_withdrawing_one_mailing_keeps_the_others_and_starts_no_clock(vault: Vault) -> None:
    subject = subscriber(vault)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", ["tips", "offers"], granted=True, via="web_form",
                        at=T0, form_url="https://www.voorbeeld.nl/nieuwsbrief", by=BY)  # fmt: skip
        receipts.record(vault, unit, subject, "newsletter", ["offers"], granted=False, via="unsubscribe_link",
                        at=T0 + timedelta(days=30), by=BY)  # fmt: skip
        assert receipts.current(unit, subject) == {"newsletter": {"tips": True, "offers": False}}
        history = receipts.history(unit, subject)
        assert [(r.option, r.granted, r.via) for r in history] == [
            ("tips", True, "web_form"), ("offers", True, "web_form"), ("offers", False, "unsubscribe_link")
        ]  # fmt: skip
        assert history[0].wording != history[1].wording and history[1].wording == history[2].wording
        assert history[0].form_url == "https://www.voorbeeld.nl/nieuwsbrief" and history[0].recorded_by == "test"
        assert not unit.data.execute(select(Event).where(Event.name == "unsubscribed")).first()
        assert vault.record_due_at(unit, vault.get_subject(unit, subject, by=BY).records[0].id) is None


def test_withdrawing_the_last_mailing_is_an_unsubscribe_and_starts_retention(vault: Vault) -> None:
    subject = subscriber(vault)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", ["tips"], granted=True, via="web_form", at=T0, by=BY)
        receipts.record(vault, unit, subject, "newsletter", ["all"], granted=False, via="unsubscribe_link",
                        at=T0 + timedelta(days=5), by=BY)  # fmt: skip
        names = unit.data.execute(select(Event.name).where(Event.subject_id == subject)).scalars().all()
        assert sorted(names) == ["consent_withdrawn", "unsubscribed"]
        record = vault.get_subject(unit, subject, by=BY).records[0]
    # newsletter: 4 weeks after unsubscribing, on the Amsterdam clock (summer time starts in between)
    assert record.due_at == datetime(2026, 4, 4, 8, 0, tzinfo=UTC)


def test_the_wording_is_the_registers_text_in_the_persons_language(vault: Vault) -> None:
    spec = vault.register.activities["newsletter"]
    text_nl, hash_nl = receipts.wording(spec, "tips", "nl")
    text_en, hash_en = receipts.wording(spec, "tips", "en")
    assert "Ik wil de nieuwsbrief ontvangen." in text_nl and "Tips" in text_nl
    assert "I want to receive the newsletter." in text_en and hash_nl != hash_en
    assert receipts.wording(spec, "tips", "nl")[1] == hash_nl


@pytest.mark.parametrize(
    ("activity", "options", "via", "extra", "message"),
    [
        ("nowhere", None, "web_form", {}, "not declared"),
        ("courses", None, "web_form", {}, "does not ask for consent"),
        ("newsletter", ["discounts"], "web_form", {}, "'discounts' is not an option"),
        ("newsletter", None, "pigeon", {}, "not a channel"),
        ("newsletter", None, "web_form", {"lang": "de"}, "not nl or en"),
        ("newsletter", None, "web_form", {"form_url": "javascript:alert(1)"}, "address of the form"),
    ],
)
def test_bad_consent_input_is_refused_and_stores_nothing(
    vault: Vault, activity: str, options: list[str] | None, via: str, extra: dict[str, Any], message: str
) -> None:
    subject = subscriber(vault)
    with pytest.raises(InputError, match=message), vault.unit() as unit:
        receipts.record(vault, unit, subject, activity, options, granted=True, via=via, by=BY, **extra)
    with vault.unit() as unit:
        assert unit.data.execute(select(func.count()).select_from(ConsentReceipt)).scalar_one() == 0


def test_unknown_subject_and_foreign_activity_are_refused(vault: Vault) -> None:
    subject = subscriber(vault)
    with pytest.raises(NotFoundError), vault.unit() as unit:
        receipts.record(vault, unit, "0" * 32, "newsletter", None, granted=True, via="web_form", by=BY)
    courses_only = Principal("apikey:x", frozenset({"add"}), frozenset({"courses"}))
    with pytest.raises(ForbiddenError), vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", None, granted=True, via="web_form", by=courses_only)


def test_consent_makes_the_longer_period_apply(db_url: str, master_key: bytes) -> None:
    """igen: applicants are kept a year after contact; five years when they consent."""
    vault = open_vault(load_register(ROOT / "examples" / "registers" / "igen.yaml").register, db_url, master_key)
    try:
        with vault.unit() as unit:
            added = vault.add_record(unit, "applicants", APPLICANT,
                                     collected_at=T0, by=BY)  # fmt: skip
            vault.add_event(unit, added.subject_id, "we_contacted_you", at=T0 + timedelta(days=1), by=BY)
            one_year = vault.record_due_at(unit, added.record_id)
            vault.add_event(unit, added.subject_id, "consent_given", at=T0 + timedelta(days=2), by=BY)
            receipts.record(vault, unit, added.subject_id, "applicants", ["keep_five_years"], granted=True,
                            via="email", at=T0 + timedelta(days=2), by=BY)  # fmt: skip
            five_years = vault.record_due_at(unit, added.record_id)
            receipts.record(vault, unit, added.subject_id, "applicants", None, granted=False, via="email",
                            at=T0 + timedelta(days=3), by=BY)  # fmt: skip
            back = vault.record_due_at(unit, added.record_id)
        assert one_year == datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
        assert five_years == datetime(2031, 3, 4, 9, 0, tzinfo=UTC)
        assert back == one_year
    finally:
        vault.close()


def test_consent_over_http(vault: Vault) -> None:
    subject = subscriber(vault)
    with vault.unit() as unit:
        writer = create_key(unit.data, vault.register, "site", ["newsletter"], False)
        reader = create_key(unit.data, vault.register, "crm", ["newsletter"], True)
    with TestClient(create_app(vault)) as client:
        body = {"subject_id": subject, "activity": "newsletter", "options": ["tips", "offers"], "granted": True,
                "form_url": "https://www.voorbeeld.nl/aanmelden", "lang": "en"}  # fmt: skip
        made = client.post("/api/v1/consents", json=body, headers={"Authorization": f"Bearer {writer}"})
        assert made.status_code == 201, made.text
        assert [r["option"] for r in made.json()["receipts"]] == ["tips", "offers"]
        bad = client.post("/api/v1/consents", json={**body, "options": ["nope"]},
                          headers={"Authorization": f"Bearer {writer}"})  # fmt: skip
        assert bad.status_code == 422 and "not an option" in bad.json()["detail"]
        assert client.get(f"/api/v1/subjects/{subject}/consents",
                          headers={"Authorization": f"Bearer {writer}"}).status_code == 403  # fmt: skip
        read = client.get(f"/api/v1/subjects/{subject}/consents", headers={"Authorization": f"Bearer {reader}"})
        assert read.json()["current"] == {"newsletter": {"tips": True, "offers": True}}
