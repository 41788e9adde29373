"""The README, the docs and --help stay true: every documented command and option exists."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.factories import ROOT
from waarborg.cli import output
from waarborg.cli.app import app
from waarborg.register.lint import RULES

runner = CliRunner()
CLICK_APP = get_command(app)
COMMANDS = sorted(CLICK_APP.commands)  # type: ignore[attr-defined]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GLOBAL_OPTIONS = {"--register", "--db", "--help"}


def help_text(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_readme_starts_with_the_two_commands() -> None:
    first = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6])
    assert "make demo" in first and "make test" in first


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    text = help_text(command)
    assert "Usage:" in text
    assert CLICK_APP.commands[command].help  # type: ignore[attr-defined]


def documented_invocations() -> list[tuple[str, str, str]]:
    """(doc file, command, option) for every `waarborg COMMAND [SUBCOMMAND] ... --option` in the docs."""
    found = []
    for doc in DOCS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            for match in re.finditer(r"waarborg ([a-z]+)((?: [a-z]+)?)([^`|\n]*)", line):
                command, sub, rest = match.groups()
                group = CLICK_APP.commands.get(command)  # type: ignore[attr-defined]
                if sub.strip() and group is not None and sub.strip() in getattr(group, "commands", {}):
                    command = f"{command} {sub.strip()}"
                else:
                    rest = sub + rest
                for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                    found.append((doc.name, command, option))
    return found


def test_the_docs_mention_commands() -> None:
    assert {command for _, command, _ in documented_invocations()} >= {"check"}


@pytest.mark.parametrize(("doc", "command", "option"), documented_invocations())
def test_documented_options_exist(doc: str, command: str, option: str) -> None:
    assert command.split()[0] in COMMANDS, f"{doc} documents 'waarborg {command}', which does not exist"
    if option not in GLOBAL_OPTIONS:
        assert option in help_text(*command.split()), f"{doc}: 'waarborg {command}' has no option {option}"


def test_global_options_are_documented_in_help() -> None:
    text = help_text()
    assert "--register" in text and "WAARBORG_REGISTER" in text and "--db" in text


def test_rules_doc_is_generated_from_the_rules() -> None:
    expected = output.rules_markdown(sorted(RULES.values(), key=lambda r: r.id), "en")
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `waarborg check --list-rules --format md > docs/rules.md`"
    )


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    assert "scripts/system-deps venv pdf browser postgres" in ci


@pytest.mark.parametrize(
    ("target", "parts"),
    [("test", "venv pdf browser postgres"), ("demo", "venv pdf"), ("test-sqlite", "venv pdf browser")],
)
def test_the_readme_commands_install_their_system_packages_first(target: str, parts: str) -> None:
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}  # `make test` runs this suite: plan as a fresh make would
    env = {name: value for name, value in os.environ.items() if name not in outer}
    command = ["make", "--no-print-directory", "-n", target]
    planned = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    lines = planned.splitlines()
    assert lines[0] == f"scripts/system-deps {parts}", planned
    assert any("install" in line for line in lines[1:3]), planned


def test_documentation_index_links_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert Path(ROOT / link).exists(), link


SUBCOMMANDS = [
    (name, sub)
    for name, command in CLICK_APP.commands.items()  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {})
]


@pytest.mark.parametrize(("command", "sub"), SUBCOMMANDS)
def test_every_subcommand_has_help(command: str, sub: str) -> None:
    assert "Usage:" in help_text(command, sub)
    assert CLICK_APP.commands[command].commands[sub].help  # type: ignore[attr-defined]


def test_only_the_runtime_reads_the_settings() -> None:
    """Settings are read once, by waarborg.runtime, and passed down from there (the CLI and each server)."""
    readers = sorted(
        str(path.relative_to(ROOT / "src"))
        for path in (ROOT / "src" / "waarborg").rglob("*.py")
        if "Settings(" in path.read_text(encoding="utf-8") and path.name != "config.py"
    )
    assert readers == ["waarborg/runtime.py"]
