"""Message params in the reader's words: a param given as {"nl": ..., "en": ...} is shown in the message's language.

The office shows findings to a privacy officer: field labels, country names and legal bases, never keys or codes.
"""

from __future__ import annotations

from collections.abc import Sequence

from waarborg.core.periods import Period, Promise
from waarborg.register.render import words
from waarborg.register.schema import Activity
from waarborg.register.types import Basis, Right, tr

Localised = dict[str, str]
LANGS = ("nl", "en")

BASIS_LABELS = {
    Basis.consent: ("toestemming", "consent"),
    Basis.contract: ("overeenkomst", "contract"),
    Basis.legal_obligation: ("wettelijke plicht", "legal obligation"),
    Basis.vital_interests: ("vitaal belang", "vital interests"),
    Basis.public_task: ("algemeen belang", "public task"),
    Basis.legitimate_interests: ("gerechtvaardigd belang", "legitimate interests"),
}

SOURCE_KINDS = {
    "data_subject": ("de betrokkene zelf", "the data subject"),
    "public": ("openbare bron", "public source"),
    "employer": ("werkgever", "employer"),
    "client": ("opdrachtgever", "client"),
    "chamber_of_commerce": ("Kamer van Koophandel", "Chamber of Commerce"),
    "third_party": ("derden", "third parties"),
}

ID_PARTS = {"photo": ("de foto", "the photo"), "bsn": ("het BSN", "the BSN")}

SOFT_OPT_IN = {
    "existing_customers_only": ("alleen bestaande klanten", "existing customers only"),
    "similar_products_only": ("alleen eigen soortgelijke producten", "own similar products only"),
    "opt_out_at_collection": ("afmelden bij het verzamelen", "an opt-out at collection"),
}


def pair(nl: str, en: str) -> Localised:
    return {"nl": nl, "en": en}


def label(table: dict[str, tuple[str, str]], key: str) -> Localised | str:
    """A key's words from ``table``; the key itself when the table does not know it."""
    return pair(*table[key]) if key in table else key


def listed(table: dict[str, tuple[str, str]], keys: Sequence[str]) -> Localised:
    """'de foto en het BSN' / 'the photo and the BSN'."""
    return {lang: words.join([table[k][i] if k in table else k for k in keys], lang) for i, lang in enumerate(LANGS)}


def basis_label(value: Basis) -> Localised:
    return pair(*BASIS_LABELS[value])


def fields_of(activity: Activity, names: Sequence[str]) -> Localised:
    """The fields by their label, each quoted: "'Surfgedrag' en 'E-mailadres'" / "'Browsing' and 'E-mail'"."""
    return {lang: words.join([f"'{_field_label(activity, name, lang)}'" for name in names], lang) for lang in LANGS}


def _field_label(activity: Activity, name: str, lang: str) -> str:
    spec = activity.fields.get(name)
    return tr(spec.label if spec else None, lang, name)


def verb(names: Sequence[str], nl: tuple[str, str], en: tuple[str, str]) -> Localised:
    """The verb that agrees with a list of fields: ('valt', 'vallen'), ('falls', 'fall')."""
    many = len(names) > 1
    return pair(nl[many], en[many])


def country_in(code: str) -> Localised:
    """The country as it reads after 'in': 'de Verenigde Staten', 'the United States' (the code if unknown)."""
    return {lang: words.in_country(code, lang) for lang in LANGS}


def period_words(value: Period) -> Localised:
    return {lang: words.period(value, lang) for lang in LANGS}


def promise_words(value: Promise) -> Localised:
    return {lang: words.promise(value, lang) for lang in LANGS}


def right_name(value: Right) -> Localised:
    nl, en, _, _ = words.RIGHTS[value]
    return pair(nl, en)


def cookie_category(value: str) -> Localised:
    nl, en = words.COOKIE_CATEGORIES[value]
    return pair(words.lower_first(nl), words.lower_first(en))


def embed_kind(value: str) -> Localised:
    nl, en = words.EMBED_KINDS[value]
    return pair(words.lower_first(nl), words.lower_first(en))
