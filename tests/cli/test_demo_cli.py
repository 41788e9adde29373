"""`waarborg demo`: without --serve it only checks and summarises (no vault, no port), so it can run while
`make demo` serves; --build builds the demo vault; --serve builds and serves, after checking the port."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.factories import MINIMAL_TEXT, ROOT
from waarborg.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), terminal_width=200)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def registers(tmp_path: Path) -> Path:
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "one.yaml").write_text(MINIMAL_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run recorded instead of run: nothing binds a port in these tests."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    return calls


def test_demo_without_serve_only_checks_and_summarises(
    registers: Path, tmp_path: Path, no_server: list[dict[str, Any]]
) -> None:
    code, out, err = invoke("demo", str(registers), "--dir", str(tmp_path / "demo"))
    assert code == 0, err
    assert "Voorbeeld Opleidingen B.V." in out
    assert no_server == [], "no server started"
    assert not (tmp_path / "demo").exists(), "no demo vault built (a serving demo's folder is left alone)"
    assert "Demo vault" not in out


def test_demo_without_serve_runs_while_the_port_is_taken(registers: Path, tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, _, err = invoke("demo", str(registers), "--port", port, "--dir", str(tmp_path / "demo"))
    assert code == 0, err


def test_serve_on_a_taken_port_says_so_before_building(
    registers: Path, tmp_path: Path, no_server: list[dict[str, Any]]
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, _, err = invoke("demo", str(registers), "--serve", "--port", port, "--dir", str(tmp_path / "demo"))
    assert code == 2 and f"port {port} is in use" in err and "--port" in err
    assert no_server == [] and not (tmp_path / "demo").exists()


def test_serve_builds_the_vault_then_serves_it(
    registers: Path, tmp_path: Path, no_server: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("WAARBORG_DB", "WAARBORG_REGISTER", "WAARBORG_KEY_FILE", "WAARBORG_SMTP_URL", "WAARBORG_PUBLIC_URL",
                 "WAARBORG_DEMO"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)  # serve_demo sets them; monkeypatch puts them back
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    folder = tmp_path / "demo"
    code, out, err = invoke("demo", str(registers), "--serve", "--subjects", "5", "--port", str(port), "--dir",
                            str(folder))  # fmt: skip
    assert code == 0, err
    assert [call["port"] for call in no_server] == [port]
    assert (folder / "demo.json").is_file() and f"http://127.0.0.1:{port}/" in out


def test_build_makes_the_vault_without_serving(
    registers: Path, tmp_path: Path, no_server: list[dict[str, Any]]
) -> None:
    code, out, err = invoke("demo", str(registers), "--build", "--subjects", "5", "--dir", str(tmp_path / "demo"))
    assert code == 0, err
    assert "5 synthetic people" in out and (tmp_path / "demo" / "demo.json").is_file()
    assert no_server == []


def test_help_and_readme_say_serving_is_asked_for() -> None:
    code, out, _ = invoke("demo", "--help")
    assert code == 0 and "--serve" in out and "--build" in out and "--seed" in out
    assert "With --serve" in " ".join(out.split())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make demo` runs `waarborg demo examples/registers --serve`" in readme
    assert "Plain `waarborg demo` only checks and summarises" in " ".join(readme.split())
    plan = subprocess.run(["make", "--no-print-directory", "-n", "demo"], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin"}).stdout  # fmt: skip
    assert "waarborg demo examples/registers --serve" in plan
