"""What a column holds: its sampled values through the PII guard's detectors, and its name through the hints.

A structured column (one value per cell: an e-mail address, a BSN) counts a kind when a span of that kind covers
most of the value; a free-text column (sentences) counts every kind found in it, names only when confidently
shaped (a title, initials, a known first name). The kind held by the largest share of values decides, when that
share is high enough: a column of product codes of which one in eleven passes the BSN check is not a BSN column.
A name hint raises the confidence when values agree, proposes a category alone when strong (an empty ``bsn``
column is still one), and is overruled when the values plainly say otherwise.
"""

from __future__ import annotations

import re
from collections import Counter

from waarborg.discovery.hints import Hint, hint_for
from waarborg.discovery.model import ColumnInfo, Verdict
from waarborg.pii.column import kind_counts, value_kinds
from waarborg.pii.names import first_names, surnames
from waarborg.pii.spans import SPECIAL
from waarborg.register.taxonomy import BSN_CATEGORY

KIND_CATEGORY = {
    "EMAIL": "user.contact.email", "PHONE": "user.contact.phone_number", "IBAN": "user.financial.bank_account",
    "BSN": BSN_CATEGORY, "DATE_OF_BIRTH": "user.demographic.date_of_birth",
    "ADDRESS": "user.contact.address.street", "POSTCODE": "user.contact.address.postal_code",
    "IP": "user.device.ip_address", "ID_NUMBER": "user.government_id.passport_number",
    "MRZ": "user.government_id.passport_number", "LICENCE_PLATE": "user.government_id.vehicle_registration",
    "NAME": "user.name", "HEALTH": "user.health_and_medical", "RELIGION": "user.demographic.religious_belief",
    "POLITICS": "user.demographic.political_opinion", "SEXUALITY": "user.demographic.sexual_orientation",
    "ETHNICITY": "user.demographic.race_ethnicity", "BIOMETRIC": "user.biometric",
    "GENETIC": "user.health_and_medical.genetic", "CRIMINAL": "user.criminal_history",
    "UNION": "user.demographic",
}  # fmt: skip
"""The PII guard's kinds and the data category each reveals (URL and KVK number alone reveal none). The fideslang
taxonomy has no category for trade-union membership: it is a demographic fact, and special (Art 9) all the same."""
IDENTITY = {"EMAIL": "email", "PHONE": "phone"}
STRUCTURED_SHARE = 0.6
"""A structured column holds a kind when at least this share of its values does."""
FREE_TEXT_SHARE = 0.15
"""A free-text column holds a kind when at least this share of its values mention it."""
NAME_SHARE = 0.3
"""Names alone make a free-text column personal only when this share of values hold one: titles and product
descriptions ('Werken met Marketing') give a name-shaped match now and then, notes about people nearly always."""
FEWEST = 5
"""With fewer sampled values the values cannot overrule a name hint."""
DATE = re.compile(r"(?:19|20)\d\d-\d\d-\d\d(?:[T ][\d:.+Z-]*)?|\d\d?[-/.]\d\d?[-/.](?:19|20)\d\d")
REPORTED = 0.5
"""Columns judged at least this confident are reported as personal data."""


def judge(table: str, column: ColumnInfo, values: list[str]) -> Verdict:
    hint = hint_for(column.name, table)
    free = _free_text(values) or bool(hint and hint.free_text)
    counts = _kinds(values, free)
    shares = {kind: n / len(values) for kind, n in counts.items()} if values else {}
    category, confidence = (_free_verdict if free else _structured_verdict)(shares, hint, len(values))
    if confidence < REPORTED:
        category = None
    also = _also(shares, category, free) if category else ()
    kind_identity = next((IDENTITY[k] for k, c in KIND_CATEGORY.items() if c == category and k in IDENTITY), None)
    identity = None if free or category is None else (hint.identity if hint and hint.identity else kind_identity)
    return Verdict(table, column.name, category, round(confidence, 2), dict(sorted(counts.items())), len(values),
                   hint.word if hint else None, also, free, identity)  # fmt: skip


def _kinds(values: list[str], free: bool) -> Counter[str]:
    """How many values hold each kind (each distinct value is read once)."""
    return kind_counts(values, lambda value: _value_kinds(value, free))


def _value_kinds(value: str, free: bool) -> set[str]:
    kinds = {kind for kind in value_kinds(value, whole=not free) if kind in KIND_CATEGORY}
    if not free:
        if "NAME" not in kinds and _known_name(value):
            kinds.add("NAME")
        if DATE.fullmatch(value):
            kinds.add("DATE")
    return kinds


def _known_name(value: str) -> bool:
    """A short value of capitalised words whose first is a known first name or last a known surname."""
    words = value.split()
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() or (w.islower() and len(w) <= 4) for w in words):
        return False
    return words[0] in first_names() or words[-1] in surnames()


def _free_text(values: list[str]) -> bool:
    """Sentences rather than single values: most values have three words or more."""
    if not values:
        return False
    return sum(1 for v in values if v.count(" ") >= 2) >= 0.5 * len(values)


def _structured_verdict(shares: dict[str, float], hint: Hint | None, values: int) -> tuple[str | None, float]:
    best = max((k for k in shares if k in KIND_CATEGORY), key=lambda k: shares[k], default=None)
    if best is not None and shares[best] >= STRUCTURED_SHARE:
        agrees = hint is not None and hint.category == KIND_CATEGORY[best]
        return KIND_CATEGORY[best], min(0.99, 0.5 + 0.45 * shares[best] + (0.05 if agrees else 0))
    if hint is None:
        return None, 0.0
    if hint.kind == "DATE_OF_BIRTH" and shares.get("DATE", 0) >= STRUCTURED_SHARE:
        return hint.category, 0.9
    confirmed = shares.get(hint.kind or "", 0.0)
    if hint.strong:
        return hint.category, 0.7 + 0.25 * confirmed
    if values >= FEWEST and hint.kind is not None and confirmed < FREE_TEXT_SHARE:
        return None, 0.3  # the name says one thing, the values another: a course's name is not a person's
    return hint.category, 0.55 + 0.4 * confirmed


def _free_verdict(shares: dict[str, float], hint: Hint | None, values: int) -> tuple[str | None, float]:
    special = max(SPECIAL, key=lambda kind: shares.get(kind, 0.0))
    share = shares.get(special, 0.0)
    hinted = hint is not None and hint.kind in SPECIAL
    if share >= FREE_TEXT_SHARE or (hinted and (share > 0 or values < FEWEST)):
        kind = special if share > 0 or hint is None or hint.kind is None else hint.kind
        return KIND_CATEGORY[kind], min(0.95, 0.6 + share)
    personal = max((s for k, s in shares.items() if k in KIND_CATEGORY and (k != "NAME" or s >= NAME_SHARE)),
                   default=0.0)  # fmt: skip
    if personal >= FREE_TEXT_SHARE:
        return "user.content.private", min(0.95, 0.6 + personal)
    if hint is not None and hint.strong:
        return hint.category, 0.7
    return None, 0.0


def _also(shares: dict[str, float], category: str, free: bool) -> tuple[str, ...]:
    """Other categories the values hold, most common first."""
    floor = FREE_TEXT_SHARE if free else STRUCTURED_SHARE
    found = sorted((k for k, s in shares.items() if k in KIND_CATEGORY and s >= (NAME_SHARE if k == "NAME" else floor)),
                   key=lambda k: -shares[k])  # fmt: skip
    return tuple(dict.fromkeys(KIND_CATEGORY[k] for k in found if KIND_CATEGORY[k] != category))
