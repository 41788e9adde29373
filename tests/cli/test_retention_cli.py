"""Retention from the command line: sweep (dry run, JSON, text), subject show with due dates and rules, holds,
the forecast and recompute; bad input gets exit 2 and a reason."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_vault_cli import env, migrated, run  # noqa: F401  (fixtures)


def _newsletter(migrated: dict[str, str], email: str = "an@example.nl") -> str:  # noqa: F811
    code, out, err = run(migrated, "record", "add", "--activity", "newsletter", "--collected-at", "2026-01-01",
                         "--data", json.dumps({"email": email}))  # fmt: skip
    assert code == 0, err
    subject: str = json.loads(out)["subject_id"]
    code, _, err = run(migrated, "event", "add", "--subject", subject, "--event", "unsubscribed", "--at", "2026-02-01")
    assert code == 0, err
    return subject


def test_sweep_dry_run_then_for_real(migrated: dict[str, str]) -> None:  # noqa: F811
    subject = _newsletter(migrated)
    code, out, _ = run(migrated, "subject", "show", subject)
    assert code == 0 and "due 2026-03-01 00:00 by rule 1: P4W after unsubscribed, then delete" in out
    record = json.loads(run(migrated, "subject", "show", subject, "--format", "json")[1])["records"][0]
    assert record["due_rule"] == 0 and record["due_rule_text"] == "P4W after unsubscribed, then delete"
    code, out, err = run(migrated, "sweep", "--now", "2026-02-28T23:59:59+01:00", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["records"] == 0
    code, out, _ = run(migrated, "sweep", "--now", "2026-03-01", "--dry-run", "--format", "json")
    planned = json.loads(out)
    assert planned["planned"][0]["subject_id"] == subject and planned["planned"][0]["action"] == "delete"
    code, out, _ = run(migrated, "sweep", "--now", "2026-03-01", "--dry-run")
    assert "would process 1 record(s)" in out and f"subject {subject} newsletter rule 1" in out
    assert "an@example.nl" not in out
    assert run(migrated, "subject", "show", subject)[0] == 0  # the dry run changed nothing
    code, out, err = run(migrated, "sweep", "--now", "2026-03-01")
    assert code == 0 and "processed 1 record(s); 1 subject(s) removed" in out and "newsletter: delete 1" in out
    assert err.splitlines() == ["sweep: batch 1 committed: 1 of 1 record(s)"]  # progress, off a terminal
    printed = json.loads(out.split("audit anchor (keep it outside the database; ")[1].split("): ", 1)[1])
    assert printed["kind"] == "waarborg-audit-anchor" and printed["seq"] > 1
    code, _, err = run(migrated, "subject", "show", subject)
    assert code != 0 and "not found" in err
    code, out, _ = run(migrated, "audit", "export", "--format", "json")
    swept = [row for row in json.loads(out) if row["kind"] == "retention.swept"]
    assert code == 0 and json.loads(swept[-1]["detail"])["counts"] == {"newsletter": {"delete": 1}}


def test_holds_from_the_command_line(migrated: dict[str, str]) -> None:  # noqa: F811
    subject = _newsletter(migrated)
    code, out, err = run(migrated, "hold", "add", subject, "--kind", "legal", "--reference", "C/13/1",
                         "--until", "2030-01-01", "--reason", "claim about a fee")  # fmt: skip
    assert code == 0, err
    hold = json.loads(out)
    assert hold["kind"] == "legal" and hold["released_at"] is None
    code, out, _ = run(migrated, "sweep", "--now", "2026-03-01", "--format", "json")
    assert json.loads(out)["counts"] == {"newsletter": {"restrict": 1}}
    code, out, _ = run(migrated, "subject", "show", subject)
    assert "[restricted]" in out and "due 2030-01-01" in out
    assert [h["id"] for h in json.loads(run(migrated, "hold", "list")[1])] == [hold["id"]]
    code, out, _ = run(migrated, "hold", "release", str(hold["id"]))
    assert code == 0 and json.loads(out)["released_at"]
    assert json.loads(run(migrated, "hold", "list")[1]) == []
    code, out, _ = run(migrated, "sweep", "--now", "2026-03-02", "--format", "json")
    assert json.loads(out)["counts"] == {"newsletter": {"delete": 1}}


def test_forecast_and_recompute(migrated: dict[str, str]) -> None:  # noqa: F811
    _newsletter(migrated)
    code, out, err = run(migrated, "retention", "forecast", "--until", "2100-01-01", "--format", "json")
    assert code == 0, err
    forecast = json.loads(out)
    assert forecast["overdue"] == {"newsletter": 1}  # due 2026-03-01, before today: the sweep has not run
    code, out, _ = run(migrated, "retention", "forecast")
    assert "overdue (the sweep has not run): newsletter 1" in out
    code, out, err = run(migrated, "retention", "recompute", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["applied"] is True and json.loads(out)["earlier"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sweep", "--now", "next tuesday"], "--now"),
        (["sweep", "--format", "xml"], "xml"),
        (["hold", "add", "nobody", "--kind", "legal", "--reference", "C/1", "--until", "2030-01-01", "--reason", "x"],
         "not found"),
        (["hold", "add", "x", "--kind", "forever", "--reference", "C/1", "--until", "2030-01-01", "--reason", "x"],
         "forever"),
        (["hold", "release", "99"], "hold 99 not found"),
        (["retention", "forecast", "--until", "soon"], "--until"),
        (["serve", "--sweep-at", "25:99"], "HH:MM"),
    ],
)  # fmt: skip
def test_bad_retention_input_is_refused(migrated: dict[str, str], args: list[str], message: str) -> None:  # noqa: F811
    code, _, err = run(migrated, *args)
    assert code != 0 and message in err
