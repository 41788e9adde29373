"""Consent and audiences from the command line; bad input gets exit 2 and a reason."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_vault_cli import env, migrated, run  # noqa: F401  (fixtures)


def test_grant_show_audience_withdraw(migrated: dict[str, str]) -> None:  # noqa: F811
    code, _, err = run(migrated, "record", "add", "--activity", "newsletter", "--data", '{"email": "an@example.nl"}')
    assert code == 0, err
    code, out, err = run(migrated, "consent", "grant", "--email", "an@example.nl", "--activity", "newsletter",
                         "--via", "paper", "--lang", "en")  # fmt: skip
    assert code == 0, err
    assert [(r["option"], r["granted"], r["via"]) for r in json.loads(out)["receipts"]] == [("tips", True, "paper")]
    shown = json.loads(run(migrated, "consent", "show", "--email", "an@example.nl")[1])
    assert shown["current"] == {"newsletter": {"tips": True}}
    code, out, err = run(migrated, "audience", "--activity", "newsletter", "--format", "csv")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == "subject_id,email,options,unsubscribe_url" and ",an@example.nl,tips,http" in lines[1]
    code, _, err = run(migrated, "consent", "withdraw", "--email", "an@example.nl", "--activity", "newsletter")
    assert code == 0, err
    assert json.loads(run(migrated, "audience", "--activity", "newsletter")[1]) == []
    code, out, err = run(migrated, "notices", "send")
    assert code == 0 and json.loads(out) == {"sent": 0, "failed": 0, "unreachable": 0, "lapsed": 0}, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["consent", "grant", "--email", "nobody@example.nl", "--activity", "newsletter"], "no subject"),
        (["consent", "grant", "--email", "an@example.nl", "--activity", "newsletter", "--via", "pigeon"],
         "not a channel"),
        (["consent", "grant", "--email", "an@example.nl", "--activity", "courses"], "does not ask for consent"),
        (["consent", "withdraw", "--email", "an@example.nl", "--activity", "newsletter", "--option", "x"],
         "not an option"),
        (["audience", "--activity", "newsletter", "--now", "yesterday"], "--now"),
        (["audience", "--activity", "nowhere"], "not declared"),
    ],
)  # fmt: skip
def test_bad_consent_input(migrated: dict[str, str], args: list[str], message: str) -> None:  # noqa: F811
    run(migrated, "record", "add", "--activity", "newsletter", "--data", '{"email": "an@example.nl"}')
    code, _, err = run(migrated, *args)
    assert code == 2 and message in err, err
