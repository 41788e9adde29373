"""Free-text fields scanned on intake: personal data that is not the person's own (a colleague's name and
number in a note) or special-category terms (a diagnosis) is flagged, by field and kind, in the audit trail,
so the privacy officer sees where free text holds more than the register says."""

from __future__ import annotations

from collections.abc import Mapping

from waarborg.pii.own import Own, foreign
from waarborg.pii.spans import KINDS
from waarborg.register.schema import Activity
from waarborg.vault.validate import Validated


def split_free_text(spec: Activity | None, values: Mapping[str, object] | None) -> tuple[dict[str, str], list[str]]:
    """A record's text values: those of its free-text fields by name, and the rest (its structured values, which
    are the person's own: their name, their address)."""
    free: dict[str, str] = {}
    structured: list[str] = []
    for name, value in (values or {}).items():
        field = spec.fields.get(name) if spec else None
        if not isinstance(value, str):
            continue
        if field is not None and field.free_text:
            free[name] = value
        else:
            structured.append(value)
    return free, structured


def free_text_flags(spec: Activity, validated: Validated) -> tuple[str, ...]:
    """'field:KIND' for every kind found in the submission's free-text fields, sorted; empty when clean."""
    free, structured = split_free_text(spec, validated.values)
    if not any(free.values()):
        return ()
    own = Own([*validated.identifiers.values(), *structured])
    return tuple(sorted({f"{name}:{span.kind}" for name, text in free.items() for span in foreign(text, own, KINDS)}))
