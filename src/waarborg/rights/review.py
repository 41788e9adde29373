"""Other people in a person's free text: before an access package goes out, personal data in free-text
fields that is not the person's own (names, addresses, numbers, ...) is flagged, so staff look before releasing
(Art 15(4): a copy must not harm the rights of others). The PII guard finds it; the person's identifiers and
the values of their own non-free-text fields (their name, address, ...) are theirs and not flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from waarborg.pii.own import Own, foreign
from waarborg.register.schema import Register
from waarborg.vault.flagging import split_free_text

WITHHELD = {"nl": "[afgeschermd]", "en": "[withheld]"}


@dataclass(frozen=True)
class Flag:
    record_id: str
    activity: str
    field: str
    kind: str  # a PII kind in lower case: email, phone, name, address, ...
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


def spans(text: str, own: Own) -> list[tuple[str, int, int]]:
    """(kind, start, end) of personal data in ``text`` that is not the person's own."""
    return [(span.kind.lower(), span.start, span.end) for span in foreign(text, own)]


def flags(register: Register, records: Iterable[Any], identifiers: Iterable[tuple[str, str | None]]) -> list[Flag]:
    """Flags in the free-text fields of the records (views with ``id``, ``activity``, ``values``); the person's
    identifiers and their records' structured values are theirs."""
    own_values = [value for _kind, value in identifiers if value]
    texts: list[tuple[Any, str, str]] = []
    for record in records:
        free, structured = split_free_text(register.activities.get(record.activity), record.values)
        own_values += structured
        texts += [(record, name, text) for name, text in free.items()]
    own = Own(own_values)
    return [Flag(record.id, record.activity, name, kind, a, b)
            for record, name, text in texts for kind, a, b in spans(text, own)]  # fmt: skip


def masked(text: str, marks: list[Flag], lang: str) -> str:
    """``text`` with the flagged spans replaced, from the end so earlier offsets stay right."""
    for flag in sorted(marks, key=lambda f: f.start, reverse=True):
        text = text[: flag.start] + WITHHELD[lang] + text[flag.end :]
    return text
