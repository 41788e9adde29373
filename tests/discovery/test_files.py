"""A folder of exports as a discovery source: schema, counts and samples per format, reproducible bounded
sampling, and errors that name the file and line but never the value on it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from waarborg.core.errors import InputError
from waarborg.discovery.files import file_tables, folder_files, folder_tables
from waarborg.discovery.model import ColumnInfo, TableSample

SECRET = "geheim@example.nl"


def tables(folder: Path, sample: int = 500, seed: int = 7) -> dict[str, TableSample]:
    return {table.name: table for table in folder_tables(folder, sample, seed)}


def big_csv(path: Path, rows: int = 5000) -> Path:
    path.write_text("id,email\n" + "".join(f"{i},user{i}@example.nl\n" for i in range(rows)), encoding="utf-8")
    return path


def error(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(folder_tables(tmp_path))
    message = str(caught.value)
    assert name in message
    assert SECRET not in message
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__  # no chained parse error
    return message


# --- CSV -------------------------------------------------------------------------------------------------------


def test_csv_schema_rows_and_sample(tmp_path: Path) -> None:
    (tmp_path / "crm").mkdir()
    (tmp_path / "crm" / "contacts.csv").write_text(
        'id,naam,email\n1, Jan ,jan@example.nl\n2,"de Vries, Piet",\n\n3,Kees\n', encoding="utf-8"
    )
    table = tables(tmp_path)["crm/contacts"]
    assert table.columns == [ColumnInfo("id", "text"), ColumnInfo("naam", "text"), ColumnInfo("email", "text")]
    assert table.key == "id" and table.foreign_keys == [] and table.indexed == frozenset()
    assert table.rows == 3 and table.sampled == 3
    assert table.values == {
        "id": ["1", "2", "3"], "naam": ["Jan", "de Vries, Piet", "Kees"], "email": ["jan@example.nl"],
    }  # fmt: skip
    assert table.location == str(tmp_path / "crm" / "contacts.csv")


def test_semicolon_csv_with_bom(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_bytes("naam;woonplaats\nJosé;Den Haag\nAnna;Groningen, Stad\n".encode("utf-8-sig"))
    table = tables(tmp_path)["export"]
    assert [c.name for c in table.columns] == ["naam", "woonplaats"]
    assert table.key is None
    assert table.values == {"naam": ["José", "Anna"], "woonplaats": ["Den Haag", "Groningen, Stad"]}


@pytest.mark.parametrize("delimiter", ["\t", "|"])
def test_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    (tmp_path / "t.csv").write_text(f"a{delimiter}b\n1{delimiter}2\n3{delimiter}4\n", encoding="utf-8")
    assert tables(tmp_path)["t"].values == {"a": ["1", "3"], "b": ["2", "4"]}


def test_values_are_cut_to_2000_characters(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("note\n" + "x" * 5000 + "\n", encoding="utf-8")
    assert tables(tmp_path)["notes"].values["note"] == ["x" * 2000]


def test_same_seed_same_sample_other_seed_other_sample(tmp_path: Path) -> None:
    big_csv(tmp_path / "people.csv")
    first = tables(tmp_path, sample=100, seed=1)["people"]
    again = tables(tmp_path, sample=100, seed=1)["people"]
    other = tables(tmp_path, sample=100, seed=2)["people"]
    assert first.values == again.values
    assert first.values["id"] != other.values["id"]
    assert first.rows == 5000 and first.sampled == 100
    ids = [int(i) for i in first.values["id"]]
    assert ids == sorted(ids)  # in row order
    assert ids[-1] > 100  # not just the first hundred rows


@pytest.mark.parametrize("sample", [0, 1, 100, 4999, 5000, 6000])
def test_sample_is_bounded(tmp_path: Path, sample: int) -> None:
    table = tables(big_csv(tmp_path / "people.csv").parent, sample=sample)["people"]
    assert table.rows == 5000
    assert table.sampled == min(sample, 5000) == len(table.values["email"])


def test_csv_header_only(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("id,email\n", encoding="utf-8")
    table = tables(tmp_path)["empty"]
    assert table.rows == 0 and table.sampled == 0 and table.values == {"id": [], "email": []}


def test_trailing_empty_fields_are_fine(tmp_path: Path) -> None:
    (tmp_path / "excel.csv").write_text("a;b\n1;2;;\n", encoding="utf-8")
    assert tables(tmp_path)["excel"].values == {"a": ["1"], "b": ["2"]}


def test_csv_not_utf8(tmp_path: Path) -> None:
    data = b"naam,email\nJan,jan@example.nl\n" + f"José,{SECRET}\n".encode("cp1252")
    message = error(tmp_path, "latin.csv", data)
    assert "line 3" in message and "UTF-8" in message


def test_csv_too_many_fields(tmp_path: Path) -> None:
    message = error(tmp_path, "wide.csv", f'naam,email\nJan,"jan@\nexample.nl"\nPiet,{SECRET},extra\n')
    assert "line 4" in message and "3 fields" in message and "header has 2" in message


def test_csv_duplicate_columns(tmp_path: Path) -> None:
    message = error(tmp_path, "dup.csv", f"email,naam,email\n{SECRET},Jan,x\n")
    assert "line 1" in message and "'email'" in message


def test_csv_empty_column_name(tmp_path: Path) -> None:
    message = error(tmp_path, "blank.csv", f"email,,naam\n{SECRET},x,Jan\n")
    assert "line 1" in message and "column 2" in message


def test_csv_without_header(tmp_path: Path) -> None:
    assert "no header" in error(tmp_path, "nothing.csv", "")


# --- JSON Lines ------------------------------------------------------------------------------------------------


def test_nested_jsonl(tmp_path: Path) -> None:
    lines = [
        {"id": 1, "name": "Jan", "address": {"city": "Utrecht", "geo": {"lat": 52.1}}, "tags": ["a", "b"]},
        {},
        {"id": 2, "address": {"city": " Delft "}, "active": True, "phone": None},
    ]
    text = "\n".join(json.dumps(line) for line in lines[:1]) + "\n\n" + "\n".join(json.dumps(x) for x in lines[1:])
    (tmp_path / "people.jsonl").write_text(text + "\n", encoding="utf-8")
    table = tables(tmp_path)["people"]
    assert [c.name for c in table.columns] == [
        "id", "name", "address.city", "address.geo.lat", "tags", "active", "phone",
    ]  # fmt: skip
    assert table.key == "id" and table.rows == 3 and table.sampled == 3
    assert table.values["address.city"] == ["Utrecht", "Delft"]
    assert table.values["address.geo.lat"] == ["52.1"]
    assert table.values["tags"] == ['["a", "b"]']
    assert table.values["active"] == ["true"]
    assert table.values["phone"] == []


def test_ndjson_is_read(tmp_path: Path) -> None:
    (tmp_path / "events.ndjson").write_text('{"a": "x"}\n{"a": "y"}\n', encoding="utf-8")
    assert tables(tmp_path)["events"].values == {"a": ["x", "y"]}


def test_jsonl_not_json(tmp_path: Path) -> None:
    message = error(tmp_path, "bad.jsonl", f'{{"a": 1}}\n{{"email": "{SECRET}",}}\n')
    assert "line 2" in message and "column" in message


def test_jsonl_not_an_object(tmp_path: Path) -> None:
    message = error(tmp_path, "list.jsonl", f'{{"a": 1}}\n\n["{SECRET}"]\n')
    assert "line 3" in message and "not a JSON object" in message


def test_jsonl_not_utf8(tmp_path: Path) -> None:
    message = error(tmp_path, "latin.jsonl", f'{{"email": "{SECRET}", "naam": "José"}}\n'.encode("cp1252"))
    assert "line 1" in message and "UTF-8" in message


# --- XLSX ------------------------------------------------------------------------------------------------------


def workbook(path: Path) -> None:
    book = Workbook()
    people = book.active
    assert people is not None
    people.title = "Klanten"
    people.append(["id", "naam", "geboren", "bedrag", "aangemaakt"])
    people.append([1, "Jan", date(1980, 5, 17), 12.0, datetime(2024, 1, 2, 3, 4, 5)])
    people.append([2.0, "Piet", datetime(1990, 1, 1), 12.5, None])
    people.append([])
    people.append([3, None, None, None, None])
    orders = book.create_sheet("Orders")
    orders.append(["order", "email"])
    orders.append(["A1", "jan@example.nl"])
    book.create_sheet("Leeg")
    book.save(path)


def test_xlsx_two_sheets(tmp_path: Path) -> None:
    workbook(tmp_path / "shop.xlsx")
    found = tables(tmp_path)
    assert sorted(found) == ["shop:Klanten", "shop:Orders"]  # the empty sheet is skipped
    people = found["shop:Klanten"]
    assert [c.name for c in people.columns] == ["id", "naam", "geboren", "bedrag", "aangemaakt"]
    assert people.key == "id" and people.rows == 3 and people.sampled == 3
    assert people.values == {
        "id": ["1", "2", "3"], "naam": ["Jan", "Piet"], "geboren": ["1980-05-17", "1990-01-01"],
        "bedrag": ["12", "12.5"], "aangemaakt": ["2024-01-02T03:04:05"],
    }  # fmt: skip
    assert found["shop:Orders"].values == {"order": ["A1"], "email": ["jan@example.nl"]}
    assert people.location == str(tmp_path / "shop.xlsx")


def test_xlsx_one_sheet_is_named_by_its_file(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["email"])
    sheet.append(["a@example.nl"])
    book.save(tmp_path / "list.xlsx")
    assert [t.name for t in file_tables(tmp_path / "list.xlsx", root=tmp_path)] == ["list"]


def test_xlsx_cannot_be_opened(tmp_path: Path) -> None:
    assert "workbook" in error(tmp_path, "broken.xlsx", f"email\n{SECRET}\n")


def test_xlsx_value_outside_the_header(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["naam", "email"])
    sheet.append(["Jan", "x", SECRET])
    book.save(tmp_path / "wide.xlsx")
    message = error(tmp_path, "wide.xlsx", (tmp_path / "wide.xlsx").read_bytes())
    assert "sheet 'Data' row 2" in message and "column C" in message


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet["B3"], sheet["C3"] = "naam", "email"
    sheet["B4"], sheet["C4"] = "Jan", "jan@example.nl"
    sheet["D6"] = SECRET
    book.save(tmp_path / "late.xlsx")
    message = error(tmp_path, "late.xlsx", (tmp_path / "late.xlsx").read_bytes())
    assert "sheet 'Data' row 6" in message and "column D" in message


def test_xlsx_header_cell_without_name(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["naam", None, "email"])
    sheet.append(["Jan", SECRET, "x"])
    book.save(tmp_path / "gap.xlsx")
    message = error(tmp_path, "gap.xlsx", (tmp_path / "gap.xlsx").read_bytes())
    assert "sheet 'Data' row 1" in message and "column B" in message


# --- Folders ---------------------------------------------------------------------------------------------------


def test_folder_files_sorted_and_unknown_extensions_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ["b/z.csv", "a.jsonl", "b/a.NDJSON", "notes.txt", "data.json", "~$shop.xlsx"]:
        (tmp_path / name).write_text("id\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in folder_files(tmp_path)] == ["a.jsonl", "b/a.NDJSON", "b/z.csv"]


def test_file_tables_per_file(tmp_path: Path) -> None:
    big_csv(tmp_path / "people.csv", rows=10)
    by_file = [t for path in folder_files(tmp_path) for t in file_tables(path, 5, 3, root=tmp_path)]
    assert [(t.name, t.rows, t.sampled) for t in by_file] == [("people", 10, 5)]
    assert by_file[0].values == tables(tmp_path, 5, 3)["people"].values


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder") as caught:
        folder_files(tmp_path / "nope")
    assert str(tmp_path / "nope") in str(caught.value)


def test_folder_without_exports(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \.csv") as caught:
        list(folder_tables(tmp_path))
    assert str(tmp_path) in str(caught.value)
