"""Health terms: special-category data (Art. 9 AVG) that must never reach an AI tool. A word list
(``health_terms.txt``), not a classifier: a diagnosis in other words, or inside a compound, is not found."""

from __future__ import annotations

import re

from waarborg.pii.spans import Span
from waarborg.pii.wordlists import alternation, word_list

HEALTH_TERMS = word_list("health_terms.txt")
HEALTH_LOWER = re.compile(rf"\b{alternation(HEALTH_TERMS)}\b")
"""Searched in the lower-cased text: one plain scan is cheaper than a case-blind one."""
HEALTH = re.compile(HEALTH_LOWER.pattern, re.IGNORECASE)
FIRST_WORDS = frozenset(term.replace("-", " ").split()[0] for term in HEALTH_TERMS)
PUNCTUATION = ".,;:!?()[]{}\"'“”‘’"


def health(text: str) -> list[Span]:
    lower = text.lower()
    words = lower.replace("-", " ").replace("/", " ").split()
    if FIRST_WORDS.isdisjoint(word.strip(PUNCTUATION) for word in words):
        return []  # splitting on spaces is cheaper than scanning for some eighty terms
    source, pattern = (lower, HEALTH_LOWER) if len(lower) == len(text) else (text, HEALTH)
    return [Span(m.start(), m.end(), "HEALTH", text[m.start() : m.end()], 0.8) for m in pattern.finditer(source)]
