"""Values the statement does not give: listed so the organisation confirms them before they are published."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, rule
from waarborg.register.lint.inferred import inferred_marks
from waarborg.register.schema import Register


@rule(
    "WB059",
    "info",
    "Value to confirm",
    notes_inferred=False,
    source="Art 12(1), 13 AVG (information must be accurate)",
    nl="Niet uit de verklaring maar aangenomen: {reason} Bevestig de waarde of verwijder het inferred-merkteken; "
    "tot dan publiceert render haar niet.",
    en="Not from the statement but assumed: {reason} Confirm the value or drop the inferred mark; until then "
    "render does not publish it.",
)
def inferred_value(register: Register) -> Iterator[Hit]:
    for path, reason in inferred_marks(register):
        yield Hit(path, {"reason": reason.rstrip(".") + "."})
