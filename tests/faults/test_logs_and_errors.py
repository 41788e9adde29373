"""What a failure leaves behind: a 500 whose SQL statement carried an e-mail address and a name must not put
them in the server's log (message, exception text, traceback or parameter dump), and an error answer names
fields and kinds, never what was submitted."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.factories import DATA
from tests.faults.serve import Server, server_env
from waarborg import migrations
from waarborg.access.policy import operator
from waarborg.core.config import keystore_url
from waarborg.core.db import make_engine
from waarborg.register.loader import load_register
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

EMAIL, NAME = "an.jansen@example.nl", "Annemarie Jansen"
REFUSE_INSERTS = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON consent_receipts BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON consent_receipts FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_500_with_personal_data_in_its_sql_leaves_none_in_the_log(db_url: str, tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    register_file = DATA / "minimal.yaml"
    register = load_register(register_file).register
    keys = keystore_url(db_url, None)
    with Vault.open(register, db_url, master_key=key, keystore_url=keys) as vault, vault.unit() as unit:
        subject = vault.add_record(unit, "newsletter", {"email": EMAIL}, by=operator("test")).subject_id
        token = create_key(unit.data, register, "site", ["newsletter"], can_read=True)
    engine = make_engine(db_url)
    with engine.begin() as connection:  # the next insert of a receipt fails, its parameters in the error
        for statement in REFUSE_INSERTS[engine.dialect.name]:
            connection.execute(text(statement))
    engine.dispose()
    log = tmp_path / "serve.log"
    server = Server(server_env(db_url, register_file, key, tmp_path), log).start()
    try:
        form_url = f"https://www.voorbeeld.nl/aanmelden?email={EMAIL}&naam={NAME}"
        body = {"subject_id": subject, "activity": "newsletter", "granted": True, "form_url": form_url}
        answer = httpx.post(f"{server.url}/api/v1/consents", json=body, timeout=30,
                            headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    finally:
        server.stop()
    assert answer.status_code == 500
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" in written and "refused" in written, "the failure itself is in the log"
    for value in (EMAIL, NAME, "an.jansen", "Jansen"):
        assert value not in written, f"{value!r} in the server log"
    assert EMAIL not in answer.text and NAME not in answer.text


@pytest.fixture
def client(vault: Vault) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with vault.unit() as unit:
        token = create_key(unit.data, vault.register, "site", ["newsletter"], can_read=True)
    with TestClient(create_app(vault)) as made:
        yield made, {"Authorization": f"Bearer {token}"}


def test_error_answers_name_the_field_not_the_value(client: tuple[TestClient, dict[str, str]]) -> None:
    made, headers = client
    missing = made.get(f"/api/v1/subjects/{EMAIL}", headers=headers)
    assert missing.status_code == 404 and EMAIL not in missing.text, missing.text
    assert missing.json()["detail"] == "subject <subject_id> not found"
    refused = made.post("/api/v1/records", headers=headers,
                        json={"activity": "newsletter", "data": {"email": f"{NAME} <{EMAIL}"}})  # fmt: skip
    assert refused.status_code == 422 and EMAIL not in refused.text and NAME not in refused.text, refused.text
    unknown = made.post("/api/v1/records", headers=headers, json={"activity": EMAIL, "data": {"email": EMAIL}})
    assert unknown.status_code in (403, 422) and EMAIL not in unknown.text, unknown.text
    assert json.loads(unknown.text)["detail"]
