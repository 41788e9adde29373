"""Find personal data in free text: every detector's spans, overlaps resolved by priority, then length.

Each detector comes with a cheap test on the lower-cased text (a string the kind cannot do without), so a text
without an '@' is never scanned for e-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from waarborg.pii import identifiers as ids
from waarborg.pii.names import names
from waarborg.pii.spans import KINDS, PRIORITY, SPECIAL, VALIDATED, Span
from waarborg.pii.special import special

__all__ = ["KINDS", "PRIORITY", "SPECIAL", "VALIDATED", "Span", "detect", "special"]


def _always(_lower: str) -> bool:
    return True


def _any_of(*parts: str) -> Callable[[str], bool]:
    """The lower-cased text holds one of these strings."""
    if len(parts) == 1:
        part = parts[0]
        return lambda lower: part in lower
    return lambda lower: any(map(lower.__contains__, parts))


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda lower: pattern.search(lower) is not None


DIGITS = re.compile(r"\d")
IBAN_HINT = re.compile(r"[a-z]{2}\d\d")
"""A country code and check digits: without them there is no IBAN; without a digit no number at all."""
Detector = Callable[[str], list[Span]]
DETECTORS: tuple[tuple[Detector, Callable[[str], bool]], ...] = (
    (ids.mrzs, _any_of("<<")), (ids.emails, _any_of("@")), (ids.urls, _any_of("http")),
    (ids.ibans, _matches(IBAN_HINT)), (ids.bsns, _matches(DIGITS)), (ids.kvks, _any_of(*ids.KVK_WORDS)),
    (ids.id_numbers, _matches(DIGITS)), (ids.phones, _matches(DIGITS)), (ids.ips, _matches(ids.IP_HINT)),
    (ids.births, _any_of(*ids.BIRTH_WORDS)), (ids.addresses, _matches(DIGITS)), (ids.postcodes, _matches(DIGITS)),
    (ids.plates, _any_of("-")), (names, _always), (special, _always),
)  # fmt: skip
"""Each detector with a cheap test that the text may hold its kind at all."""


def detect(text: str, kinds: tuple[str, ...] | None = None) -> list[Span]:
    """Every span of personal data, without overlaps (the stronger kind, then the longer span, wins). A name
    that overlaps a stronger span keeps its words outside it ('Ziekmelding James de Wit': health, then a name)."""
    if not text:
        return []
    lower = text.lower()
    spans = [span for detector, maybe in DETECTORS if maybe(lower) for span in detector(text)]
    if kinds is not None:
        spans = [span for span in spans if span.kind in kinds]
    spans.sort(key=lambda s: (PRIORITY[s.kind], s.start - s.end, s.start))
    covered = bytearray(len(text))
    chosen: list[Span] = []
    for span in spans:
        kept: Span | None = span
        if covered.find(1, span.start, span.end) != -1:
            kept = _outside(span, covered, text) if span.kind == "NAME" else None
        if kept is not None:
            chosen.append(kept)
            covered[kept.start : kept.end] = b"\x01" * (kept.end - kept.start)
    return sorted(chosen, key=lambda s: s.start)


def _outside(span: Span, covered: bytearray, text: str) -> Span | None:
    """The span without its covered words at either end, or None unless it still starts and ends with a capital
    ('Melding van' is what is left of 'Melding van Sanne' once 'Sanne de Timmermans' is taken: no name)."""
    start, end = span.start, span.end
    while start < end and covered[start]:
        start = text.find(" ", start, end) + 1 or end
    while end > start and covered[end - 1]:
        end = text.rfind(" ", start, end)
        end = end if end > start else start
    part = text[start:end]
    if not part or covered.find(1, start, end) != -1 or not (part[:1].isupper() and part.split()[-1][:1].isupper()):
        return None
    return replace(span, start=start, end=end, text=part)
