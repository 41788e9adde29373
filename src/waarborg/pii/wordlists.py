"""Word lists shipped with the package, and word alternations the regular-expression engine runs quickly."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TypeAlias

Trie: TypeAlias = dict[str, "Trie"]


@cache
def word_list(name: str) -> frozenset[str]:
    """The lines of a list in this package, without comments."""
    text = resources.files("waarborg.pii").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A pattern matching any of the words, factored by shared prefixes ('depressie|depressief' becomes
    'depressie(?:f)?'): the engine then tries a handful of branches at each position instead of every word."""
    tree: Trie = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: Trie) -> str:
    parts = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body
