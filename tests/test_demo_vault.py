"""The demo vault shows the product: requests in every state, consent receipts with ICM's mailings (so the
audience is not empty and the docs' an@example.nl example works), a breach on its clock, a legal hold and
an instructor with a handful of participants; the same seed gives the same people. Asked of the library,
as the office and the command line would ask."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.factories import MINIMAL_TEXT, ROOT
from waarborg.access import breaches
from waarborg.access.policy import for_user, operator
from waarborg.access.users import list_users
from waarborg.cli.app import app
from waarborg.consent import receipts
from waarborg.consent.audience import audience
from waarborg.demo.build import Built, build_vault
from waarborg.register.loader import load_register
from waarborg.retention import holds
from waarborg.rights import clock, requests
from waarborg.vault import contactable
from waarborg.vault.masterkey import load_master_key
from waarborg.vault.service import Vault

ICM = ROOT / "examples" / "registers" / "icm.yaml"
BY = operator("test")


def open_demo(register_file: Path, folder: Path) -> Vault:
    register = load_register(register_file).register
    key = load_master_key(None, folder / "waarborg.key").key
    return Vault.open(register, f"sqlite:///{folder / 'waarborg.db'}", master_key=key,
                      keystore_url=f"sqlite:///{folder / 'waarborg.keys.db'}")  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, Built, Path]]:
    folder = tmp_path_factory.mktemp("demo") / "icm"
    built = build_vault(ICM, 60, folder)
    with open_demo(ICM, folder) as vault:
        yield vault, built, folder


def subject_of(vault: Vault, email: str) -> str:
    with vault.unit() as unit:
        found = requests.subject_of_email(vault, unit, email)
    assert found is not None, email
    return found


def test_the_requests_are_new_due_soon_overdue_and_answered(demo: tuple[Vault, Built, Path]) -> None:
    vault, _, _ = demo
    moment = datetime.now(UTC)
    with vault.unit() as unit:
        listed = requests.listed(unit, closed=True)
    open_ones = [r for r in listed if r.status in requests.OPEN]
    clocks = [clock.clock(r.due_on, moment) for r in open_ones]
    assert any(r.status == "unverified" and not c.overdue for r, c in zip(open_ones, clocks, strict=True))
    assert any(0 <= c.days_left <= 7 and not c.overdue for c in clocks), "one is due within the office's week"
    assert any(c.overdue for c in clocks)
    assert any(r.status == "fulfilled" and r.answered_at is not None for r in listed)
    kinds = {r.kind for r in listed}
    assert {"erasure", "access", "rectification", "question"} <= kinds


def test_the_requests_came_in_by_the_library_and_their_mail_went_out(demo: tuple[Vault, Built, Path]) -> None:
    vault, _, folder = demo
    with vault.unit() as unit:
        shown = [requests.show(unit, r.id) for r in requests.listed(unit, closed=True)]
    assert all(r.steps[0].step == "received" for r in shown)
    assert all(any(s.step == "receipt_sent" for s in r.steps) for r in shown)
    assert len(list((folder / "outbox").glob("*.eml"))) >= len(shown)


def test_the_newsletter_audience_is_not_empty(demo: tuple[Vault, Built, Path]) -> None:
    vault, _, _ = demo
    with vault.unit() as unit:
        members = {o: audience(vault, unit, "newsletter", o, datetime.now(UTC), by=BY) for o in ("tips", "offers")}
    assert members["tips"] and members["offers"]
    assert "an@example.nl" in {m.email for m in members["tips"]}


def test_an_has_tips_and_offers_and_the_docs_example_can_be_tried(demo: tuple[Vault, Built, Path]) -> None:
    vault, _, folder = demo
    subject = subject_of(vault, "an@example.nl")
    with vault.unit() as unit:
        assert receipts.current(unit, subject)["newsletter"] == {"tips": True, "offers": True}
    env = {"WAARBORG_DB": f"sqlite:///{folder / 'waarborg.db'}", "WAARBORG_REGISTER": str(ICM),
           "WAARBORG_KEY_FILE": str(folder / "waarborg.key"), "WAARBORG_MASTER_KEY": ""}  # fmt: skip
    withdraw = ["consent", "withdraw", "--email", "an@example.nl", "--activity", "newsletter", "--option", "offers",
                "--via", "email"]  # fmt: skip
    result = CliRunner().invoke(app, withdraw, env=env)
    assert result.exit_code == 0, result.output
    with vault.unit() as unit:
        assert receipts.current(unit, subject)["newsletter"] == {"tips": True, "offers": False}
        receipts.record(vault, unit, subject, "newsletter", ["offers"], granted=True, via="web_form", by=BY)


def test_a_breach_has_its_72_hour_clock_running(demo: tuple[Vault, Built, Path]) -> None:
    vault, built, _ = demo
    with vault.unit() as unit:
        states = [breaches.clock(b).state for b in breaches.all_breaches(unit.data)]
    assert states == ["open"]
    assert built.facts["breach"]["activity"] == "newsletter"


def test_carla_is_on_a_legal_hold(demo: tuple[Vault, Built, Path]) -> None:
    vault, _, _ = demo
    carla = subject_of(vault, "carla@example.nl")
    with vault.unit() as unit:
        held = holds.listed(unit)
    assert [(h.subject_id, h.kind) for h in held] == [(carla, "legal")]
    assert held[0].in_force(datetime.now(UTC))


def test_the_instructor_sees_a_handful_of_participants(demo: tuple[Vault, Built, Path]) -> None:
    vault, built, _ = demo
    with vault.unit() as unit:
        user = next(u for u in list_users(unit.data) if u.role == "instructor")
        principal = for_user(vault.register, user)
        seen = {s for page in contactable.subject_pages(unit, "courses") for s in page
                if vault.visible_to(unit, principal, s)}  # fmt: skip
    assert 4 <= len(seen) <= 8
    assert {subject_of(vault, "an@example.nl"), subject_of(vault, "carla@example.nl")} <= seen
    signin = next(s for s in built.facts["signins"] if s["role"] == "instructor")
    assert signin["participants"] == len(seen) and signin["course"] == user.scope[0]


def test_demo_json_is_what_the_vault_holds(demo: tuple[Vault, Built, Path]) -> None:
    _, built, folder = demo
    assert json.loads((folder / "demo.json").read_text(encoding="utf-8")) == built.facts
    people = {p["email"]: p for p in built.facts["people"]}
    assert set(people) == {"an@example.nl", "bram@example.nl", "carla@example.nl"}
    assert people["an@example.nl"]["consent"] == {"newsletter": ["tips", "offers"]}
    assert [r["state"] for r in people["bram@example.nl"]["requests"]] == ["soon", "answered"]
    assert people["carla@example.nl"]["hold"] is True


def crowd(folder: Path, register_file: Path = ICM) -> list[str]:
    with open_demo(register_file, folder) as vault, vault.unit() as unit:
        subjects = [s for page in contactable.subject_pages(unit, "courses") for s in page]
        found = vault.identifiers_of(unit, subjects)
    return sorted(who.get("email", "") for who in found.values())


def test_the_same_seed_gives_the_same_people(tmp_path: Path) -> None:
    build_vault(ICM, 20, tmp_path / "one")
    build_vault(ICM, 20, tmp_path / "two")
    build_vault(ICM, 20, tmp_path / "three", seed=8)
    assert crowd(tmp_path / "one") == crowd(tmp_path / "two")
    assert crowd(tmp_path / "one") != crowd(tmp_path / "three")


def test_a_register_without_mailing_options_or_scoped_roles_still_gets_a_demo(tmp_path: Path) -> None:
    text = MINIMAL_TEXT.replace("      options:\n        tips: {label: {nl: Tips, en: Tips}, frequency: monthly}\n", "")
    text = re.sub(r"\nroles:\n(  .*\n)+", "\n", text)
    assert "options:" not in text and "roles:" not in text
    plain = tmp_path / "plain.yaml"
    plain.write_text(text, encoding="utf-8")
    facts: dict[str, Any] = build_vault(plain, 10, tmp_path / "plain").facts
    assert [p["email"] for p in facts["people"]] == ["an@example.nl", "bram@example.nl", "carla@example.nl"]
    assert all(p["consent"] == {} and p["course"] is None and p["requests"] for p in facts["people"])
    assert [s["role"] for s in facts["signins"]] == ["dpo"] and facts["course"] is None


def test_the_readme_tells_the_demo_as_it_is(demo: tuple[Vault, Built, Path]) -> None:
    _, built, _ = demo
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    instructor = next(s for s in built.facts["signins"] if s["role"] == "instructor")
    in_words = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}[instructor["participants"]]
    assert f"the {in_words} participants of one course" in readme
    for person in built.facts["people"]:
        assert f"`{person['email']}`" in readme
