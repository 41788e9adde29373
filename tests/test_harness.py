"""scripts/with-postgres: skips cleanly without PostgreSQL, and otherwise hands the command a working database."""

from __future__ import annotations

import os
import subprocess
import sys
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
