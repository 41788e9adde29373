"""The copy a person receives: an access package (Art 15) or a portability package (Art 20).

Access: every record of the person across the activities, their identifiers, events, consent receipts and
requests, as JSON and CSV, and an overview in their language (HTML and PDF) with per activity what Art
15(1)(a–h) asks, taken from the register: purposes, categories, recipients with the named processors,
transfers, retention, source, rights, the complaint to the supervisory authority.

Portability: only the data the person gave (source data_subject, fields without another source) of
activities based on consent or contract, as JSON and CSV.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from waarborg.consent import receipts
from waarborg.register.render.activity import build_activity
from waarborg.register.render.words import Voice
from waarborg.register.schema import Register
from waarborg.register.types import Basis, tr
from waarborg.rights import review
from waarborg.rights.requests import RequestView
from waarborg.vault.views import RecordView, SubjectView

Exports = dict[str, dict[str, list[dict[str, Any]]]]
"""Per system (by name), per table, the person's rows the SQL connector found."""
PORTABLE_BASES = (Basis.consent.value, Basis.contract.value)
CSV_HEADER = ["activity", "record_id", "collected_at", "status", "due_at", "field", "label", "value"]


@dataclass
class Holdings:
    """Everything held about one person, decrypted: the input of a package."""

    subject: SubjectView | None
    consents: list[receipts.Receipt] = field(default_factory=list)
    requests: list[RequestView] = field(default_factory=list)

    @property
    def records(self) -> list[RecordView]:
        return self.subject.records if self.subject else []


@dataclass
class Package:
    files: dict[str, bytes]
    flags: list[review.Flag]
    records: int

    def zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.files.items():
                archive.writestr(name, data)
        return buffer.getvalue()


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _record_dict(register: Register, record: RecordView, lang: str) -> dict[str, Any]:
    spec = register.activities.get(record.activity)
    return {
        "id": record.id,
        "activity": record.activity,
        "activity_label": tr(spec.label, lang, record.activity) if spec else record.activity,
        "collected_at": _iso(record.collected_at),
        "source": record.source,
        "basis": record.basis,
        "purposes": record.purposes,
        "recipients": record.recipients,
        "status": record.status,
        "due_at": _iso(record.due_at),
        "values": record.values or {},
    }


def _csv(register: Register, records: list[RecordView], lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for record in records:
        spec = register.activities.get(record.activity)
        for name, value in (record.values or {}).items():
            label = tr(spec.fields[name].label, lang, name) if spec and name in spec.fields else name
            writer.writerow(
                [
                    record.activity,
                    record.id,
                    _iso(record.collected_at),
                    record.status,
                    _iso(record.due_at),
                    name,
                    label,
                    _value(value),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode()  # a BOM: spreadsheet programs then read UTF-8


def _systems_csv(systems: Exports) -> bytes:
    """The systems' rows in the CSV's columns: activity is the system, record_id 'table:key'."""
    out = io.StringIO()
    writer = csv.writer(out)
    for system, tables in systems.items():
        for table, rows in tables.items():
            for row in rows:
                key = next(iter(row.values()), "")
                for column, value in row.items():
                    writer.writerow([system, f"{table}:{key}", "", "", "", column, column, _value(value)])
    return out.getvalue().encode()


def _masked(records: list[RecordView], flags: list[review.Flag], lang: str) -> list[RecordView]:
    result = []
    for record in records:
        mine = [f for f in flags if f.record_id == record.id]
        if not mine or record.values is None:
            result.append(record)
            continue
        values = dict(record.values)
        for name in {f.field for f in mine}:
            values[name] = review.masked(values[name], [f for f in mine if f.field == name], lang)
        result.append(replace(record, values=values))
    return result


def access(
    register: Register,
    held: Holdings,
    lang: str,
    reference: str,
    at: datetime,
    *,
    mask_flagged: bool = False,
    pdf: bool = True,
    systems: Exports | None = None,
) -> Package:
    """The access package; other people's addresses and numbers in free text are flagged (or masked)."""
    identifiers = held.subject.identifiers if held.subject else []
    flags = review.flags(register, held.records, identifiers)
    records = _masked(held.records, flags, lang) if mask_flagged else held.records
    document = {
        "organisation": register.organisation.name,
        "request": reference,
        "generated_at": at.isoformat(),
        "identifiers": [{"kind": k, "value": v} for k, v in identifiers],
        "records": [_record_dict(register, r, lang) for r in records],
        "events": [
            {"name": e.name, "at": _iso(e.at), "activity": e.activity, "record_id": e.record_id}
            for e in (held.subject.events if held.subject else [])
        ],
        "consents": [c.as_dict() for c in held.consents],
        "requests": [r.summary() for r in held.requests],
        "systems": systems or {},
    }
    files = {
        "data.json": json.dumps(document, ensure_ascii=False, indent=2).encode(),
        "data.csv": _csv(register, records, lang) + _systems_csv(systems or {}),
    }
    html = overview(register, document, lang)
    files[f"overview-{lang}.html"] = html.encode()
    if pdf:
        from weasyprint import HTML  # a second to start: only when a PDF is made

        files[f"overview-{lang}.pdf"] = HTML(string=html).write_pdf()
    return Package(files, flags, len(records))


def portable(register: Register, records: list[RecordView]) -> list[RecordView]:
    """Records and fields the person provided, on consent or contract."""
    result = []
    for record in records:
        spec = register.activities.get(record.activity)
        if spec is None or record.basis not in PORTABLE_BASES or record.source != "data_subject" or not record.values:
            continue
        values = {k: v for k, v in record.values.items() if k in spec.fields and spec.fields[k].source is None}
        if values:
            result.append(replace(record, values=values))
    return result


def portability(register: Register, held: Holdings, lang: str, reference: str, at: datetime,
                systems: Exports | None = None) -> Package:  # fmt: skip
    records = portable(register, held.records)
    document = {
        "organisation": register.organisation.name,
        "request": reference,
        "generated_at": at.isoformat(),
        "records": [_record_dict(register, r, lang) for r in records],
        "systems": systems or {},
    }
    files = {
        "data.json": json.dumps(document, ensure_ascii=False, indent=2).encode(),
        "data.csv": _csv(register, records, lang) + _systems_csv(systems or {}),
    }
    return Package(files, [], len(records))


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("waarborg.rights", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def overview(register: Register, document: dict[str, Any], lang: str) -> str:
    """The readable overview: per activity held, the person's data and what Art 15(1) asks about it."""
    voice = Voice(lang, register.statement.tone == "formal")
    held = list(dict.fromkeys(r["activity"] for r in document["records"]))
    activities = [
        build_activity(register, key, register.activities[key], voice) for key in held if key in register.activities
    ]
    labels = {
        key: {name: tr(f.label, lang, name) for name, f in spec.fields.items()}
        for key, spec in register.activities.items()
    }
    authority = register.organisation.supervisory_authority
    return (
        _environment()
        .get_template("access.html.j2")
        .render(
            lang=lang,
            doc=document,
            activities=activities,
            labels=labels,
            org=register.organisation.name,
            authority=authority.name,
            authority_url=authority.url or "",
            say=voice.say,
            value=_value,
        )
    )
