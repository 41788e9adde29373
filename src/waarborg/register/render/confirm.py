"""Inferred values in a rendered text: left out of a statement, or marked 'to confirm' in a draft.

A value the organisation's own statement does not give (``inferred`` in the register) is never published as a
promise. ``Voice.shown`` decides per value: without ``--draft`` it returns ``''``; with it, the text wrapped in
invisible marks that :func:`finish` turns into ``**[te bevestigen: …]**`` (Markdown) or
``<mark title="Te bevestigen: reason">…</mark>`` (HTML) once the whole document is laid out. Marks inside a
marked entry are dropped, so a draft never nests them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

OPEN, SEP, CLOSE = "\x02", "\x1f", "\x03"

LABEL = {"nl": "te bevestigen", "en": "to confirm"}


def mark(text: str, reason: str) -> str:
    """``text`` marked as inferred, with why it was filled in."""
    clean = reason.replace(OPEN, "").replace(SEP, "").replace(CLOSE, "")
    return f"{OPEN}{clean}{SEP}{text}{CLOSE}"


def _resolve(text: str, opening: Callable[[str], str], closing: str) -> str:
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == OPEN:
            end = text.index(SEP, i)
            if depth == 0:
                out.append(opening(text[i + 1 : end]))
            depth += 1
            i = end + 1
            continue
        if char == CLOSE:
            depth -= 1
            if depth == 0:
                out.append(closing)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def finish(text: str, fmt: Literal["md", "html", "plain"], lang: str) -> str:
    """Turn the marks into Markdown, HTML, or (plain) nothing."""
    label = LABEL.get(lang, LABEL["en"])
    if fmt == "md":
        return _resolve(text, lambda _: f"**[{label}: ", "]**")
    if fmt == "html":
        title = label[0].upper() + label[1:]
        return _resolve(text, lambda reason: f'<mark title="{title}: {reason}">', "</mark>")
    return _resolve(text, lambda _: "", "")


def unmarked(text: str) -> str:
    """The text without any marks (for comparisons and plain output)."""
    return finish(text, "plain", "en")
