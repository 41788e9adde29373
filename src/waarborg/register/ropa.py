"""The Art 30(1) record of processing activities: one row per activity, as JSON, CSV or a workbook.

The JSON rows are an interface others script against (``docs/ropa.md``): key names stay as they are,
values are plain JSON (strings, numbers, booleans, lists, objects, null), dates and periods are ISO 8601
strings. The CSV and XLSX forms are for people: the same facts summarised in the chosen language, built
from these rows so the three never disagree.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from waarborg.register import taxonomy
from waarborg.register.lint.facts import custom_special, dpia_reasons, third_country
from waarborg.register.lint.inferred import inferred_marks
from waarborg.register.loader import dotted
from waarborg.register.render import words
from waarborg.register.render.words import Voice
from waarborg.register.ropa_table import activities_table
from waarborg.register.ropa_xlsx import processors_table, transfers_table, workbook_bytes
from waarborg.register.schema import Activity, Address, Person, Processor, Register, RetentionRule, Transfer
from waarborg.register.source import Path
from waarborg.register.types import tr

Row = dict[str, Any]
"""One activity's record: JSON-ready, with exactly the keys of :data:`COLUMNS`."""

COLUMNS = (
    "activity", "name", "controller", "purposes", "legal_basis", "data_subjects", "data_categories",
    "recipients", "processors", "transfers", "retention", "security", "sources", "dpia",
    "automated_decisions", "systems", "to_confirm",
)  # fmt: skip
"""The keys of every row, in column order (Art 30(1)(a)-(g) plus what a DPO is asked next)."""


def ropa_rows(register: Register, lang: str = "en") -> list[Row]:
    """One record per activity, in register order, with every Art 30(1) column filled."""
    return [_row(register, key, activity, lang) for key, activity in register.activities.items()]


def ropa_json(register: Register, lang: str = "en") -> str:
    """The rows as a JSON array; non-ASCII kept readable so Dutch texts survive a glance at the file."""
    return json.dumps(ropa_rows(register, lang), ensure_ascii=False, indent=2) + "\n"


def ropa_csv(register: Register, lang: str = "en") -> str:
    """One line per activity, headers in ``lang``; starts with a BOM so Excel reads it as UTF-8."""
    table = activities_table(ropa_rows(register, lang), lang)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return out.getvalue()


def ropa_xlsx(register: Register, lang: str = "en") -> bytes:
    """A workbook with three sheets: activities (as the CSV), processors and transfers."""
    rows = ropa_rows(register, lang)
    tables = [activities_table(rows, lang), processors_table(register, rows, lang), transfers_table(rows, lang)]
    return workbook_bytes(tables)


# --- one row ----------------------------------------------------------------------------------------


def _row(register: Register, key: str, activity: Activity, lang: str) -> Row:
    return {
        "activity": key,
        "name": tr(activity.label, lang, key),
        "controller": _controller(register),
        "purposes": [tr(p.text, lang) for p in activity.purposes],
        "legal_basis": _legal_basis(activity, lang),
        "data_subjects": [tr(register.subjects[s].label, lang, s) for s in activity.subjects],
        "data_categories": _data_categories(register, activity, lang),
        "recipients": _recipients(register, key, activity, lang),
        "processors": [_processor(register, p) for p in activity.processors],
        "transfers": _transfers(register, activity, lang),
        "retention": [_retention(register, activity, rule, lang) for rule in activity.retention],
        "security": _security(register, activity, lang),
        "sources": [_source(s.key, s.kind, s.name, tr(s.text, lang) or None) for s in activity.sources],
        "dpia": _dpia(register, activity, lang),
        "automated_decisions": _automated(activity, lang),
        "systems": [_system(register, key) for key in activity.systems if key in register.systems],
        "to_confirm": _to_confirm(register, key, activity),
    }


def _to_confirm(register: Register, key: str, activity: Activity) -> list[Row]:
    """Values the statement does not give (``inferred``): shown in the record, marked with why.

    The record is internal, so an inferred value stays in its column (unlike the published statement) and
    is listed here, so the DPO confirms it before relying on it.
    """
    parts: list[tuple[Path, Any]] = [(("activities", key), activity)]
    parts += [(("processors", p), register.processors[p]) for p in activity.processors if p in register.processors]
    parts += [(("recipients", r), register.recipients[r]) for r in activity.recipients if r in register.recipients]
    parts += [(("systems", s), register.systems[s]) for s in activity.systems if s in register.systems]
    return [
        {"path": dotted(path), "reason": reason}
        for base, value in parts
        for path, reason in inferred_marks(value, base)
    ]


def _system(register: Register, key: str) -> Row:
    """Where the activity's data lives: the system, who works its tasks, how Waarborg reaches it."""
    system = register.systems[key]
    return {"key": key, "name": system.name, "owner": system.owner, "processor": system.processor,
            "reach": system.reach}  # fmt: skip


def _controller(register: Register) -> Row:
    """Art 30(1)(a): who is responsible and how to reach them and their DPO."""
    org = register.organisation
    address = "; ".join(_address(a) for a in org.addresses)
    return {
        "name": org.name,
        "address": address or None,
        "email": org.email,
        "phone": org.phone,
        "website": org.website,
        "dpo": _person(org.dpo),
        "privacy_contact": _person(org.privacy_contact),
    }


def _address(address: Address) -> str:
    """'Stationsplein 1, 3511 ED Utrecht'; the country only when it is not the Netherlands."""
    country = None if address.country == "NL" else address.country
    street = address.street or address.po_box
    return ", ".join(p for p in (street, f"{address.postcode} {address.city}", country) if p)


def _person(person: Person | None) -> Row | None:
    if person is None:
        return None
    return {"name": person.name, "email": person.email, "phone": person.phone, "address": person.address}


def _legal_basis(activity: Activity, lang: str) -> Row:
    """Art 6 basis with what makes it hold: the interest (f), the law (c/e), the Art 9(2) condition."""
    special = activity.special_category
    return {
        "basis": activity.basis.value,
        "article": words.BASIS_ARTICLE[activity.basis],
        "per_purpose": [
            {"purpose": tr(p.text, lang), "basis": p.basis.value, "article": words.BASIS_ARTICLE[p.basis]}
            for p in activity.purposes
            if p.basis and p.basis != activity.basis
        ],
        "interest": tr(activity.interest, lang) or None,
        "balancing_test": activity.balancing_test,
        "law": tr(activity.law, lang) or None,
        "special_category": (
            {"condition": special.condition, "text": tr(special.text, lang) or None} if special else None
        ),
    }


def _data_categories(register: Register, activity: Activity, lang: str) -> list[Row]:
    special = custom_special(register)
    return [
        {
            "field": name,
            "category": spec.category,
            "label": tr(spec.label, lang) or taxonomy.label(spec.category, lang),
            "required": spec.required,
            "special": taxonomy.is_special(spec.category, special),
        }
        for name, spec in activity.fields.items()
    ]


def _recipients(register: Register, key: str, activity: Activity, lang: str) -> list[Row]:
    """Art 30(1)(d): declared recipients, then the staff roles that may see this activity's data."""
    out = [
        {"key": k, "name": tr(r.name, lang, k), "kind": r.kind, "country": r.country}
        for k, r in ((k, register.recipients[k]) for k in activity.recipients)
    ]
    home = register.organisation.addresses[0].country if register.organisation.addresses else "NL"
    for role_key, role in register.roles.items():
        if key in role.activities or "all" in role.activities:
            out.append({"key": role_key, "name": tr(role.label, lang, role_key), "kind": "role", "country": home})
    return out


def _processor(register: Register, key: str) -> Row:
    processor = register.processors[key]
    agreement = processor.agreement
    return {
        "key": key,
        "name": processor.name,
        "country": processor.country,
        "agreement": (
            {"signed": agreement.signed.isoformat() if agreement.signed else None, "reference": agreement.reference}
            if agreement
            else None
        ),
        "sub_processors": [{"key": k, "name": p.name, "country": p.country} for k, p in sub_processors(register, key)],
    }


def sub_processors(register: Register, key: str) -> list[tuple[str, Processor]]:
    """Every processor below ``key``, depth first; each once, even when the chain loops back."""
    seen = {key}
    out: list[tuple[str, Processor]] = []
    stack = list(reversed(register.processors[key].sub_processors))
    while stack:
        sub = stack.pop()
        if sub in seen or sub not in register.processors:
            continue
        seen.add(sub)
        out.append((sub, register.processors[sub]))
        stack.extend(reversed(register.processors[sub].sub_processors))
    return out


def _transfers(register: Register, activity: Activity, lang: str) -> list[Row]:
    """Art 30(1)(e): every party outside the EEA the data reaches, including sub-processors."""
    parties: list[tuple[str, str, str, str, Transfer | None]] = []
    for key in activity.processors:
        processor = register.processors[key]
        parties.append((key, processor.name, processor.role, processor.country, processor.transfer))
        parties += [(k, p.name, "sub_processor", p.country, p.transfer) for k, p in sub_processors(register, key)]
    for key in activity.recipients:
        recipient = register.recipients[key]
        parties.append((key, tr(recipient.name, lang, key), recipient.kind, recipient.country, recipient.transfer))
    out, seen = [], set()
    for key, name, kind, country, transfer in parties:
        if third_country(country) and (is_processor(kind), key) not in seen:
            seen.add((is_processor(kind), key))
            out.append(_transfer(key, name, kind, country, transfer, lang))
    return out


def is_processor(kind: str) -> bool:
    """Processors and recipients have keys of their own: ``lms`` the processor is not ``lms`` the recipient."""
    return kind in ("processor", "sub_processor")


def _transfer(key: str, name: str, kind: str, country: str, transfer: Transfer | None, lang: str) -> Row:
    return {
        "party": key,
        "name": name,
        "kind": kind,
        "country": country,
        "mechanism": transfer.mechanism.value if transfer else None,
        "reference": transfer.reference if transfer else None,
        "derogation": (tr(transfer.derogation, lang) or None) if transfer else None,
    }


def _retention(register: Register, activity: Activity, rule: RetentionRule, lang: str) -> Row:
    """Art 30(1)(f): one time limit, with the fields it erases and what starts the clock."""
    voice = Voice(lang, register.statement.tone == "formal")
    return {
        "period": str(rule.keep),
        "trigger": list(rule.after),
        "trigger_labels": [_event_label(register, e, voice) for e in rule.after],
        "action": rule.then.value,
        "fields": _covered_fields(activity, rule),
        "keep_fields": list(rule.keep_fields),
        "condition": rule.if_consent,
        "law": tr(rule.law, lang) or None,
        "criteria": tr(rule.criteria, lang) or None,
        "text": tr(rule.text, lang) or None,
    }


def _covered_fields(activity: Activity, rule: RetentionRule) -> list[str]:
    """The fields a rule erases: those it names, or else every field no other rule names."""
    if rule.fields:
        return list(rule.fields)
    named = {f for r in activity.retention for f in r.fields or []}
    return [f for f in activity.fields if f not in named]


def _event_label(register: Register, event: str, voice: Voice) -> str:
    if event in register.events:
        return tr(register.events[event].label, voice.lang, event)
    if event in words.BUILTIN_EVENTS:
        return words.pick(words.BUILTIN_EVENTS[event][words.NOUN], voice)
    return event


def _security(register: Register, activity: Activity, lang: str) -> list[str]:
    """Art 30(1)(g): the activity's own measures first, then those that hold for everything."""
    measures = [tr(m, lang) for m in (*activity.security, *register.security)]
    return list(dict.fromkeys(m for m in measures if m))


def _source(key: str, kind: str, name: str | None, text: str | None) -> Row:
    return {"key": key, "kind": kind, "name": name, "text": text}


def _dpia(register: Register, activity: Activity, lang: str) -> Row:
    """The DPIA done, and why the AP's list calls for one (``reasons`` empty: it does not)."""
    reasons = [nl if lang == "nl" else en for nl, en in dpia_reasons(register, activity)]
    if activity.dpia is None:
        return {"reference": None, "date": None, "reasons": reasons}
    date = activity.dpia.date.isoformat() if activity.dpia.date else None
    return {"reference": activity.dpia.reference, "date": date, "reasons": reasons}


def _automated(activity: Activity, lang: str) -> Row | None:
    decisions = activity.automated_decisions
    if decisions is None:
        return None
    return {
        "used": decisions.used,
        "logic": tr(decisions.logic, lang) or None,
        "consequences": tr(decisions.consequences, lang) or None,
        "human_review": decisions.human_review,
        "profiling": activity.profiling,
    }
