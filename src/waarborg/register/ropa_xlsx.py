"""The record of processing activities as an Excel workbook a DPO can filter and hand to the AP as it is.

Three sheets: the activities (the CSV's columns), the processors and the transfers outside the EEA; the
last two answer the questions the AP asks across activities ("who processes for you, and where").

Layout choices, so every sheet reads the same: a bold, frozen header row with a filter, wrapped text
aligned to the top, and column widths fitted to the content within bounds (a long purpose wraps rather
than pushing the next column off screen).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from waarborg.register.lint.facts import third_country
from waarborg.register.ropa_table import Row, Table, agreement_cell, country, join, mechanism, pick, say
from waarborg.register.schema import Processor, Register
from waarborg.register.types import tr

MIN_WIDTH = 8
MAX_WIDTH = 60
SHEET_TITLE_MAX = 31
"""Excel refuses sheet names longer than 31 characters."""

PROCESSOR_HEADERS = (
    ("Sleutel", "Key"), ("Naam", "Name"), ("Land", "Country"), ("Rol", "Role"),
    ("Verwerkersovereenkomst", "Processor agreement"), ("Kenmerk overeenkomst", "Agreement reference"),
    ("Doorgiftemechanisme", "Transfer mechanism"), ("Activiteiten", "Activities"), ("Dienst", "Service"),
)  # fmt: skip
TRANSFER_HEADERS = (
    ("Partij", "Party"), ("Land", "Country"), ("Mechanisme", "Mechanism"), ("Kenmerk", "Reference"),
    ("Activiteiten", "Activities"),
)  # fmt: skip


def processors_table(register: Register, rows: Sequence[Row], lang: str) -> Table:
    """Every processor in the register, with the activities whose data reach it (directly or below)."""
    users = _users(rows)
    body = [_processor_line(key, p, users.get(key, []), lang) for key, p in register.processors.items()]
    return Table(say("processors", lang), [pick(h, lang) for h in PROCESSOR_HEADERS], body)


def _users(rows: Sequence[Row]) -> dict[str, list[str]]:
    """Processor key -> names of the activities that use it, itself or as a sub-processor."""
    users: dict[str, list[str]] = {}
    for row in rows:
        for p in row["processors"]:
            for key in (p["key"], *(s["key"] for s in p["sub_processors"])):
                if row["name"] not in users.setdefault(key, []):
                    users[key].append(row["name"])
    return users


def _processor_line(key: str, processor: Processor, users: list[str], lang: str) -> list[str]:
    agreement = processor.agreement.model_dump(mode="json") if processor.agreement else None
    if processor.transfer:
        how = mechanism(processor.transfer.mechanism.value, lang)
    else:
        how = mechanism(None, lang) if third_country(processor.country) else say("in_eea", lang)
    return [
        key,
        processor.name,
        country(processor.country, lang),
        say(processor.role, lang),
        agreement_cell(agreement, lang),
        (agreement or {}).get("reference") or "",
        how,
        "; ".join(users),
        tr(processor.service, lang),
    ]


def transfers_table(rows: Sequence[Row], lang: str) -> Table:
    """One line per party outside the EEA, with every activity that sends data there."""
    parties: dict[tuple[bool, str], tuple[Row, list[str]]] = {}
    for row in rows:
        for t in row["transfers"]:
            _, names = parties.setdefault((t["kind"] in ("processor", "sub_processor"), t["party"]), (t, []))
            names.append(row["name"])
    body = [
        [t["name"], country(t["country"], lang), join([mechanism(t["mechanism"], lang), t["derogation"]], ", "),
         t["reference"] or "", "; ".join(names)]
        for t, names in parties.values()
    ]  # fmt: skip
    return Table(say("transfers", lang), [pick(h, lang) for h in TRANSFER_HEADERS], body)


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    """An .xlsx file with one sheet per table, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        _write_sheet(workbook, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_sheet(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.title[:SHEET_TITLE_MAX])
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # register text, never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def column_widths(table: Table) -> list[int]:
    """Widths in characters: the longest line in the column plus a margin, kept within bounds."""
    widths = []
    for index, header in enumerate(table.headers):
        cells = [header, *(row[index] for row in table.rows)]
        longest = max(len(line) for cell in cells for line in (cell.splitlines() or [""]))
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    return widths
