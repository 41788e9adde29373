"""Rules on the words a statement publishes: no editorial marks, no unfilled placeholders, one tone, rights.

The renderer publishes the organisation's own texts as they are; these rules find what must never reach a
reader: an editor's '[hebben]' or 'jou[w]', a '{naam}' no tone fills, 'u' in a 'je' statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from waarborg.register.base import walk
from waarborg.register.lint.engine import Hit, rule
from waarborg.register.render.words import PLACEHOLDERS
from waarborg.register.schema import Register
from waarborg.register.source import Path

LANGS = frozenset({"nl", "en", "*"})
EDITORIAL = re.compile(r"\w+\[\w{1,4}\]|\[\w[^\[\]]{0,30}\](?!\()")
"""'jou[w]', '[hebben]', '[naam organisatie]'; not a Markdown link '[tekst](url)'."""
PLACEHOLDER = re.compile(r"\{[^{}\s]{1,40}\}")
FORMAL = re.compile(r"\b(u|uw|uzelf)\b")
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
FORMAL_START = re.compile(r"(^|[.!?]\s+)(U|Uw)\b")


def texts(value: Any, path: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """Every text of the register that may be published: (path, language, text)."""
    for where, node in walk(value, path):
        if isinstance(node, dict) and node and set(node) <= LANGS and all(isinstance(v, str) for v in node.values()):
            for lang, text in node.items():
                yield (*where, lang), lang, text


@rule(
    "WB090",
    "error",
    "Editorial mark in a published text",
    source="Art 12(1) AVG (concise, intelligible, clear and plain language)",
    nl="De tekst bevat een redactionele aantekening '{mark}'; kies de bedoelde woorden.",
    en="The text contains an editorial mark '{mark}'; choose the words meant.",
)
def editorial_marks(register: Register) -> Iterator[Hit]:
    for path, _, text in texts(register):
        for match in EDITORIAL.finditer(text):
            yield Hit(path, {"mark": match.group(0)})


@rule(
    "WB091",
    "error",
    "Placeholder no tone fills",
    source="Art 12(1) AVG (concise, intelligible, clear and plain language)",
    nl="De tekst bevat '{placeholder}'; alleen {{you}}, {{your}}, {{You}}, {{Your}}, {{yourself}} en {{refl}} worden "
    "ingevuld. render weigert de verklaring tot dit is opgelost.",
    en="The text contains '{placeholder}'; only {{you}}, {{your}}, {{You}}, {{Your}}, {{yourself}} and {{refl}} "
    "are filled in. render refuses the statement until this is fixed.",
)
def unknown_placeholders(register: Register) -> Iterator[Hit]:
    for path, _, text in texts(register):
        for match in PLACEHOLDER.finditer(text):
            if match.group(0) not in PLACEHOLDERS:
                yield Hit(path, {"placeholder": match.group(0)})


@rule(
    "WB092",
    "warning",
    "A Dutch text in the other tone",
    source="Art 12(1) AVG (clear and plain language)",
    nl="De verklaring spreekt de lezer aan met '{tone}', maar deze tekst gebruikt '{word}'.",
    en="The statement addresses the reader as '{tone}', but this text uses '{word}'.",
)
def tone_mixed(register: Register) -> Iterator[Hit]:
    formal = register.statement.tone == "formal"
    for path, lang, text in texts(register):
        if lang != "nl":
            continue
        match = INFORMAL.search(text) if formal else (FORMAL.search(text) or FORMAL_START.search(text))
        if match:
            word = match.group(match.lastindex or 0)
            yield Hit(path, {"tone": "u" if formal else "je", "word": word})


@rule(
    "WB095",
    "error",
    "The statement lists no rights",
    source="Art 13(2)(b) AVG",
    nl="De verklaring noemt geen enkel recht (inzage, rectificatie, verwijdering, ...); vul statement.rights.",
    en="The statement lists no rights at all (access, rectification, erasure, ...); fill in statement.rights.",
)
def no_rights(register: Register) -> Iterator[Hit]:
    if not register.statement.rights and not any(a.rights for a in register.activities.values()):
        yield Hit(("statement", "rights"))
