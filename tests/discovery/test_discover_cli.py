"""`waarborg discover` from the command line: sources, formats, the annotation, and every bad path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests.discovery import planted
from tests.discovery.conftest import Planted
from tests.factories import minimal_data
from waarborg.cli.app import app
from waarborg.register.systems import SqlDataset

runner = CliRunner()


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    data = minimal_data()
    planted.with_systems(data)
    path = tmp_path / "register.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def env(systems: Planted, register_file: Path) -> dict[str, str]:
    return {"WAARBORG_REGISTER": str(register_file), "WAARBORG_SQL_ADMINISTRATION": systems.admin,
            "WAARBORG_SQL_CRM": systems.crm}  # fmt: skip


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["discover", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_system_is_scanned_from_its_url_env_and_errors_exit_1(env: dict[str, str], systems: Planted) -> None:
    code, out, err = run(env, "--system", "administration", "--lang", "nl")
    assert code == 1, err
    assert "students.bsn" in out and "WD003" in out and "burgerservicenummers" in out
    assert "discover: 4/4" in err, "one progress line per table when stderr is no terminal"
    values = {str(p[k]) for p in systems.people for k in ("email", "naam", "bsn", "iban")}
    assert not [v for v in values if v in out + err], "no sampled value on stdout or stderr"


def test_json_and_html_reports(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run(env, "--system", "crm", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["system"] == "crm" and report["sample"] == 500
    assert {f["rule"] for f in report["findings"]} >= {"WD001", "WD005", "WD006", "WD008"}
    page = tmp_path / "crm.html"
    code, out, _ = run(env, "--system", "crm", "--format", "html", "--lang", "nl", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert out == "" and html.startswith("<!doctype html>") and "Bevindingen" in html and "notes.tekst" in html


def test_write_annotation_prints_yaml_that_loads(env: dict[str, str]) -> None:
    _code, out, _ = run(env, "--system", "crm", "--write-annotation")
    dataset = SqlDataset.model_validate(yaml.safe_load(out))
    assert dataset.url_env == "WAARBORG_SQL_CRM" and {"contacts", "notes", "deals"} <= set(dataset.tables)
    assert dataset.tables["notes"].links == {"contact_ref": "contacts.id"}


def test_a_url_without_a_register(systems: Planted) -> None:
    _code, out, _ = run({"WAARBORG_REGISTER": ""}, "--url", systems.admin, "--format", "json")
    report = json.loads(out)
    assert report["system"] is None
    assert {(f["rule"], f["where"]) for f in report["findings"]} >= {("WD001", "students.bsn")}


def test_a_folder_of_exports(systems: Planted, tmp_path: Path, register_file: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    engine = create_engine(systems.crm)
    for table in ("contacts", "notes"):
        with engine.connect() as connection, (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
            result = connection.execute(text(f"SELECT * FROM {table}"))
            writer = csv.writer(f, delimiter=";")
            writer.writerow(result.keys())
            writer.writerows(result)
    engine.dispose()
    _code, out, _err = run({"WAARBORG_REGISTER": str(register_file)}, "--folder", str(folder), "--system", "crm",
                         "--format", "json")  # fmt: skip
    report = json.loads(out)
    found = {(c["table"], c["column"]): c["category"] for t in report["tables"] for c in t["columns"]}
    assert found[("contacts", "email_prive")] == "user.contact.email"
    assert found[("notes", "tekst")] == "user.content.private"
    links = {(link["table"], link["column"], link["target_table"], link["target_column"]) for link in report["links"]}
    assert ("notes", "contact_ref", "contacts", "id") in links
    assert not any(f["rule"] in ("WD006", "WD007") for f in report["findings"]), "no indexes in a folder"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to scan"),
        (("--url", "sqlite:///x.db", "--folder", "."), "not both"),
        (("--system", "webshop"), "no system 'webshop' (it has: administration, crm)"),
        (("--folder", "/nonexistent/exports"), "no such folder"),
        (("--url", "sqlite:////nonexistent/crm.db"), "no SQLite database at /nonexistent/crm.db"),
        (("--sample", "0", "--url", "sqlite:///x.db"), "greater than or equal to 1"),
    ],
)
def test_bad_arguments_exit_2_with_a_reason(env: dict[str, str], args: tuple[str, ...], message: str) -> None:
    code, _, err = run(env, *args)
    assert code == 2 and message in err, err


def test_a_system_whose_url_env_is_not_set(env: dict[str, str]) -> None:
    code, _, err = run({**env, "WAARBORG_SQL_CRM": ""}, "--system", "crm")
    assert code == 2 and "WAARBORG_SQL_CRM is not set" in err


def test_a_password_in_the_url_is_never_shown(systems: Planted) -> None:
    code, _, err = run({"WAARBORG_REGISTER": ""}, "--url", "postgresql://reader:s3cr3t-pw@127.0.0.1:1/crm")
    assert code == 2 and "s3cr3t-pw" not in err and "cannot be read" in err


def test_the_pasted_annotation_loads_in_the_register_and_check_lists_it_to_confirm(
    env: dict[str, str], tmp_path: Path
) -> None:
    from waarborg.register.lint import run as lint
    from waarborg.register.loader import load_register_text

    _, out, _ = run(env, "--system", "crm", "--write-annotation")
    data = minimal_data()
    planted.with_systems(data)
    data["systems"]["crm"]["sql"] = yaml.safe_load(out)
    loaded = load_register_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "pasted.yaml")
    to_confirm = {f.path for f in lint(loaded) if f.rule.id == "WB059"}
    assert {"systems.crm.sql.tables.notes", "systems.crm.sql.tables.deals",
            "systems.crm.sql.tables.contacts.columns"} <= to_confirm  # fmt: skip


def test_save_keeps_the_report_where_the_office_shows_it(env: dict[str, str], db_url: str, tmp_path: Path) -> None:
    import base64
    import secrets

    from waarborg.discovery.store import latest_reports
    from waarborg.vault.service import Vault

    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    vault_env = {**env, "WAARBORG_DB": db_url, "WAARBORG_MASTER_KEY": key,
                 "WAARBORG_KEY_FILE": str(tmp_path / "unused.key")}  # fmt: skip
    assert runner.invoke(app, ["db", "upgrade"], env=vault_env).exit_code == 0
    code, _, err = run(vault_env, "--system", "crm", "--save", "--format", "json")
    assert code == 1 and "saved" in err
    register = yaml.safe_load(Path(env["WAARBORG_REGISTER"]).read_text(encoding="utf-8"))
    from waarborg.register.schema import Register

    vault = Vault.open(Register.model_validate(register), db_url, master_key=base64.urlsafe_b64decode(key))
    try:
        with vault.unit() as unit:
            kept = latest_reports(unit)
    finally:
        vault.close()
    assert [(r["system"], r["errors"] > 0) for r in kept] == [("crm", True)]
    assert {f["where"] for f in kept[0]["report"]["findings"]} >= {"notes.tekst", "contacts.email_prive"}


def test_the_rules_in_the_docs_are_the_rules() -> None:
    from tests.factories import ROOT
    from waarborg.discovery.rules import rules_markdown

    assert rules_markdown() in (ROOT / "docs" / "discovery.md").read_text(encoding="utf-8")
