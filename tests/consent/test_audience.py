"""Audiences: consent per option, never anyone on the do-not-contact list, objecting or restricted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tests.conftest import open_vault
from tests.consent.test_receipts import BY, T0, mailings
from tests.factories import make_register
from waarborg.access.policy import Principal
from waarborg.consent import links, receipts
from waarborg.consent.audience import audience
from waarborg.core.errors import ForbiddenError, InputError
from waarborg.core.timeutil import now
from waarborg.vault.service import Vault, table
from waarborg.vault.tables import DoNotContact
from waarborg.web.app import create_app

COR = {"name": "Cor", "email": "cor@example.nl", "course": "AVG"}


def person(vault: Vault, email: str, options: list[str]) -> str:
    with vault.unit() as unit:
        subject = vault.add_record(unit, "newsletter", {"email": email}, collected_at=T0, by=BY).subject_id
        receipts.record(vault, unit, subject, "newsletter", options, granted=True, via="web_form", at=T0, by=BY)
    return subject


def emails(vault: Vault, option: str | None) -> list[str]:
    with vault.unit() as unit:
        return sorted(m.email for m in audience(vault, unit, "newsletter", option, now(), by=BY))


def test_unsubscribing_from_offers_keeps_the_tips(vault: Vault) -> None:
    """ICM: Tips and Offers; the Offers link leaves the person in Tips only, and the history shows both steps."""
    subject = person(vault, "an@example.nl", ["tips", "offers"])
    token = links.make(vault.ring.links_key, subject, "newsletter", "offers", now())
    with TestClient(create_app(vault)) as client:
        assert client.post(f"/u/{token}", data={"confirm": "1"}).status_code == 200
    assert emails(vault, "tips") == ["an@example.nl"]
    assert emails(vault, "offers") == []
    with vault.unit() as unit:
        history = [(r.option, r.granted, r.via) for r in receipts.history(unit, subject)]
        assert history == [("tips", True, "web_form"), ("offers", True, "web_form"),
                           ("offers", False, "unsubscribe_link")]  # fmt: skip
        assert all(len(r.wording) == 64 for r in receipts.history(unit, subject))


def test_nobody_on_the_list_objecting_or_restricted_is_in_an_audience(vault: Vault) -> None:
    person(vault, "listed@example.nl", ["tips"])
    objecting = person(vault, "objects@example.nl", ["tips"])
    restricted = person(vault, "held@example.nl", ["tips"])
    person(vault, "welcome@example.nl", ["tips"])
    with vault.unit() as unit:
        blind = vault.ring.blind_index("email", "listed@example.nl")
        unit.data.execute(insert(table(DoNotContact)), [{"kind": "email", "blind": blind, "reason": "asked"}])
        vault.add_event(unit, objecting, "objected", at=T0 + timedelta(days=1), by=BY)
        record = vault.get_subject(unit, restricted, by=BY).records[0]
        from waarborg.vault.models import Record

        unit.data.get(Record, record.id).status = "restricted"  # type: ignore[union-attr]
    assert emails(vault, None) == ["welcome@example.nl"]


def test_an_audience_needs_read_and_export(vault: Vault) -> None:
    person(vault, "an@example.nl", ["tips"])
    reader = Principal("user:mila", frozenset({"read"}), frozenset({"newsletter"}))
    with pytest.raises(ForbiddenError), vault.unit() as unit:
        audience(vault, unit, "newsletter", None, now(), by=reader)


def _soft(data: dict[str, Any]) -> None:
    mailings(data)
    data["activities"]["newsletter"]["marketing"]["soft_opt_in"] = {}


@pytest.mark.parametrize("allowed", [False, True])
def test_a_soft_opt_in_needs_the_register_and_a_customer(db_url: str, master_key: bytes, allowed: bool) -> None:
    vault = open_vault(make_register(_soft if allowed else mailings).register, db_url, master_key)
    try:
        with vault.unit() as unit:
            stranger = vault.add_record(unit, "newsletter", {"email": "stranger@example.nl"}, by=BY).subject_id
            customer = vault.add_record(unit, "courses", COR, by=BY).subject_id
            vault.add_record(unit, "newsletter", {"email": COR["email"]}, by=BY)
        refusal = "only for existing customers" if allowed else "does not allow"
        with pytest.raises(InputError, match=refusal), vault.unit() as unit:
            receipts.record(vault, unit, stranger, "newsletter", ["tips"], granted=True, via="email",
                            soft_opt_in=True, by=BY)  # fmt: skip
        if allowed:
            with vault.unit() as unit:
                receipts.record(vault, unit, customer, "newsletter", ["tips"], granted=True, via="email",
                                soft_opt_in=True, by=BY)  # fmt: skip
            assert emails(vault, "tips") == [COR["email"]]
    finally:
        vault.close()


def _list(vault: Vault, email: str) -> None:
    with vault.unit() as unit:
        blind = vault.ring.blind_index("email", email)
        unit.data.execute(insert(table(DoNotContact)), [{"kind": "email", "blind": blind, "reason": "asked"}])


def test_intake_of_a_listed_person(vault: Vault) -> None:
    """From elsewhere: refused. Signing up for the newsletter themselves: taken in, listing lifted (audited).
    Enrolling for a course: taken in, still listed."""
    from sqlalchemy import func, select

    from waarborg.access import audit
    from waarborg.core.errors import RefusedError

    _list(vault, "an@example.nl")
    with pytest.raises(RefusedError, match="do-not-contact"), vault.unit() as unit:
        vault.add_record(unit, "newsletter", {"email": "an@example.nl"}, source="bought_list", by=BY)
    with vault.unit() as unit:
        vault.add_record(unit, "courses", {**COR, "email": "an@example.nl"}, by=BY)
        assert unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one() == 1
        vault.add_record(unit, "newsletter", {"email": "AN@example.nl"}, by=BY)
        assert unit.data.execute(select(func.count()).select_from(DoNotContact)).scalar_one() == 0
        lifted = audit.last_of_kind(unit.data, "do_not_contact.lifted")
        assert lifted is not None and lifted.payload == {"activity": "newsletter", "count": 1}
