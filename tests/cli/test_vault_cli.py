"""The vault from the command line: db upgrade, record add, event add, subject show, import, apikey, key rotate."""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import DATA, ROOT
from waarborg import migrations
from waarborg.cli.app import app

runner = CliRunner()


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "WAARBORG_DB": db_url,
        "WAARBORG_REGISTER": str(DATA / "minimal.yaml"),
        "WAARBORG_MASTER_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "WAARBORG_KEY_FILE": str(tmp_path / "unused.key"),
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def migrated(env: dict[str, str]) -> dict[str, str]:
    code, out, err = run(env, "db", "upgrade")
    assert code == 0, err
    newest = max(path.name[:4] for path in (Path(migrations.__file__).parent / "versions").glob("0*.py"))
    assert f"at revision {newest}" in out
    return env


def test_commands_refuse_an_unmigrated_database(env: dict[str, str]) -> None:
    code, _, err = run(env, "record", "add", "--activity", "newsletter", "--data", '{"email": "a@example.nl"}')
    assert code == 2 and "`waarborg db upgrade`" in err


def test_record_add_then_subject_show(migrated: dict[str, str]) -> None:
    code, out, err = run(
        migrated,
        "record",
        "add",
        "--activity",
        "courses",
        "--collected-at",
        "2026-03-01",
        "--data",
        '{"name": "An de Vries", "email": "an@example.nl", "course": "AVG"}',
    )
    assert code == 0, err
    added = json.loads(out)
    assert set(added) == {"subject_id", "record_id", "due_at", "flagged"} and added["due_at"] is None
    code, out, _ = run(
        migrated,
        "event",
        "add",
        "--subject",
        added["subject_id"],
        "--event",
        "course_completed",
        "--activity",
        "courses",
        "--at",
        "2026-06-30",
    )
    assert code == 0
    code, out, _ = run(migrated, "subject", "show", "--email", "AN@example.nl", "--format", "json")
    shown = json.loads(out)
    assert shown["id"] == added["subject_id"]
    assert shown["records"][0]["values"] == {"name": "An de Vries", "email": "an@example.nl", "course": "AVG"}
    assert [e["name"] for e in shown["events"]] == ["course_completed"]
    code, out, _ = run(migrated, "subject", "show", added["subject_id"])
    assert code == 0 and "email: an@example.nl" in out and "An de Vries" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activity", "newsletter", "--data", '{"email": "a@example.nl", "age": 4}'], "age: not a field"),
        (["--activity", "newsletter", "--data", "{not json"], "--data: not JSON"),
        (["--activity", "newsletter", "--data", "[1]"], "--data: give a JSON object"),
        (["--activity", "nope", "--data", "{}"], "unknown activity"),
        (
            ["--activity", "newsletter", "--data", '{"email": "a@example.nl"}', "--collected-at", "gisteren"],
            "not an ISO 8601 date",
        ),
        (
            ["--activity", "newsletter", "--data", '{"email": "a@example.nl"}', "--collected-at", "2100-01-01"],
            "--collected-at: lies in the future; give a time up to now",
        ),
        (
            ["--activity", "newsletter", "--data", '{"email": "a@example.nl"}', "--collected-at", "0001-01-01"],
            "--collected-at: give a time between 1900 and 2200",
        ),
    ],
)
def test_record_add_bad_input(migrated: dict[str, str], args: list[str], message: str) -> None:
    code, out, err = run(migrated, "record", "add", *args)
    assert code == 2 and message in err and out == ""
    assert "Traceback" not in err
    code, out, err = run(migrated, "subject", "show", "--email", "a@example.nl")
    assert code == 2 and "no subject" in err


def test_import_shows_results_and_line_numbers(migrated: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,email,course\nA,a@example.nl,AVG\nB,bad,AVG\nC,c@example.nl,AVG\n", encoding="utf-8")
    code, out, err = run(migrated, "import", str(path), "--activity", "courses")
    assert code == 0, err
    assert json.loads(out) == {"activity": "courses", "imported": 2, "skipped": 1, "resumed_from_line": 0}
    assert "line 3: activity 'courses': email: not an e-mail address" in err
    code, out, err = run(migrated, "import", str(path), "--activity", "courses")
    assert "already imported" in err and json.loads(out)["imported"] == 0
    code, _, err = run(migrated, "import", str(path), "--activity", "courses", "--on-error", "maybe")
    assert code == 2 and "--on-error" in err


def test_apikey_lifecycle(migrated: dict[str, str]) -> None:
    code, out, err = run(migrated, "apikey", "create", "--name", "website", "--activities", "newsletter,courses")
    assert code == 0 and out.startswith("wb_") and "cannot be shown again" in err
    code, out, _ = run(migrated, "apikey", "list")
    [listed] = json.loads(out)
    assert listed["activities"] == ["courses", "newsletter"] and not listed["read"]
    assert out.count("wb_") == 0  # the key itself is never listed
    assert run(migrated, "apikey", "revoke", listed["id"])[0] == 0
    code, _, err = run(migrated, "apikey", "create", "--name", "x", "--activities", "nope")
    assert code == 2 and "unknown activity 'nope'" in err


def test_key_rotate_with_a_key_file(db_url: str, tmp_path: Path) -> None:
    env = {
        "WAARBORG_DB": db_url,
        "WAARBORG_REGISTER": str(DATA / "minimal.yaml"),
        "WAARBORG_KEY_FILE": str(tmp_path / "waarborg.key"),
    }
    code, _, err = run(env, "db", "upgrade")
    assert code == 0 and "created a new master key" in err
    code, out, err = run(env, "record", "add", "--activity", "newsletter", "--data", '{"email": "a@example.nl"}')
    assert code == 0 and "created" not in err
    assert (tmp_path / "waarborg.key").stat().st_mode & 0o777 == 0o600
    old = (tmp_path / "waarborg.key").read_text()
    code, _, err = run(env, "key", "rotate")
    assert code == 0 and "re-wrapped" in err
    assert (tmp_path / "waarborg.key").read_text() != old
    assert (tmp_path / "waarborg.key.previous").read_text() == old
    code, out, _ = run(env, "subject", "show", "--email", "a@example.nl", "--format", "json")
    assert code == 0 and json.loads(out)["identifiers"] == [["email", "a@example.nl"]]


def test_seed_register_record_is_encrypted_on_disk(tmp_path: Path) -> None:
    db = tmp_path / "icm.db"
    env = {
        "WAARBORG_DB": f"sqlite:///{db}",
        "WAARBORG_REGISTER": str(ROOT / "examples/registers/icm.yaml"),
        "WAARBORG_KEY_FILE": str(tmp_path / "k.key"),
    }
    assert run(env, "db", "upgrade")[0] == 0
    code, out, err = run(
        env,
        "record",
        "add",
        "--activity",
        "newsletter",
        "--data",
        '{"email": "jet.klaassen@voorbeeld.nl", "first_name": "Jet"}',
    )
    assert code == 0, err
    for path in tmp_path.glob("icm*"):
        assert b"klaassen" not in path.read_bytes().lower()
    code, out, _ = run(env, "subject", "show", "--email", "jet.klaassen@voorbeeld.nl")
    assert code == 0 and "jet.klaassen@voorbeeld.nl" in out


def test_audit_verify_and_show(migrated: dict[str, str]) -> None:
    from sqlalchemy import text

    from waarborg.core.db import make_engine

    code, out, _ = run(migrated, "record", "add", "--activity", "newsletter", "--data", '{"email": "a@example.nl"}')
    subject = json.loads(out)["subject_id"]
    run(migrated, "subject", "show", subject)
    code, out, _ = run(migrated, "audit", "verify")
    assert code == 0 and "audit trail intact: 4 entries" in out  # sealed, register noted, record added, subject read
    code, out, _ = run(migrated, "audit", "export", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "seq,at,kind,actor,subject,detail,seal"
    assert [line.split(",")[2] for line in out.splitlines()[1:]] == [
        "audit.sealed",
        "register.changed",
        "record.added",
        "subject.read",
    ]
    assert "a@example.nl" not in out
    code, out, _ = run(migrated, "audit", "show", "--subject", subject, "--format", "json")
    kinds = [(e["kind"], e["actor"].split(":")[0]) for e in json.loads(out)]
    assert kinds == [("record.added", "cli"), ("subject.read", "cli")]
    engine = make_engine(migrated["WAARBORG_DB"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET kind = 'subject.erased' WHERE seq = 3"))
    engine.dispose()
    code, _, err = run(migrated, "audit", "verify")
    assert code == 1 and "entry 3: edited" in err


def test_breach_commands(migrated: dict[str, str]) -> None:
    code, out, err = run(
        migrated,
        "breach",
        "add",
        "--description",
        "Lost USB stick",
        "--activities",
        "courses",
        "--risk",
        "high",
        "--aware-at",
        "2026-11-20T09:00",
    )
    assert code == 0, err
    breach = json.loads(out)
    assert breach["deadline"] == "2026-11-23T09:00:00+01:00"
    code, out, _ = run(migrated, "breach", "list", "--at", "2026-11-23T08:59")
    assert json.loads(out)[0]["state"] == "open"
    code, out, _ = run(migrated, "breach", "show", str(breach["id"]), "--at", "2026-11-23T09:01", "--lang", "nl")
    shown = json.loads(out)
    assert shown["clock"]["state"] == "overdue" and shown["notification"]["nature"] == "Lost USB stick"
    code, _, err = run(migrated, "breach", "report", str(breach["id"]), "--reference", "AP-1", "--at", "2026-11-24")
    assert code == 2 and "reasons" in err
    code, out, _ = run(
        migrated,
        "breach",
        "report",
        str(breach["id"]),
        "--reference",
        "AP-1",
        "--at",
        "2026-11-24",
        "--late-reason",
        "Found out the scope only on Monday",
    )
    assert code == 0 and json.loads(out)["state"] == "reported_late"
    code, _, err = run(migrated, "breach", "add", "--description", "x", "--activities", "courses", "--risk", "none")
    assert code == 2 and "decision" in err
    code, out, _ = run(migrated, "breach", "message", str(breach["id"]), "--lang", "en")
    assert code == 0 and "Lost USB stick" in json.loads(out)["message"] and json.loads(out)["subjects"] == []


def test_user_commands(migrated: dict[str, str]) -> None:
    code, out, err = run(
        migrated,
        "user",
        "add",
        "docent1",
        "--role",
        "instructor",
        "--scope",
        "AVG",
        "--password",
        "correct horse battery",
    )
    assert code == 0, err
    assert json.loads(out) == {"username": "docent1", "role": "instructor", "scope": ["AVG"], "totp": False}
    code, _, err = run(migrated, "user", "add", "x", "--role", "janitor", "--password", "correct horse battery")
    assert code == 2 and "not a role" in err
    assert run(migrated, "user", "disable", "docent1")[0] == 0
    code, out, _ = run(migrated, "user", "list")
    assert json.loads(out)[0]["disabled"] is True and "hash" not in out


def test_user_token_and_totp(migrated: dict[str, str]) -> None:
    code, out, err = run(
        migrated, "user", "add", "fg", "--role", "dpo", "--totp", "--password", "correct horse battery"
    )
    assert code == 0 and json.loads(out)["totp"] is True and "otpauth://totp/" in err
    code, out, err = run(migrated, "user", "token", "fg", "--days", "7")
    assert code == 0 and out.startswith("wbu_") and "expires in 7 days" in err
    code, _, err = run(migrated, "user", "token", "nobody")
    assert code == 2 and "no active user" in err


def test_audit_anchor_finds_a_cut_tail_and_refuses_a_bad_anchor(migrated: dict[str, str], tmp_path: Path) -> None:
    from sqlalchemy import text

    from waarborg.core.db import make_engine

    for n in range(6):
        run(migrated, "record", "add", "--activity", "newsletter", "--data", json.dumps({"email": f"a{n}@example.nl"}))
    saved = tmp_path / "anchor.json"
    code, _, err = run(migrated, "audit", "anchor", "-o", str(saved))
    assert code == 0 and "written to" in err and saved.stat().st_mode & 0o777 == 0o600
    code, out, _ = run(migrated, "audit", "verify", "--anchor", str(saved))
    assert code == 0 and "audit trail intact" in out and "the anchor's" in out
    engine = make_engine(migrated["WAARBORG_DB"])
    with engine.begin() as connection:  # cut three entries off; point the head at the last one kept
        connection.execute(text("DELETE FROM audit_entries WHERE seq > (SELECT MAX(seq) - 3 FROM audit_entries)"))
        last = "(SELECT MAX(seq) FROM audit_entries)"
        connection.execute(
            text(f"UPDATE audit_head SET seq = {last}, seal = (SELECT seal FROM audit_entries WHERE seq = {last})")
        )
    engine.dispose()
    code, _, err = run(migrated, "audit", "verify", "--anchor", str(saved))
    assert code == 1 and "3 entries are missing since the anchor" in err, err
    forged = json.loads(saved.read_text()) | {"seq": 2}
    saved.write_text(json.dumps(forged))
    code, _, err = run(migrated, "audit", "verify", "--anchor", str(saved))
    assert code == 2 and f"--anchor: {saved}: the anchor's signature does not match" in err, err
    code, _, err = run(migrated, "audit", "verify", "--anchor", str(tmp_path / "absent.json"))
    assert code == 2 and "--anchor: cannot read" in err, err


def test_database_and_key_files_are_created_for_their_owner_only(migrated: dict[str, str]) -> None:
    if not migrated["WAARBORG_DB"].startswith("sqlite:///"):
        pytest.skip("file modes are the SQLite files'")
    run(migrated, "record", "add", "--activity", "newsletter", "--data", '{"email": "m@example.nl"}')
    folder = Path(migrated["WAARBORG_DB"].removeprefix("sqlite:///")).parent
    files = sorted(folder.glob("*.db*"))
    assert len(files) >= 2, files  # the data and the key store, with their -wal and -shm
    assert {file.name: oct(file.stat().st_mode & 0o777) for file in files} == {file.name: "0o600" for file in files}


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(migrated: dict[str, str]) -> None:
    code, _, err = run({**migrated, "WAARBORG_TRUSTED_PROXIES": "10.0.0.0/8, the-proxy"}, "serve", "--sweep-at", "off")
    assert code == 2 and "WAARBORG_TRUSTED_PROXIES: 'the-proxy' is not an address or network" in err, err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgres://u@localhost/w",
            "WAARBORG_DB (--db): write postgresql+psycopg://... (the driver Waarborg installs)",
        ),
        ("mysql://u@localhost/w", "WAARBORG_DB (--db): mysql is not supported; give sqlite:///PATH or postgresql"),
        ("sqlite:////no/such/dir/x.db", "WAARBORG_DB (--db): the folder /no/such/dir does not exist"),
        ("not a url", "WAARBORG_DB (--db): not a database URL"),
    ],
)
def test_database_urls_are_checked_before_use(env: dict[str, str], url: str, message: str) -> None:
    for command in (["db", "upgrade"], ["sweep", "--dry-run"]):
        code, out, err = run({**env, "WAARBORG_DB": url}, *command)
        assert code == 2 and message in err and "Traceback" not in err + out, (command, err)


def test_nothing_is_created_beside_what_exists(env: dict[str, str], tmp_path: Path) -> None:
    fresh = {**env, "WAARBORG_DB": f"sqlite:///{tmp_path / 'new' / 'w.db'}"}
    (tmp_path / "new").mkdir()
    code, _, err = run(fresh, "sweep", "--dry-run")
    assert code == 2 and "w.db does not exist; `waarborg db upgrade` creates it" in err
    assert list((tmp_path / "new").iterdir()) == [], "no empty database left behind"
    assert run(fresh, "db", "upgrade")[0] == 0
    keyless = {k: v for k, v in fresh.items() if k != "WAARBORG_MASTER_KEY"}
    keyless["WAARBORG_KEY_FILE"] = str(tmp_path / "new" / "waarborg.key")
    code, _, err = run(keyless, "sweep", "--dry-run")
    assert code == 2 and "no master key" in err and "WAARBORG_KEY_FILE" in err, err
    assert not (tmp_path / "new" / "waarborg.key").exists(), "no new key beside a key store made with another"
