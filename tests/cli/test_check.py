"""`waarborg check`, `schema` and `demo` as a person or a script uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import DATA, MINIMAL_TEXT, ROOT
from waarborg.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_register_exits_zero() -> None:
    code, out, _ = invoke("check", str(DATA / "minimal.yaml"))
    assert code == 0
    assert out.strip().endswith("0 errors, 0 warnings, 0 info")


def test_register_with_errors_exits_one_and_lists_findings(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text(MINIMAL_TEXT.replace("consent_by: opt_in", "consent_by: continue_browsing"), encoding="utf-8")
    code, out, _ = invoke("check", str(bad))
    assert code == 1
    assert f"{bad}:" in out and "error WB028 cookies.banner.consent_by" in out and "Planet49" in out


def test_json_output_lists_findings_with_their_parts(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text(MINIMAL_TEXT.replace("promise: 4 weeks", "promise: 6 weeks"), encoding="utf-8")
    code, out, _ = invoke("check", str(bad), "--format", "json", "--lang", "nl")
    assert code == 1
    [finding] = json.loads(out)
    assert set(finding) >= {"rule", "severity", "message", "path", "line", "source"}
    assert finding["rule"] == "WB034" and finding["path"] == "requests.promise"
    assert finding["message"].startswith("De beloofde termijn")


def test_unreadable_register_exits_two_with_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text(
        MINIMAL_TEXT.replace("basis: consent", "basis: concent").replace("country: NL", "country: nl"),
        encoding="utf-8",
    )
    code, out, err = invoke("check", str(bad))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "(did you mean 'consent'?)" in lines[0] and "ISO 3166" in lines[1]
    assert "Traceback" not in err


def test_list_rules_shows_at_least_thirty_rules() -> None:
    code, out, _ = invoke("check", "--list-rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert len(rules) >= 30
    assert [r["rule"] for r in rules] == sorted(r["rule"] for r in rules)
    code, out, _ = invoke("check", "--list-rules")
    assert "WB001" in out and f"{len(rules)} rules" in out


def test_register_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAARBORG_REGISTER", str(DATA / "minimal.yaml"))
    assert invoke("check")[0] == 0


def test_no_register_at_all_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAARBORG_REGISTER", raising=False)
    code, _, err = invoke("check")
    assert code == 2 and "no register given" in err


def test_bad_option_value_is_bad_input() -> None:
    code, _, err = invoke("check", str(DATA / "minimal.yaml"), "--format", "xml")
    assert code == 2 and "xml" in err


def test_schema_is_json_schema_of_the_register(tmp_path: Path) -> None:
    out_file = tmp_path / "schema.json"
    assert invoke("schema", "-o", str(out_file))[0] == 0
    schema = json.loads(out_file.read_text(encoding="utf-8"))
    assert schema["title"] == "Register"
    assert {"organisation", "activities", "processors", "cookies"} <= set(schema["properties"])


def test_demo_summarises_a_folder_of_registers(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(MINIMAL_TEXT, encoding="utf-8")
    code, out, err = invoke("demo", str(tmp_path), "--build", "--subjects", "25", "--dir", str(tmp_path / "demo"))
    assert code == 0, err
    assert "Voorbeeld Opleidingen B.V." in out and "25 synthetic people" in out
    token = out.split("API key (reads and writes every activity): ")[1].split()[0]
    assert token.startswith("wb_")
    assert (tmp_path / "demo" / "waarborg.key").stat().st_mode & 0o777 == 0o600
    exported = out.split("  export ", 1)[1].splitlines()[0].split()
    demo_env = dict(pair.split("=", 1) for pair in exported)
    assert set(demo_env) == {"WAARBORG_DB", "WAARBORG_REGISTER", "WAARBORG_KEY_FILE"}
    result = CliRunner().invoke(app, ["audit", "verify"], env={**demo_env, "WAARBORG_MASTER_KEY": ""})
    assert result.exit_code == 0 and "audit trail intact" in result.stdout, result.stderr


def test_demo_without_registers_is_bad_input(tmp_path: Path) -> None:
    code, _, err = invoke("demo", str(tmp_path))
    assert code == 2 and "no register files" in err


def test_installed_console_script_runs_and_keeps_stdout_clean() -> None:
    exe = Path(sys.executable).parent / "waarborg"
    result = subprocess.run(
        [str(exe), "check", str(DATA / "minimal.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_render_writes_html_markdown_and_pdf(tmp_path: Path) -> None:
    register = str(DATA / "minimal.yaml")
    for fmt, marker in (("html", b"<!DOCTYPE html>"), ("md", b"# Privacyverklaring"), ("pdf", b"%PDF")):
        target = tmp_path / f"statement.{fmt}"
        code, _, err = invoke("render", register, "--lang", "nl", "--format", fmt, "-o", str(target))
        assert code == 0, err
        assert target.read_bytes().startswith(marker)
    code, out, _ = invoke("render", register, "--lang", "en", "--format", "md", "--tone", "formal")
    assert code == 0 and out.startswith("# Privacy statement")


def test_render_refuses_a_register_it_cannot_read(tmp_path: Path) -> None:
    code, _, err = invoke("render", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err


def test_diff_prints_changes_in_the_chosen_language(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(MINIMAL_TEXT.replace("promise: 4 weeks", "promise: 10 working days"), encoding="utf-8")
    code, out, _ = invoke("diff", str(DATA / "minimal.yaml"), str(new), "--lang", "nl")
    assert code == 0 and out.strip() == "- Wij reageren op verzoeken nu binnen 10 werkdagen."
    code, out, _ = invoke("diff", str(DATA / "minimal.yaml"), str(DATA / "minimal.yaml"), "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_ropa_in_every_format(tmp_path: Path) -> None:
    register = str(DATA / "minimal.yaml")
    code, out, _ = invoke("ropa", register, "--format", "json")
    assert code == 0 and [row["activity"] for row in json.loads(out)] == ["courses", "newsletter"]
    target = tmp_path / "ropa.xlsx"
    assert invoke("ropa", register, "--format", "xlsx", "--lang", "nl", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"PK")  # an Office Open XML zip
    code, out, _ = invoke("ropa", register, "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 3


def test_export_to_both_targets(tmp_path: Path) -> None:
    register = str(DATA / "minimal.yaml")
    code, out, _ = invoke("export", register, "--to", "dpv")
    assert code == 0 and "@context" in json.loads(out)
    target = tmp_path / "fides.yaml"
    assert invoke("export", register, "--to", "fideslang", "-o", str(target))[0] == 0
    assert "system:" in target.read_text(encoding="utf-8")
    code, _, err = invoke("export", register, "--to", "owl")
    assert code == 2 and "owl" in err


def test_the_command_line_has_one_error_handler() -> None:
    """Commands raise; only the root group (cli.app.Commands) catches the error tree and prints it."""
    catching = [
        path.name
        for path in sorted((ROOT / "src" / "waarborg" / "cli").glob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "except WaarborgError" in line
    ]
    assert catching == ["app.py"]
