"""Redaction: mask, consistent pseudonyms, reversible tokens, or a report of what was found.

    redact(text, "mask")                 # "Bel [NAAM] op [TELEFOON]"
    redact(text, "pseudonym")            # "[PERSOON_1] belde [PERSOON_2]; [PERSOON_1] ..."
    done = redact(text, "token", key)    # "[NAAM_3f9a2c1b] ..."; restore(answer, done.mapping) puts them back
    redact(text, "report").spans         # what was found, with types and confidence

Tokens are an HMAC of the value under a key, so the same value gets the same token in every text under that
key and nothing about it can be read from the token; the mapping back stays with the caller (``seal`` it to
carry it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field
from typing import Literal

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from waarborg.pii.detect import Span, detect

Mode = Literal["mask", "pseudonym", "token", "report"]
MODES = ("mask", "pseudonym", "token", "report")
LABELS = {
    "nl": {"NAME": "NAAM", "PHONE": "TELEFOON", "EMAIL": "E-MAIL", "IBAN": "IBAN", "BSN": "BSN",
           "DATE_OF_BIRTH": "GEBOORTEDATUM", "ADDRESS": "ADRES", "POSTCODE": "POSTCODE", "IP": "IP-ADRES",
           "URL": "URL", "ID_NUMBER": "ID-NUMMER", "MRZ": "MRZ", "LICENCE_PLATE": "KENTEKEN", "KVK": "KVK",
           "HEALTH": "GEZONDHEID", "RELIGION": "LEVENSOVERTUIGING", "POLITICS": "POLITIEK", "UNION": "VAKBOND",
           "SEXUALITY": "GEAARDHEID", "ETHNICITY": "AFKOMST", "BIOMETRIC": "BIOMETRIE", "GENETIC": "GENETISCH",
           "CRIMINAL": "STRAFRECHT", "PERSON": "PERSOON"},
    "en": {"NAME": "NAME", "PHONE": "PHONE", "EMAIL": "EMAIL", "IBAN": "IBAN", "BSN": "BSN",
           "DATE_OF_BIRTH": "DATE_OF_BIRTH", "ADDRESS": "ADDRESS", "POSTCODE": "POSTCODE", "IP": "IP_ADDRESS",
           "URL": "URL", "ID_NUMBER": "ID_NUMBER", "MRZ": "MRZ", "LICENCE_PLATE": "LICENCE_PLATE", "KVK": "KVK",
           "HEALTH": "HEALTH", "RELIGION": "RELIGION", "POLITICS": "POLITICS", "UNION": "TRADE_UNION",
           "SEXUALITY": "SEXUALITY", "ETHNICITY": "ETHNICITY", "BIOMETRIC": "BIOMETRIC", "GENETIC": "GENETIC",
           "CRIMINAL": "CRIMINAL", "PERSON": "PERSON"},
}  # fmt: skip
TOKEN = re.compile(r"\[[A-Z_-]+_[0-9a-f]{8}\]")


@dataclass
class Redacted:
    text: str
    spans: list[Span]
    mapping: dict[str, str] = field(default_factory=dict)  # token or pseudonym -> the original

    def report(self) -> dict[str, object]:
        return {"spans": [s.as_dict() for s in self.spans], "counts": _counts(self.spans),
                "special": any(s.special for s in self.spans)}  # fmt: skip


def _counts(spans: list[Span]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.kind] = counts.get(span.kind, 0) + 1
    return counts


def redact(text: str, mode: Mode = "mask", key: bytes | None = None, lang: str = "nl") -> Redacted:
    spans = detect(text)
    if mode == "report":
        return Redacted(text, spans)
    labels = LABELS[lang if lang in LABELS else "nl"]
    mapping: dict[str, str] = {}
    numbers: dict[str, dict[str, int]] = {}
    out, last = [], 0
    for span in spans:
        out.append(text[last : span.start])
        if mode == "mask":
            out.append(f"[{labels[span.kind]}]")
        elif mode == "pseudonym":
            kind = "PERSON" if span.kind == "NAME" else span.kind
            seen = numbers.setdefault(kind, {})
            number = seen.setdefault(_norm(span.text), len(seen) + 1)
            label = f"[{labels[kind]}_{number}]"
            mapping[label] = span.text
            out.append(label)
        else:
            digest = hmac.new(key or b"", f"{span.kind}:{_norm(span.text)}".encode(), hashlib.sha256).hexdigest()[:8]
            label = f"[{labels[span.kind]}_{digest}]"
            mapping[label] = span.text
            out.append(label)
        last = span.end
    out.append(text[last:])
    return Redacted("".join(out), spans, mapping)


def _norm(value: str) -> str:
    return " ".join(value.split()).lower()


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back where an answer repeats the tokens (or pseudonyms) it was given."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(token) for token in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group()], text)


def seal(mapping: dict[str, str], key: bytes) -> str:
    """The mapping, encrypted under the key (AES-GCM), as text to carry along."""
    nonce = os.urandom(12)
    sealed = AESGCM(hashlib.sha256(key).digest()).encrypt(nonce, json.dumps(mapping).encode(), b"pii-mapping")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(sealed: str, key: bytes) -> dict[str, str]:
    blob = base64.urlsafe_b64decode(sealed.encode())
    plain = AESGCM(hashlib.sha256(key).digest()).decrypt(blob[:12], blob[12:], b"pii-mapping")
    loaded: dict[str, str] = json.loads(plain)
    return loaded
