"""Other people in a person's free text: before an access package goes out, e-mail addresses and phone
numbers in free-text fields that are not the person's own are flagged, so staff look before releasing
(Art 15(4): a copy must not harm the rights of others). Names need the PII guard and are not found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import phonenumbers

from waarborg.register.schema import Register

DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WITHHELD = {"nl": "[afgeschermd]", "en": "[withheld]"}


@dataclass(frozen=True)
class Flag:
    record_id: str
    activity: str
    field: str
    kind: str  # email | phone
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


def _own(identifiers: Iterable[tuple[str, str | None]]) -> set[str]:
    own = set()
    for _kind, value in identifiers:
        if value:
            own.add(value.lower())
            own.add(re.sub(r"\D", "", value)[-9:])
    return own


def spans(text: str, own: set[str]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of addresses and phone numbers in ``text`` that are not in ``own``."""
    found = [("email", m.start(), m.end()) for m in EMAIL.finditer(text) if m.group().lower() not in own]
    # POSSIBLE, not VALID: a number not (yet) handed out is still someone's number as far as a reader knows;
    # dates and short numbers that also pass are left out.
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = re.sub(r"\D", "", match.raw_string)
        if len(digits) >= 9 and not DATE.fullmatch(match.raw_string) and digits[-9:] not in own:
            found.append(("phone", match.start, match.end))
    return sorted(found, key=lambda span: span[1])


def flags(register: Register, records: Iterable[Any], identifiers: Iterable[tuple[str, str | None]]) -> list[Flag]:
    """Flags in the free-text fields of the records (views with ``id``, ``activity``, ``values``)."""
    own = _own(identifiers)
    found = []
    for record in records:
        spec = register.activities.get(record.activity)
        for name, value in (record.values or {}).items():
            field = spec.fields.get(name) if spec else None
            if field is not None and field.free_text and isinstance(value, str):
                found += [Flag(record.id, record.activity, name, kind, a, b) for kind, a, b in spans(value, own)]
    return found


def masked(text: str, marks: list[Flag], lang: str) -> str:
    """``text`` with the flagged spans replaced, from the end so earlier offsets stay right."""
    for flag in sorted(marks, key=lambda f: f.start, reverse=True):
        text = text[: flag.start] + WITHHELD[lang] + text[flag.end :]
    return text
