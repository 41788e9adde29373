"""`waarborg task ...` and `request close`: a request that waits for a processor, worked from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_request_cli import mailing  # noqa: F401  (fixture)
from tests.cli.test_vault_cli import env, migrated, run  # noqa: F401  (fixtures)
from tests.core.test_mail import smtp  # noqa: F401  (fixture)
from tests.rights.helpers import Post


def test_a_request_waits_for_its_task_and_is_answered_when_it_is_done(
    mailing: tuple[dict[str, str], Post],  # noqa: F811
    tmp_path: Path,
) -> None:
    settings, post = mailing
    data = '{"name": "An de Vries", "email": "an@example.nl", "course": "Excel"}'
    assert run(settings, "record", "add", "--activity", "courses", "--data", data)[0] == 0
    opened = json.loads(run(settings, "request", "open", "--type", "erasure", "--email", "an@example.nl",
                            "--verified", "seen in person")[1])  # fmt: skip
    code, out, err = run(settings, "request", "fulfil", opened["id"])
    assert code == 0 and json.loads(out)["status"] == "waiting", err
    code, out, err = run(settings, "task", "list", "--format", "json")
    [task] = json.loads(out)
    assert (task["name"], task["action"], task["owner"]) == ("Leerplatform B.V.", "erasure", "dpo")
    assert "an@example.nl" not in out, "a task list shows what and where, not who"
    code, _, err = run(settings, "request", "close", opened["id"])
    assert code == 1 and "open tasks" in err
    proof = tmp_path / "removed.txt"
    proof.write_text("account 17 removed")
    code, out, err = run(settings, "task", "done", str(task["id"]), "--note", "removed in the LMS",
                         "--attachment", str(proof))  # fmt: skip
    assert code == 0 and json.loads(out)["request_answered"] is True, err
    assert "Leerplatform B.V.: gedaan: removed in the LMS" in post.text("an@example.nl")
    assert run(settings, "task", "list")[1].strip() == "no open tasks"
    code, out, _ = run(settings, "task", "deliver")
    assert code == 0 and json.loads(out) == {"delivered": 0, "failed": 0, "dead": 0, "sql_erased": 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "list", "--mine"], "--mine needs --user"),
        (["task", "list", "--mine", "--user", "nobody"], "no staff user"),
        (["task", "done", "99", "--note", "x"], "task 99 not found"),
        (["task", "done", "1", "--note", "x", "--attachment", "/nonexistent"], "is not a file"),
        (["task", "deliver", "--now", "soon"], "--now"),
        (["request", "close", "nope"], "request nope not found"),
    ],
)  # fmt: skip
def test_bad_task_input(mailing: tuple[dict[str, str], Post], args: list[str], message: str) -> None:  # noqa: F811
    settings, _post = mailing
    code, _, err = run(settings, *args)
    assert code == 2 and message in err, err
