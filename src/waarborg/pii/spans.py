"""What a detector returns: a span of personal data in a text, and the kinds there are."""

from __future__ import annotations

from dataclasses import dataclass

SPECIAL = ("HEALTH", "RELIGION", "POLITICS", "UNION", "SEXUALITY", "ETHNICITY", "BIOMETRIC", "GENETIC", "CRIMINAL")
"""The special categories of Art 9 AVG and the criminal records of Art 10: never to reach an AI tool."""
KINDS = ("EMAIL", "PHONE", "IBAN", "BSN", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "IP", "URL", "ID_NUMBER", "MRZ",
         "LICENCE_PLATE", "KVK", "NAME", *SPECIAL)  # fmt: skip
PRIORITY = {kind: i for i, kind in enumerate(("MRZ", "EMAIL", "IP", "URL", "IBAN", "BSN", "ID_NUMBER", "KVK", "PHONE",
                                             "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "LICENCE_PLATE", *SPECIAL,
                                             "NAME"))}  # fmt: skip
"""Which kind wins where two spans overlap: a BSN inside an MRZ line is part of the MRZ; a special category over
a name ('Ziekmelding James': the guard must see the health word), the name keeping its words outside it."""
VALIDATED = ("EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "IP", "ID_NUMBER", "MRZ", "LICENCE_PLATE", "KVK")
"""Kinds with a format or check digit: what the recall target of 0.99 is about."""
KIND_WORDS = {
    "nl": {"EMAIL": "e-mailadres", "PHONE": "telefoonnummer", "IBAN": "rekeningnummer", "BSN": "BSN",
           "DATE_OF_BIRTH": "geboortedatum", "ADDRESS": "adres", "POSTCODE": "postcode", "IP": "IP-adres",
           "URL": "webadres", "ID_NUMBER": "documentnummer", "MRZ": "paspoortregel", "LICENCE_PLATE": "kenteken",
           "KVK": "KvK-nummer", "NAME": "naam", "HEALTH": "gezondheid", "RELIGION": "godsdienst of levensovertuiging",
           "POLITICS": "politieke opvatting", "UNION": "vakbondslidmaatschap", "SEXUALITY": "seksuele geaardheid",
           "ETHNICITY": "etnische afkomst", "BIOMETRIC": "biometrische gegevens", "GENETIC": "genetische gegevens",
           "CRIMINAL": "strafrechtelijke gegevens", "DATE": "datum"},
    "en": {"EMAIL": "e-mail address", "PHONE": "phone number", "IBAN": "bank account", "BSN": "BSN",
           "DATE_OF_BIRTH": "date of birth", "ADDRESS": "address", "POSTCODE": "postcode", "IP": "IP address",
           "URL": "web address", "ID_NUMBER": "document number", "MRZ": "passport line",
           "LICENCE_PLATE": "licence plate", "KVK": "Chamber of Commerce number", "NAME": "name", "HEALTH": "health",
           "RELIGION": "religion or belief", "POLITICS": "political opinion", "UNION": "trade-union membership",
           "SEXUALITY": "sexual orientation", "ETHNICITY": "ethnic origin", "BIOMETRIC": "biometric data",
           "GENETIC": "genetic data", "CRIMINAL": "criminal records", "DATE": "date"},
}  # fmt: skip
"""Each kind in words, for people: a privacy officer reads 'telefoonnummer', not PHONE. ('DATE', a date of any
kind, is what a discovery scan counts in a column of dates.)"""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    text: str
    confidence: float
    rule: str = ""
    """What matched, for a person to see why: 'ip:ipv6', 'name:title', 'health:<body>klachten'."""

    @property
    def special(self) -> bool:
        """Art 9 or Art 10 data, which must never reach an AI tool."""
        return self.kind in SPECIAL

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.kind, "text": self.text,
                "confidence": self.confidence, "special": self.special, "rule": self.rule}  # fmt: skip
