"""The demo folder: a fresh SQLite vault with the crowd and the story, its key, its outbox, an all-activities
API key, the staff sign-ins and ``demo.json`` (what the landing page says about each sign-in and person)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waarborg import migrations
from waarborg.access.policy import for_user
from waarborg.access.users import DPO, add_user
from waarborg.core.mail import OutboxMailer
from waarborg.demo import crowd, story
from waarborg.register.loader import load_register
from waarborg.vault import contactable
from waarborg.vault.apikeys import create_key
from waarborg.vault.masterkey import load_master_key
from waarborg.vault.service import Unit, Vault

DEMO_PASSWORD = "demo-wachtwoord-2026"
SENDER = "privacy@localhost"


@dataclass(frozen=True)
class Built:
    token: str
    db_url: str
    facts: dict[str, Any]


def build_vault(
    register_file: Path, subjects: int, folder: Path, *, seed: int = 7, base_url: str = "http://127.0.0.1:8000"
) -> Built:
    """A fresh demo folder (whatever was there is removed); the same seed gives the same people. Commits step
    by step, as the website and the office would."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db_url = f"sqlite:///{folder / 'waarborg.db'}"
    register = load_register(register_file).register
    migrations.upgrade(db_url)
    key = load_master_key(None, folder / "waarborg.key", create=True).key
    send = OutboxMailer(folder / "outbox", SENDER).send
    with Vault.open(register, db_url, master_key=key, keystore_url=f"sqlite:///{folder / 'waarborg.keys.db'}") as vault:
        crowd.fill(vault, subjects, seed)
        told = story.tell(vault, send, base_url, seed)
        with vault.unit() as unit:
            token = create_key(unit.data, register, "demo", list(register.activities), can_read=True)
            example = next((p["email"] for p in told["people"] if p["course"]), None)
            signins = staff(vault, unit, told["course"], example)
    facts = {"signins": signins, **told}
    (folder / "demo.json").write_text(json.dumps(facts, indent=2, ensure_ascii=False), encoding="utf-8")
    return Built(token, db_url, facts)


def staff(vault: Vault, unit: Unit, course: str | None, example: str | None) -> list[dict[str, Any]]:
    """Sign-ins for the DPO and every role; a scoped role is given the story's course, with the number of
    participants its users see (counted as the vault decides what they see). Demo data only: synthetic, with
    a published password."""
    add_user(unit.data, vault.register, "dpo", DPO, DEMO_PASSWORD)
    signins: list[dict[str, Any]] = [{"username": "dpo", "password": DEMO_PASSWORD, "role": DPO}]
    for role, spec in vault.register.roles.items():
        if spec.scope is not None and course is None:
            continue
        scope = [course] if spec.scope is not None and course is not None else []
        user = add_user(unit.data, vault.register, role, role, DEMO_PASSWORD, scope)
        signin: dict[str, Any] = {"username": role, "password": DEMO_PASSWORD, "role": role}
        if scope:
            signin.update(course=course, participants=participants(vault, unit, user), example=example)
        signins.append(signin)
    return signins


def participants(vault: Vault, unit: Unit, user: Any) -> int:
    """How many people a staff user sees anything of."""
    principal = for_user(vault.register, user)
    activities = principal.activities if principal.activities is not None else vault.register.activities
    seen: set[str] = set()
    for activity in sorted(activities):
        for page in contactable.subject_pages(unit, activity):
            seen.update(s for s in page if s not in seen and vault.visible_to(unit, principal, s))
    return len(seen)
