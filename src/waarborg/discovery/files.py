"""A folder of exports as a discovery source: CSV, JSON Lines and XLSX files, each read as a stream.

    for path in folder_files(folder):            # sorted, for a progress bar per file
        for table in file_tables(path, sample, seed, root=folder):
            ...

Every file is read once; a reservoir (Algorithm R, ``random.Random(seed)``) keeps at most ``sample`` rows, so
memory stays bounded and the same file and seed give the same sample. Errors name the file, the line (or sheet
and row) and the field, never a value: values are personal data and error messages end up in logs.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from waarborg.core.errors import InputError
from waarborg.discovery.model import LONGEST_VALUE, ColumnInfo, TableSample

SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".xlsx"})
SNIFF_BYTES = 8192
DELIMITERS = ",;\t|"
UTF8 = "save it as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)') and scan again"


def folder_files(folder: Path) -> list[Path]:
    """The files a scan of ``folder`` reads (CSV, JSON Lines, XLSX, found recursively), sorted by their path."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = [
        p for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES and not p.name.startswith("~$") and p.is_file()
    ]  # fmt: skip
    if not files:
        raise InputError(f"{folder}: no .csv, .jsonl, .ndjson or .xlsx files in this folder or below it")
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def folder_tables(folder: Path, sample: int = 500, seed: int = 7) -> Iterator[TableSample]:
    """Every table in ``folder``: one per file, one per sheet of a workbook."""
    for path in folder_files(folder):
        yield from file_tables(path, sample, seed, root=folder)


def file_tables(path: Path, sample: int = 500, seed: int = 7, *, root: Path | None = None) -> Iterator[TableSample]:
    """The tables of one file, named by its path relative to ``root`` without its extension (``crm/contacts``;
    ``crm/export:Sheet2`` for a workbook with more than one sheet). Without ``root`` the name is the file's stem."""
    if sample < 0:
        raise InputError(f"sample: must be 0 or more, not {sample}")
    name = (path.relative_to(root) if root is not None else Path(path.name)).with_suffix("").as_posix()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield _csv_table(path, name, sample, seed)
    elif suffix in (".jsonl", ".ndjson"):
        yield _jsonl_table(path, name, sample, seed)
    elif suffix == ".xlsx":
        yield from _xlsx_tables(path, name, sample, seed)
    else:
        raise InputError(f"{path}: not a file discovery reads (.csv, .jsonl, .ndjson or .xlsx)")


class _Reservoir:
    """At most ``size`` rows, a uniform sample of all rows added (Algorithm R), given back in row order."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rows = 0
        self._random = random.Random(seed)
        self._kept: list[tuple[int, dict[str, str]]] = []

    def add(self, row: dict[str, str]) -> None:
        index = self.rows
        self.rows += 1
        if index < self.size:
            self._kept.append((index, row))
            return
        slot = self._random.randint(0, index)
        if slot < self.size:
            self._kept[slot] = (index, row)

    def table(self, name: str, columns: Iterable[str], location: Path) -> TableSample:
        names = list(columns)
        kept = [row for _, row in sorted(self._kept, key=lambda item: item[0])]
        values = {column: [row[column] for row in kept if column in row] for column in names}
        key = next((column for column in names if column.lower() == "id"), None)
        return TableSample(
            name=name, columns=[ColumnInfo(column, "text") for column in names], key=key, rows=self.rows,
            sampled=len(kept), values=values, location=str(location),
        )  # fmt: skip


def _cut(text: str) -> str:
    return text.strip()[:LONGEST_VALUE]


def _check_header(where: str, names: list[str], label: Callable[[int], str]) -> None:
    """No names, an empty name or a name used twice; ``label`` gives a column's number as the file shows it."""
    if not names:
        raise InputError(f"{where}: no header row; the first row must name the columns")
    for index, column in enumerate(names):
        if not column:
            raise InputError(f"{where}: {label(index)} of the header has no name; give every column a name")
    doubles = [column for column, count in Counter(names).items() if count > 1]
    if doubles:
        listed = ", ".join(f"'{column}'" for column in doubles)
        raise InputError(f"{where}: the header names a column more than once: {listed}; give each a unique name")


def _lines(path: Path, handle: Iterable[bytes]) -> Iterator[str]:
    """The file's lines decoded as UTF-8 (a byte order mark dropped), failing on the first line that is not."""
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                f"{path}: line {number} is not UTF-8 (undecodable byte at position {error.start + 1}); {UTF8}"
            ) from None
        yield line[1:] if number == 1 and line.startswith("\ufeff") else line


def _delimiter(head: bytes) -> str:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if len(head) == SNIFF_BYTES and "\n" in text:
        text = text[: text.rindex("\n")]  # a whole number of lines
    try:
        return csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
    except csv.Error:  # rows of unequal length (Excel's trailing ';;'), one column: the header's commonest, or ','
        first = text.split("\n", 1)[0]
        count, delimiter = max((first.count(d), d) for d in DELIMITERS)
        return delimiter if count else ","


def _csv_table(path: Path, name: str, sample: int, seed: int) -> TableSample:
    reservoir = _Reservoir(sample, seed)
    with path.open("rb") as handle:
        delimiter = _delimiter(handle.read(SNIFF_BYTES))
        handle.seek(0)
        reader = csv.reader(_lines(path, handle), delimiter=delimiter)
        line = 1
        try:
            header = [cell.strip() for cell in next(reader, [])]
            _check_header(f"{path}: line 1", header, lambda index: f"column {index + 1}")
            width, line = len(header), reader.line_num
            for row in reader:
                line, start = reader.line_num, line + 1
                if not row:
                    continue  # a blank line
                if len(row) > width and any(cell.strip() for cell in row[width:]):
                    raise InputError(
                        f"{path}: line {start}: {len(row)} fields, the header has {width}; quote values that "
                        f"hold the delimiter '{_shown(delimiter)}', or add a name for the extra column"
                    )
                reservoir.add({column: text for column, cell in zip(header, row, strict=False) if (text := _cut(cell))})
        except csv.Error as error:
            raise InputError(f"{path}: line {line + 1}: not readable as CSV ({error})") from None
    return reservoir.table(name, header, path)


def _shown(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else delimiter


def _flatten(value: dict[str, Any], prefix: str, into: dict[str, str]) -> None:
    for key, item in value.items():
        column = f"{prefix}{key}"
        if isinstance(item, dict):
            _flatten(item, f"{column}.", into)
        elif item is None:
            into.setdefault(column, "")
        elif isinstance(item, str):
            into[column] = _cut(item)
        else:  # a number, a boolean, a list: its JSON text
            into[column] = _cut(json.dumps(item, ensure_ascii=False))


def _jsonl_table(path: Path, name: str, sample: int, seed: int) -> TableSample:
    reservoir = _Reservoir(sample, seed)
    columns: dict[str, None] = {}
    with path.open("rb") as handle:
        for number, line in enumerate(_lines(path, handle), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}: line {number}: not JSON: {error.msg} (column {error.colno})") from None
            except (ValueError, RecursionError):
                raise InputError(f"{path}: line {number}: not JSON this scan can read (too deeply nested, or "
                                 "a number too long)") from None  # fmt: skip
            if not isinstance(item, dict):
                kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
                    type(item), "a number")  # fmt: skip
                raise InputError(f"{path}: line {number}: {kind}, not a JSON object; each line must be one object")
            row: dict[str, str] = {}
            _flatten(item, "", row)
            columns.update(dict.fromkeys(row))
            reservoir.add({column: text for column, text in row.items() if text})
    return reservoir.table(name, columns, path)


def _text(value: object) -> str:
    """A cell as text: dates ISO 8601 (a date alone when the time is midnight), integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) and value.tzinfo is None else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _cut(str(value))


def _xlsx_tables(path: Path, name: str, sample: int, seed: int) -> Iterator[TableSample]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a broken or foreign file: openpyxl raises many kinds, none of them ours
        why = "not a workbook this scan can open; save it again as .xlsx (Excel Workbook)"
        raise InputError(f"{path}: {why}") from None
    try:
        sheets = book.worksheets
        for sheet in sheets:
            table = _sheet_table(path, sheet, f"{name}:{sheet.title}" if len(sheets) > 1 else name, sample, seed)
            if table is not None:
                yield table
    finally:
        book.close()


def _letter(index: int, offset: int = 0) -> str:
    """A sheet's column as Excel names it: 'column C' for index 2 (after ``offset`` columns)."""
    from openpyxl.utils import get_column_letter

    return f"column {get_column_letter(offset + index + 1)}"


def _sheet_table(path: Path, sheet: Any, name: str, sample: int, seed: int) -> TableSample | None:
    """One sheet's table; None for a sheet without a value. The first row with a value is the header."""
    where = f"{path}: sheet '{sheet.title}'"
    reservoir = _Reservoir(sample, seed)
    header: list[str] | None = None
    number = first = 0
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_text(cell).strip() for cell in cells]
            if not any(texts):
                continue  # an empty row (leading, trailing or between)
            if header is None:  # the table may start right of column A: its first named cell is its first column
                first = next(index for index, text in enumerate(texts) if text)
                last = max(index for index, text in enumerate(texts) if text)
                header = texts[first : last + 1]
                _check_header(f"{where} row {number}", header, partial(_letter, offset=first))
                continue
            outside = (i for i, text in enumerate(texts) if text and not first <= i < first + len(header))
            if (extra := next(outside, None)) is not None:
                raise InputError(f"{where} row {number}: a value in {_letter(extra)}, which the header does not "
                                 "name; give that column a name")  # fmt: skip
            reservoir.add({column: text for column, text in zip(header, texts[first:], strict=False) if text})
    except InputError:
        raise
    except Exception:  # a broken part of the file
        raise InputError(f"{where} row {number + 1}: cannot be read; save the workbook again") from None
    return None if header is None else reservoir.table(name, header, path)


class FolderSource:
    """A folder of exports as a scan reads it: one unit per file, links checked against the samples only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = folder_files(folder)
        self.description = str(folder)
        self.keys: dict[str, set[str]] = {}

    def units(self) -> list[str]:
        return [p.relative_to(self.folder).as_posix() for p in self.files]

    def read(self, unit: str, rows: int, seed: int) -> list[TableSample]:
        tables = list(file_tables(self.folder / unit, rows, seed, root=self.folder))
        for table in tables:
            if table.key is not None:
                self.keys[table.name] = set(table.values.get(table.key, []))
        return tables

    def share_present(self, table: str, column: str, values: Iterable[str], numeric: bool = False) -> float:
        """The share of values among the other file's sampled keys: a lower bound, as only samples are read."""
        wanted = set(values)
        return len(wanted & self.keys.get(table, set())) / len(wanted) if wanted else 0.0
