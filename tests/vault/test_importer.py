"""Bulk import: progress, line numbers for bad rows, skip or stop, atomic batches, resuming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from waarborg.core.errors import InputError, TooLargeError
from waarborg.vault.importer import import_file
from waarborg.vault.models import Record, Subject
from waarborg.vault.service import Vault


def counts(vault: Vault) -> tuple[int, int]:
    with vault.unit() as unit:
        return (
            unit.data.execute(select(func.count()).select_from(Subject)).scalar_one(),
            unit.data.execute(select(func.count()).select_from(Record)).scalar_one(),
        )


def csv_file(tmp_path: Path, rows: list[str], name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(["name,email,course", *rows]) + "\n", encoding="utf-8")
    return path


def test_csv_import_with_progress(vault: Vault, tmp_path: Path) -> None:
    rows = [f"Cursist {i},cursist{i}@example.nl,AVG" for i in range(25)]
    seen: list[int] = []
    result = import_file(vault, "courses", csv_file(tmp_path, rows), batch_size=10, progress=seen.append)
    assert (result.imported, result.skipped) == (25, 0)
    assert counts(vault) == (25, 25)
    assert seen == [11, 21, 26]  # the file line reached after each batch (line 1 is the header)


def test_jsonl_import_and_collected_at(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "signups.jsonl"
    path.write_text(
        "\n".join(json.dumps({"email": f"n{i}@example.nl", "collected_at": "2026-01-05"}) for i in range(3)),
        encoding="utf-8",
    )
    assert import_file(vault, "newsletter", path).imported == 3
    with vault.unit() as unit:
        dates = {r.collected_at.date().isoformat() for r in unit.data.execute(select(Record)).scalars()}
    assert dates == {"2026-01-04"}  # 00:00 in Amsterdam is 23:00 UTC the day before


def test_bad_rows_are_skipped_with_their_line_numbers(vault: Vault, tmp_path: Path) -> None:
    rows = ["Een,een@example.nl,AVG", "Twee,not-an-address,AVG", "Drie,drie@example.nl", "Vier,vier@example.nl,AVG"]
    result = import_file(vault, "courses", csv_file(tmp_path, rows))
    assert (result.imported, result.skipped) == (2, 2)
    assert result.problems[0].startswith("line 3: activity 'courses': email: not an e-mail address")
    assert result.problems[1].startswith("line 4: 2 columns where the header has 3")
    assert all("not-an-address" not in p for p in result.problems)


def test_stop_at_a_bad_row_commits_before_it_and_resumes_after_the_fix(vault: Vault, tmp_path: Path) -> None:
    rows = (
        [f"C{i},c{i}@example.nl,AVG" for i in range(5)]
        + ["Fout,fout,AVG"]
        + [f"D{i},d{i}@example.nl,AVG" for i in range(5)]
    )
    path = csv_file(tmp_path, rows)
    with pytest.raises(InputError, match=r"line 7: .*continue from line 7"):
        import_file(vault, "courses", path, on_error="stop", batch_size=3)
    assert counts(vault) == (5, 5)
    fixed = csv_file(tmp_path, [*rows[:5], "Goed,goed@example.nl,AVG", *rows[6:]])
    # A fixed file is a new file; the same file rerun after fixing elsewhere would resume. Both end complete:
    result = import_file(vault, "courses", fixed, batch_size=3)
    assert result.imported == 11 and counts(vault) == (11, 16)  # the first five were linked to their subjects


def test_an_interrupted_import_resumes_without_duplicates(vault: Vault, tmp_path: Path) -> None:
    path = csv_file(tmp_path, [f"C{i},c{i}@example.nl,AVG" for i in range(30)])

    def interrupt(line: int) -> None:
        if line > 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(vault, "courses", path, batch_size=10, progress=interrupt)
    assert counts(vault) == (20, 20)  # two whole batches, nothing of the third
    result = import_file(vault, "courses", path, batch_size=10)
    assert (result.resumed_from, result.imported) == (21, 10)
    assert counts(vault) == (30, 30)
    again = import_file(vault, "courses", path)
    assert again.already_done and counts(vault) == (30, 30)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.txt", b"x", "expected a .csv or .jsonl file"),
        ("people.csv", "name,email\nZoë,z@example.nl\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files(vault: Vault, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_file(vault, "courses", path)
    assert counts(vault) == (0, 0)


def test_unknown_activity_and_oversized_files(vault: Vault, tmp_path: Path) -> None:
    path = csv_file(tmp_path, ["A,a@example.nl,AVG"])
    with pytest.raises(InputError, match="not declared"):
        import_file(vault, "nonsense", path)
    with pytest.raises(TooLargeError):
        import_file(vault, "courses", path, max_bytes=10)


def test_jsonl_bad_lines(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"email": "a@example.nl"}\n[1, 2]\n{broken\n\n{"email": "b@example.nl"}\n', encoding="utf-8")
    result = import_file(vault, "newsletter", path)
    assert result.imported == 2
    assert [p.split(":")[0] for p in result.problems] == ["line 2", "line 3"]
