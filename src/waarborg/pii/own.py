"""Personal data in a person's own free text that is not theirs: what a reviewer must look at before the text
goes out in an access package (Art 15(4)), and what intake flags in a free-text field."""

from __future__ import annotations

import re
from collections.abc import Iterable

from waarborg.pii.detect import detect
from waarborg.pii.identifiers import digits
from waarborg.pii.names import TITLE_WORDS, TUSSEN_WORDS
from waarborg.pii.spans import KINDS, Span

WORD = re.compile(r"\w+")
PARTICLES = frozenset(word for phrase in (*TITLE_WORDS, *TUSSEN_WORDS) for word in WORD.findall(phrase.lower()))
"""Titles and tussenvoegsels: no help in telling whose name it is."""
ABOUT_OTHERS = tuple(kind for kind in KINDS if kind != "HEALTH")
"""Kinds that can belong to someone else; a health term says something, it identifies no one."""


class Own:
    """A person's own values (identifiers, name, address, ...), normalised for comparison with found spans."""

    def __init__(self, values: Iterable[str]) -> None:
        texts = [value.strip().lower() for value in values if value and value.strip()]
        self.texts = texts
        self.digits = {number[-9:] for value in texts if len(number := digits(value)) >= 6}
        self.words = {word for value in texts for word in WORD.findall(value)}

    def holds(self, span: Span) -> bool:
        text = span.text.lower()
        if any(text in value for value in self.texts):
            return True
        number = digits(text)
        if len(number) >= 6 and number[-9:] in self.digits:
            return True
        if span.kind == "NAME":  # 'mevrouw J. de Vries' is hers when 'vries' (and any other full word) is
            words = [word for word in WORD.findall(text) if len(word) > 1 and word not in PARTICLES]
            return bool(words) and all(word in self.words for word in words)
        return False


def foreign(text: str, own: Own, kinds: tuple[str, ...] = ABOUT_OTHERS) -> list[Span]:
    """The spans of personal data in ``text`` that are not the person's own."""
    return [span for span in detect(text, kinds) if not own.holds(span)]
