"""Free-text fields scanned on intake: personal data that is not the person's own (a colleague's name and
number in a note) or special-category terms (a diagnosis) is flagged, by field and kind, in the audit trail,
so the privacy officer sees where free text holds more than the register says."""

from __future__ import annotations

from waarborg.pii.own import Own, foreign
from waarborg.pii.spans import KINDS
from waarborg.register.schema import Activity
from waarborg.vault.validate import Validated


def free_text_flags(spec: Activity, validated: Validated) -> tuple[str, ...]:
    """'field:KIND' for every kind found in the submission's free-text fields, sorted; empty when clean."""
    free = {name: value for name, value in validated.values.items()
            if isinstance(value, str) and value and name in spec.fields and spec.fields[name].free_text}  # fmt: skip
    if not free:
        return ()
    structured = [value for name, value in validated.values.items() if isinstance(value, str) and name not in free]
    own = Own([*validated.identifiers.values(), *structured])
    return tuple(sorted({f"{name}:{span.kind}" for name, text in free.items() for span in foreign(text, own, KINDS)}))
