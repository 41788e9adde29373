"""One-click unsubscribe: signed links, GET confirms, POST unsubscribes, replays and forgeries change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import open_vault
from tests.consent.test_receipts import BY, mailings, subscriber
from tests.factories import make_register
from waarborg.access import signed
from waarborg.consent import links, receipts
from waarborg.core.errors import UnauthorisedError
from waarborg.core.timeutil import now
from waarborg.vault import keystore
from waarborg.vault.service import Vault
from waarborg.vault.tables import ConsentReceipt
from waarborg.web.app import create_app

KEY = b"k" * 32
MADE = datetime(2026, 5, 1, tzinfo=UTC)


def test_a_link_reads_back_and_refuses_every_forgery() -> None:
    token = links.make(KEY, "a" * 32, "newsletter", "offers", MADE)
    assert links.read(KEY, token, MADE + timedelta(days=399)) == links.Link("a" * 32, "newsletter", "offers", MADE)
    payload, signature = token.split(".")
    other = links.make(KEY, "b" * 32, "newsletter", "offers", MADE).split(".")[0]
    for forged in (f"{other}.{signature}", f"{payload}.{signature[:-2]}AA", "nonsense", f"{payload}."):
        with pytest.raises(UnauthorisedError, match="not valid"):
            links.read(KEY, forged, MADE)
    with pytest.raises(UnauthorisedError, match="not valid"):
        links.read(b"x" * 32, token, MADE)  # another installation's link
    with pytest.raises(UnauthorisedError, match="expired"):
        links.read(KEY, token, MADE + timedelta(days=401))


def test_the_mail_headers_follow_rfc_8058() -> None:
    headers = links.mail_headers("https://privacy.voorbeeld.nl/", "TOKEN", mailto="afmelden@voorbeeld.nl")
    assert headers == {
        "List-Unsubscribe": "<https://privacy.voorbeeld.nl/u/TOKEN>, "
        "<mailto:afmelden@voorbeeld.nl?subject=unsubscribe>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _receipts(vault: Vault) -> int:
    with vault.unit() as unit:
        return int(unit.data.execute(select(func.count()).select_from(ConsentReceipt)).scalar_one())


def test_get_confirms_post_unsubscribes_and_a_replay_changes_nothing(vault: Vault) -> None:
    subject = subscriber(vault)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", ["tips", "offers"], granted=True, via="web_form", by=BY)
    offers = links.make(vault.ring.links_key, subject, "newsletter", "offers", now())
    with TestClient(create_app(vault)) as client:
        page = client.get(f"/u/{offers}")
        assert page.status_code == 200 and "Aanbiedingen" in page.text and 'method="post"' in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert client.get(f"/u/{offers}?lang=en").text.count("Offers") >= 1
        assert _receipts(vault) == 2  # a prefetching scanner unsubscribed no one
        done = client.post(f"/u/{offers}", data={"lang": "nl", "confirm": "1"})
        assert done.status_code == 200 and "Je bent afgemeld" in done.text
        again = client.post(f"/u/{offers}", data={"confirm": "1"}, headers={"Accept-Language": "en-GB,en"})
        assert "You had already unsubscribed" in again.text
        assert _receipts(vault) == 3
        with vault.unit() as unit:
            assert receipts.current(unit, subject) == {"newsletter": {"tips": True, "offers": False}}
        tips = links.make(vault.ring.links_key, subject, "newsletter", "tips", now())
        one_click = client.post(f"/u/{tips}", content=b"List-Unsubscribe=One-Click",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        assert one_click.status_code == 200
        with vault.unit() as unit:
            assert receipts.current(unit, subject) == {"newsletter": {"tips": False, "offers": False}}
            assert receipts.history(unit, subject)[-1].via == "unsubscribe_link"
        forged = offers[:-3] + ("AAA" if not offers.endswith("AAA") else "BBB")
        assert client.post(f"/u/{forged}").status_code == 400
        assert "niet geldig" in client.get(f"/u/{forged}").text


def test_replacing_the_link_key_revokes_every_link(db_url: str, master_key: bytes) -> None:
    register = make_register(mailings).register
    vault = open_vault(register, db_url, master_key)
    subject = subscriber(vault)
    token = links.make(vault.ring.links_key, subject, "newsletter", "tips", now())
    with vault.unit() as unit:
        keystore.replace_system_key(unit.keys, master_key, keystore.LINKS)
    vault.close()
    reopened = open_vault(register, db_url, master_key)
    try:
        with pytest.raises(UnauthorisedError):
            links.read(reopened.ring.links_key, token, now())
    finally:
        reopened.close()


def test_the_fast_link_is_the_signed_json() -> None:
    fast = links.make(KEY, "a" * 32, "newsletter", "tips", MADE)
    assert fast == signed.make(KEY, signed.UNSUBSCRIBE, {"s": "a" * 32, "a": "newsletter", "o": "tips"}, MADE)
