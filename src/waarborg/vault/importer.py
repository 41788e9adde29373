"""Bulk import of CSV or JSON Lines into the vault: batched, atomic per batch, resumable.

Each batch of rows is one transaction together with the job's progress, so after an interruption
(Ctrl-C, a crash, a full disk) the same command continues after the last committed line and nothing is
half-written. A bad row is reported with its line number; ``on_error="skip"`` leaves it out and goes on,
``"stop"`` commits the rows before it and stops there, so fixing the file and rerunning continues.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from waarborg.access.policy import operator
from waarborg.core.errors import InputError, RecordError, TooLargeError
from waarborg.core.timeutil import now, parse_time
from waarborg.vault.service import Submission, Unit, Vault
from waarborg.vault.tables import ImportJob

OnError = Literal["skip", "stop"]
Row = tuple[int, dict[str, object] | None, str | None]  # (line, values or None, problem)
MAX_LINE_BYTES = 1_000_000


@dataclass
class ImportResult:
    activity: str
    imported: int = 0
    skipped: int = 0
    resumed_from: int = 0
    already_done: bool = False
    problems: list[str] = field(default_factory=list)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def count_lines(path: Path) -> int:
    """Lines in the file: the total that progress (reported as the last line reached) counts up to."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def read_rows(path: Path) -> Iterator[Row]:
    """(line number, values, problem) per data row; line numbers count from 1 as an editor shows them."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise InputError(f"{path}: expected a .csv or .jsonl file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from (_csv_rows(handle) if suffix == ".csv" else _jsonl_rows(handle))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _csv_rows(handle: io.TextIOBase) -> Iterator[Row]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if not header:
        return
    header = [h.strip() for h in header]
    for values in reader:
        line = reader.line_num
        if len(values) != len(header):
            yield line, None, f"line {line}: {len(values)} columns where the header has {len(header)}"
            continue
        yield line, {h: v for h, v in zip(header, values, strict=True) if v != ""}, None


def _jsonl_rows(handle: io.TextIOBase) -> Iterator[Row]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        if len(text) > MAX_LINE_BYTES:
            yield line, None, f"line {line}: longer than {MAX_LINE_BYTES} characters"
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield line, None, f"line {line}: not JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(value, dict):
            yield line, None, f"line {line}: expected a JSON object"
            continue
        yield line, value, None


def _collected_at(values: dict[str, object], line: int) -> datetime:
    raw = values.pop("collected_at", None)
    if raw is None:
        return now()
    if not isinstance(raw, str):
        raise InputError(f"line {line}: collected_at must be an ISO 8601 text")
    return parse_time(raw, f"line {line}: collected_at", past=True)


def import_file(
    vault: Vault,
    activity: str,
    path: Path,
    *,
    on_error: OnError = "skip",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
) -> ImportResult:
    if activity not in vault.register.activities:
        declared = ", ".join(vault.register.activities)
        raise InputError(f"activity '{activity}' is not declared in the register; declared: {declared}")
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise TooLargeError(f"{path}: larger than the limit of {max_bytes} bytes")
    digest = file_digest(path)
    result = ImportResult(activity)
    job_id, done, status = _job(vault, digest, activity)
    if status == "done":
        result.already_done = True
        return result
    result.resumed_from = done
    batch: list[tuple[int, Submission]] = []
    last_line = done
    for line, values, problem in read_rows(path):
        if line <= done:
            continue
        submission, problem = _submission(vault, activity, line, values, problem)
        if problem is not None:
            result.problems.append(problem)
            if on_error == "stop":
                _commit(vault, activity, job_id, batch, line - 1, result, status="stopped")
                raise InputError(f"{problem}; fix the row and run the same command again to continue from line {line}")
            result.skipped += 1
        else:
            assert submission is not None
            batch.append((line, submission))
        last_line = line
        if len(batch) >= batch_size:
            _commit(vault, activity, job_id, batch, last_line, result)
            batch = []
            if progress:
                progress(last_line)
    _commit(vault, activity, job_id, batch, last_line, result, status="done")
    if progress and batch:
        progress(last_line)
    return result


def _submission(
    vault: Vault, activity: str, line: int, values: dict[str, object] | None, problem: str | None
) -> tuple[Submission | None, str | None]:
    if problem is not None or values is None:
        return None, problem
    try:
        collected_at = _collected_at(values, line)
        return Submission(vault.validate(activity, values), collected_at), None
    except RecordError as error:
        return None, f"line {line}: " + "; ".join(error.lines())
    except InputError as error:
        return None, error.message if error.message.startswith("line") else f"line {line}: {error.message}"


def _job(vault: Vault, digest: str, activity: str) -> tuple[int, int, str]:
    """The import job of this file and activity (made when new); commits at once, so a rerun resumes it."""
    with vault.unit() as unit:
        job = unit.data.execute(
            select(ImportJob).where(ImportJob.file_sha256 == digest, ImportJob.activity == activity)
        ).scalar_one_or_none()
        if job is None:
            job = ImportJob(file_sha256=digest, activity=activity, lines_done=0, status="running", updated_at=now())
            unit.data.add(job)
            unit.data.flush()
        return job.id, job.lines_done, job.status


def _commit(
    vault: Vault,
    activity: str,
    job_id: int,
    batch: list[tuple[int, Submission]],
    last_line: int,
    result: ImportResult,
    status: str = "running",
) -> None:
    """One batch of rows and the job's progress, committed together: the import resumes after the last one."""
    with vault.unit() as unit:
        if batch:
            vault.add_records(unit, activity, [submission for _, submission in batch], by=operator("import"))
        _advance(unit, job_id, last_line, len(batch), result, status)
    result.imported += len(batch)


def _advance(unit: Unit, job_id: int, last_line: int, added: int, result: ImportResult, status: str) -> None:
    job = unit.data.get(ImportJob, job_id)
    assert job is not None
    job.lines_done = max(job.lines_done, last_line)
    job.records += added
    job.skipped = result.skipped
    job.status = status
    job.updated_at = now()
