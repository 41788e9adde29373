"""Which words may not appear on a Dutch page: built from the code, not kept by hand.

Two sources. The UI's English: every word of the English word table (``words.WORDS["en"]``) that never occurs in
a Dutch table. And the developer's words that a page might show raw: request kinds and statuses, the step names
the library writes, the request actions, breach risk levels and the register's field keys. A developer word that
is also Dutch (it occurs in the Dutch word table or in the register's Dutch labels) is not counted.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from waarborg.access import breaches
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights import clock, fulfil, requests
from waarborg.web import words

# Words that are the same in both languages, so they are not English on a Dutch page. Kept short: every entry
# needs a reason. (The organisation's own name is allowed too; it comes from the register.)
SAME_IN_DUTCH = {
    "e-mail": "the Dutch word for e-mail is e-mail (Van Dale); 'e-mailadres' is one word and not affected",
    "cookie": "Dutch too (Van Dale), as in 'cookiebanner'; a lint message starts a sentence with it",
    "object": "Dutch too (het object); the synthetic people's Dutch free text uses it",
    "contract": "Dutch too (het contract, Van Dale); a lint message's example period says 'het einde van het contract'",
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # {org}, {day}: filled in by the code, not read as such
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")  # an e-mail address or a link on the page is data, not words
TOKEN = re.compile(r"[\w'’-]+")


def tokens(text: str) -> Iterator[str]:
    """The words of a text, lower-cased. Not words: anything with a digit in it (an id, a date), and a letter
    on its own (a list mark, or the (a) of "Art 6(1)(a)")."""
    for raw in TOKEN.findall(ADDRESS.sub(" ", PLACEHOLDER.sub(" ", text))):
        word = raw.strip("'’-_").lower()
        if len(word) > 1 and not any(c.isdigit() for c in word):
            yield word


def _strings(table: Any) -> Iterator[str]:
    """Every string in a word table, however it is nested (per tone, per form...)."""
    if isinstance(table, str):
        yield table
    elif isinstance(table, dict):
        for value in table.values():
            yield from _strings(value)
    elif isinstance(table, (list, tuple)):
        for value in table:
            yield from _strings(value)


def _words_of(texts: Iterable[str]) -> set[str]:
    return {word for text in texts for word in tokens(text)}


@cache
def dutch_table_words() -> frozenset[str]:
    """Every word of every table that is not the English one (the Dutch table, per tone if it has one)."""
    return frozenset(_words_of(s for lang, table in words.WORDS.items() if lang != "en" for s in _strings(table)))


@cache
def ui_english() -> frozenset[str]:
    """The English table's words that the Dutch tables never use."""
    return frozenset(_words_of(_strings(words.WORDS["en"])) - dutch_table_words())


def step_names() -> set[str]:
    """The names the library gives a request's steps: the string literal in each ``step(vault, unit, request,
    "<name>", by, ...)`` call in the rights package."""
    names: set[str] = set()
    for source in resources.files("waarborg.rights").iterdir():
        if not source.name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) == "step" and len(node.args) >= 4:
                name = node.args[3]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    names.add(name.value)
    return names


def _called(call: ast.Call) -> str:
    target = call.func
    return target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""


def request_actions() -> set[str]:
    """What a request can be made to do (fulfil, extend, refuse, close...): the public functions of fulfil."""
    return {
        name
        for name, function in inspect.getmembers(fulfil, inspect.isfunction)
        if function.__module__ == fulfil.__name__ and not name.startswith("_")
    }


def developer_words(register: Register) -> set[str]:
    """Raw keys a page must translate before showing them, less those that are Dutch words as well."""
    field_keys = {key for spec in register.activities.values() for key in spec.fields}
    raw = set(clock.KINDS) | set(requests.OPEN) | set(requests.CLOSED) | step_names() | request_actions()
    raw |= set(breaches.RISKS) | field_keys
    return {key.lower() for key in raw} - dutch_table_words() - _register_dutch(register)


def _register_dutch(register: Register) -> set[str]:
    """The words of the register's own Dutch labels (an option may be called "tips" in Dutch too)."""
    labels: list[str] = []
    for key, spec in register.activities.items():
        labels.append(tr(spec.label, "nl", key))
        labels += [tr(field.label, "nl", name) for name, field in spec.fields.items()]
        if spec.consent is not None:
            labels += [tr(option.label, "nl", name) for name, option in spec.consent.options.items()]
    return _words_of(labels)


def banned(register: Register) -> frozenset[str]:
    """English for a Dutch page: the UI's English and the developer's words, less the allowed ones."""
    allowed = set(SAME_IN_DUTCH) | set(tokens(register.organisation.name))
    return frozenset((ui_english() | developer_words(register)) - allowed)


def register_texts(register: Register) -> tuple[str, ...]:
    """The organisation's own sentences and names (two words or more) as the register has them in Dutch, or in
    one language only (a note on an inference): pages quote them, and they are the organisation's words, not
    the UI's. Where the register gives both languages only the Dutch is taken, so an English label on a Dutch
    page is still found. Longest first, so a sentence goes before a name inside it."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if len(value.split()) > 1:
                found.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for key, item in value.items():
                if not (key == "en" and "nl" in value):
                    walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(register.model_dump(mode="json"))
    return tuple(sorted(found, key=len, reverse=True))


def english_on(text: str, words_banned: frozenset[str], quoted: Iterable[str] = ()) -> list[str]:
    """The banned words in a page's visible text, each once in the order they appear, with where: "word (… the
    words around it …)". The ``quoted`` texts (the register's, see ``register_texts``) are left out first."""
    text = " ".join(text.split())
    for sentence in quoted:
        text = text.replace(sentence, " ")
    found: dict[str, str] = {}
    for match in TOKEN.finditer(ADDRESS.sub(" ", text)):
        word = next(tokens(match.group()), "")
        if word in words_banned and word not in found:
            around = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
            found[word] = f"{word} (… {around} …)"
    return list(found.values())
