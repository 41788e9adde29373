"""`waarborg request ...` end to end, with the answers read from a local SMTP server; bad input exits 2."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_vault_cli import env, migrated, run  # noqa: F401  (fixtures)
from tests.core.test_mail import smtp  # noqa: F401  (fixture)
from tests.rights.helpers import Post


@pytest.fixture
def mailing(migrated: dict[str, str], smtp: tuple[object, int]) -> Iterator[tuple[dict[str, str], Post]]:  # noqa: F811
    inbox, port = smtp
    settings = {**migrated, "WAARBORG_SMTP_URL": f"smtp://127.0.0.1:{port}", "WAARBORG_MAIL_FROM": "privacy@example.nl",
                "WAARBORG_PUBLIC_URL": "https://privacy.example.nl"}  # fmt: skip
    yield settings, Post(inbox, port)  # type: ignore[arg-type]


def test_a_request_from_intake_to_answer(mailing: tuple[dict[str, str], Post], tmp_path: Path) -> None:
    settings, post = mailing
    code, _, err = run(settings, "record", "add", "--activity", "newsletter", "--data", '{"email": "an@example.nl"}')
    assert code == 0, err
    code, out, err = run(settings, "request", "open", "--type", "access", "--email", "An@Example.nl",
                         "--received-at", "2026-04-30")  # fmt: skip
    assert code == 0, err
    opened = json.loads(out)
    assert set(opened) >= {"id", "due_at", "status"} and opened["status"] == "unverified"
    assert opened["due_at"].startswith("2026-05-28"), "the minimal register promises four weeks"
    code, out, _ = run(settings, "request", "list", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [opened["id"]]
    assert run(settings, "request", "list", "--overdue")[1].strip().startswith(opened["id"])
    code, out, err = run(settings, "request", "verify", opened["id"], "--code", post.code("an@example.nl"))
    assert code == 0 and json.loads(out)["status"] == "verified", err
    package = tmp_path / "package.zip"
    code, out, err = run(settings, "request", "fulfil", opened["id"], "-o", str(package))
    assert code == 0, err
    assert json.loads(out)["status"] == "fulfilled" and package.read_bytes().startswith(b"PK")
    shown = json.loads(run(settings, "request", "show", opened["id"])[1])
    assert [s["step"] for s in shown["steps"]][-2:] == ["fulfilled", "answer_sent"]
    assert all(re.match(r"\d{4}-\d\d-\d\dT", s["at"]) and s["actor"].startswith("cli:") for s in shown["steps"][:1])


def test_extend_and_refuse(mailing: tuple[dict[str, str], Post]) -> None:
    settings, post = mailing
    opened = json.loads(run(settings, "request", "open", "--type", "erasure", "--email", "bo@example.nl")[1])
    code, out, err = run(settings, "request", "extend", opened["id"], "--reason", "Veel systemen")
    assert code == 0 and json.loads(out)["due_on"] > opened["due_on"], err
    assert "Veel systemen" in post.text("bo@example.nl")
    code, out, err = run(settings, "request", "refuse", opened["id"], "--reason", "Kennelijk ongegrond")
    assert code == 0 and json.loads(out)["status"] == "refused", err
    code, _, err = run(settings, "request", "fulfil", opened["id"])
    assert code == 1 and "already refused" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["request", "open", "--type", "inzien", "--email", "an@example.nl"], "not a request type"),
        (["request", "open", "--type", "access", "--email", "an@"], "email"),
        (["request", "open", "--type", "access", "--email", "an@example.nl", "--received-at", "gisteren"],
         "--received-at"),
        (["request", "open", "--type", "access", "--email", "an@example.nl", "--details", "{"], "--details: not JSON"),
        (["request", "open", "--type", "access", "--email", "an@example.nl", "--channel", "pigeon"], "channel"),
        (["request", "list", "--due-within", "soon"], "--due-within"),
        (["request", "show", "nope"], "request nope not found"),
        (["request", "verify", "nope"], "give one of --reason, --code or --send"),
        (["request", "fulfil", "nope", "--set", "=x"], "--set"),
    ],
)  # fmt: skip
def test_bad_request_input(mailing: tuple[dict[str, str], Post], args: list[str], message: str) -> None:
    settings, _post = mailing
    code, _, err = run(settings, *args)
    assert code == 2 and message in err, err
    assert json.loads(run(settings, "request", "list", "--all", "--format", "json")[1]) == []
