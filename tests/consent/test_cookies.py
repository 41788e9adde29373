"""Cookie consent: the banner from the register, anonymous choices with a version and a lapse, the script."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import open_vault
from tests.factories import ROOT
from waarborg.consent import cookies
from waarborg.core.errors import InputError, RefusedError
from waarborg.register.loader import load_register
from waarborg.vault.service import Vault
from waarborg.vault.tables import CookieConsent
from waarborg.web.app import create_app

VISITOR = "3f2a9c0d1e4b5a6978877665544332211"[:32]
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def icm(db_url: str, master_key: bytes) -> Iterator[Vault]:
    vault = open_vault(load_register(ROOT / "examples" / "registers" / "icm.yaml").register, db_url, master_key)
    yield vault
    vault.close()


def test_the_banner_comes_from_the_cookie_table(icm: Vault) -> None:
    banner = cookies.banner(icm.register, "nl")
    keys = [c["key"] for c in banner["categories"]]
    assert keys == ["strictly_necessary", "analytics", "marketing"]
    assert banner["categories"][0]["required"] and not banner["categories"][1]["required"]
    assert "Google Analytics" in [c["name"] for c in banner["categories"][1]["cookies"]]
    assert banner["texts"]["accept"] == "Alles accepteren" and banner["texts"]["reject"] == "Alles weigeren"
    assert cookies.banner(icm.register, "en")["version"] != banner["version"]


def test_a_choice_is_kept_hashed_and_lapses(icm: Vault) -> None:
    version = cookies.banner(icm.register, "nl")["version"]
    with icm.unit() as unit:
        choice = cookies.record(unit.data, icm.register, VISITOR, {"analytics": True}, "nl", version, AT)
        assert choice.choices == {"analytics": True, "marketing": False}
        assert choice.expires_at == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # the analytics cookies live 30 days
        stored = unit.data.execute(select(CookieConsent.visitor)).scalar_one()
        assert VISITOR not in stored and len(stored) == 64
        assert cookies.current(unit.data, icm.register, VISITOR, "nl", AT) == choice
        assert cookies.current(unit.data, icm.register, VISITOR, "nl", choice.expires_at) is None
        rejected = cookies.record(unit.data, icm.register, "x" * 20, {}, "nl", version, AT)
        assert rejected.expires_at == datetime(2027, 6, 1, 12, 0, tzinfo=UTC)  # asked again after 12 months


@pytest.mark.parametrize(
    ("visitor", "choices", "version", "error", "message"),
    [
        ("short", {}, None, InputError, "visitor"),
        (VISITOR, {"tracking": True}, None, InputError, "not a category"),
        (VISITOR, {"strictly_necessary": False}, None, InputError, "cannot be refused"),
        (VISITOR, {}, "0" * 64, RefusedError, "banner has changed"),
    ],
)
def test_bad_choices_are_refused(
    icm: Vault, visitor: str, choices: dict[str, bool], version: str | None, error: type[Exception], message: str
) -> None:
    shown = version or cookies.banner(icm.register, "nl")["version"]
    with pytest.raises(error, match=message), icm.unit() as unit:
        cookies.record(unit.data, icm.register, visitor, choices, "nl", shown, AT)


def test_the_endpoints_and_the_script(icm: Vault) -> None:
    with TestClient(create_app(icm)) as client:
        banner = client.get("/api/v1/cookies/banner", params={"lang": "en"}).json()
        assert client.get(f"/api/v1/cookies/consent/{VISITOR}").status_code == 404
        made = client.post("/api/v1/cookies/consent", json={"visitor": VISITOR, "choices": {"marketing": True},
                                                            "version": banner["version"], "lang": "en"})  # fmt: skip
        assert made.status_code == 201, made.text
        assert client.get(f"/api/v1/cookies/consent/{VISITOR}").json()["choices"]["marketing"] is True
        stale = client.post("/api/v1/cookies/consent", json={"visitor": VISITOR, "choices": {}, "version": "x"})
        assert stale.status_code == 409
        script = client.get("/static/waarborg-consent.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert 'type="text/plain"' in script.text and "data-waarborg-category" in script.text


def test_only_the_registers_website_may_call_from_a_browser(vault: Vault) -> None:
    with TestClient(create_app(vault)) as client:
        site = {"Origin": "https://www.voorbeeld.nl"}
        preflight = client.options("/api/v1/cookies/consent", headers=site)
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "https://www.voorbeeld.nl"
        evil = {"Origin": "https://evil.example"}
        assert client.options("/api/v1/cookies/consent", headers=evil).status_code == 403
        assert "access-control-allow-origin" not in client.get("/api/v1/cookies/banner", headers=evil).headers
        assert "access-control-allow-origin" not in client.get("/api/v1/records", headers=site).headers
