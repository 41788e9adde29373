"""The test harness: scripts/with-postgres skips cleanly without PostgreSQL and otherwise hands the command a
working database; scripts/system-deps installs or names what a machine lacks; which warnings fail a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

from tests.factories import ROOT

WITH_POSTGRES = ROOT / "scripts" / "with-postgres"
SKIP_MESSAGE = (
    "PostgreSQL server binaries not found (initdb/pg_ctl): skipping the PostgreSQL run; "
    "install the postgresql package to run it"
)


def run(*command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WITH_POSTGRES), *command],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def server_binaries_found() -> bool:
    return run("--bindir").returncode == 0


def test_without_server_binaries_the_run_is_skipped_with_a_message() -> None:
    result = run(sys.executable, "-c", "raise SystemExit(7)", WAARBORG_PG_BINDIR="/nonexistent")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == SKIP_MESSAGE


@pytest.mark.skipif("WAARBORG_TEST_DB" in os.environ, reason="already inside a PostgreSQL run; no nested cluster")
@pytest.mark.skipif(not server_binaries_found(), reason="PostgreSQL server binaries not found")
def test_the_command_gets_a_throwaway_postgresql_database() -> None:
    script = (
        "import os, sqlalchemy as sa\n"
        "url = os.environ['WAARBORG_TEST_DB']\n"
        "assert url.startswith('postgresql+psycopg://'), url\n"
        "with sa.create_engine(url).connect() as conn:\n"
        "    print(conn.execute(sa.text('select 1')).scalar())\n"
        "raise SystemExit(3)\n"
    )
    result = run(sys.executable, "-c", script)
    assert result.returncode == 3, result.stderr  # the command's own exit code
    assert result.stdout.strip() == "1"
    directory = result.stderr.split("host=")[1].split("&")[0]
    assert not Path(directory).exists(), "the cluster's directory is removed afterwards"


SYSTEM_DEPS = ROOT / "scripts" / "system-deps"


def system_deps(
    *args: str, user: str | None = None, script: Path = SYSTEM_DEPS, **env: str
) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", user, "--"] if user else []
    return subprocess.run(
        [*prefix, str(script), *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


def test_system_deps_names_what_a_part_lacks() -> None:
    result = system_deps("--missing", "postgres", WAARBORG_PG_BINDIR="/nonexistent")
    assert (result.returncode, result.stdout) == (0, "postgresql\n")
    assert system_deps("--missing", "venv").stdout == ""  # this very Python has venv and ensurepip


def test_system_deps_rejects_an_unknown_part() -> None:
    result = system_deps("postgres", "browsers")
    assert result.returncode == 2 and "usage: scripts/system-deps" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root to run as another user")
def test_system_deps_without_root_stops_with_the_command_to_run() -> None:
    # A copy that another user can reach (a checkout under /root is not readable by nobody).
    folder = Path(tempfile.mkdtemp(prefix="waarborg-deps-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(ROOT / "scripts", folder / "scripts")
        result = system_deps(
            "postgres", user="nobody", script=folder / "scripts" / "system-deps", WAARBORG_PG_BINDIR="/nonexistent"
        )
    finally:
        shutil.rmtree(folder)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "system packages missing (postgresql); run: sudo apt-get update && sudo apt-get install -y postgresql"
    ]


def test_our_warnings_are_errors() -> None:
    with pytest.raises(DeprecationWarning):
        warnings.warn("deprecated", DeprecationWarning, stacklevel=1)


def test_a_system_library_warning_from_weasyprint_fails_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        # pytest's filters from pyproject.toml stay in force here; only the display is caught
        warnings.warn_explicit(
            "HarfBuzz-Subset will be required", DeprecationWarning, "ffi.py", 1, module="weasyprint.text.ffi"
        )
    assert [str(w.message) for w in caught] == ["HarfBuzz-Subset will be required"]
