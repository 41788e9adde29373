"""What a detector returns: a span of personal data in a text, and the kinds there are."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("EMAIL", "PHONE", "IBAN", "BSN", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "IP", "URL", "ID_NUMBER", "MRZ",
         "LICENCE_PLATE", "KVK", "NAME", "HEALTH")  # fmt: skip
PRIORITY = {kind: i for i, kind in enumerate(("MRZ", "EMAIL", "URL", "IBAN", "BSN", "ID_NUMBER", "KVK", "PHONE",
                                             "IP", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "LICENCE_PLATE", "NAME",
                                             "HEALTH"))}  # fmt: skip
"""Which kind wins where two spans overlap: a BSN inside an MRZ line is part of the MRZ."""
VALIDATED = ("EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "IP", "ID_NUMBER", "MRZ", "LICENCE_PLATE", "KVK")
"""Kinds with a format or check digit: what the recall target of 0.99 is about."""
KIND_WORDS = {
    "nl": {"EMAIL": "e-mailadres", "PHONE": "telefoonnummer", "IBAN": "rekeningnummer", "BSN": "BSN",
           "DATE_OF_BIRTH": "geboortedatum", "ADDRESS": "adres", "POSTCODE": "postcode", "IP": "IP-adres",
           "URL": "webadres", "ID_NUMBER": "documentnummer", "MRZ": "paspoortregel", "LICENCE_PLATE": "kenteken",
           "KVK": "KvK-nummer", "NAME": "naam", "HEALTH": "gezondheid", "DATE": "datum"},
    "en": {"EMAIL": "e-mail address", "PHONE": "phone number", "IBAN": "bank account", "BSN": "BSN",
           "DATE_OF_BIRTH": "date of birth", "ADDRESS": "address", "POSTCODE": "postcode", "IP": "IP address",
           "URL": "web address", "ID_NUMBER": "document number", "MRZ": "passport line",
           "LICENCE_PLATE": "licence plate", "KVK": "Chamber of Commerce number", "NAME": "name", "HEALTH": "health",
           "DATE": "date"},
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

    @property
    def special(self) -> bool:
        """Art 9 data (health), which must never reach an AI tool."""
        return self.kind == "HEALTH"

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.kind, "text": self.text,
                "confidence": self.confidence, "special": self.special}  # fmt: skip
