"""The special categories of personal data (Art 9 and 10 AVG) in free text: health, religion or belief,
political opinion, trade-union membership, sexual orientation, ethnic origin, biometric and genetic data, and
criminal records.

Each kind is a word list in this package (``health.txt``, ...; the syntax is in ``README.txt``). All entries of
all lists are searched in one pass over the lower-cased text, by a prefix-factored alternation of their fixed
parts; each candidate is then checked against its entry's rule (a whole word, the start or end of a compound,
a body part before a complaint word, a cue word in the sentence). A candidate that fails is not skipped past:
the search goes on from its next character, so a failed 'pijn' in 'pijnpunt' cannot hide a later match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from waarborg.pii.spans import Span
from waarborg.pii.wordlists import alternation

SPECIAL_KINDS = {"health": "HEALTH", "religion": "RELIGION", "politics": "POLITICS", "union": "UNION",
                 "sexuality": "SEXUALITY", "ethnicity": "ETHNICITY", "biometric": "BIOMETRIC", "genetic": "GENETIC",
                 "criminal": "CRIMINAL"}  # fmt: skip
"""Each list file and the kind it finds."""
INFLECTIONS = frozenset(("", "e", "en", "s", "es", "n", "'s", "je", "tje", "jes", "tjes", "er", "ers", "ere", "ste"))
HOLDERS = {"body": "body.txt", "origin": "origins.txt"}
"""The word sets an entry names in angle brackets ('<body>klachten')."""
SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True)
class Entry:
    kind: str
    mode: str  # word, stem, head, part or holder
    text: str  # the entry as written in its list, for the rule's name
    holder: str = ""  # for mode 'holder': which word set must come before
    cued: bool = False

    @property
    def rule(self) -> str:
        return f"{self.kind.lower()}:{self.text}"


@dataclass(frozen=True)
class Lists:
    pattern: re.Pattern[str]
    entries: dict[str, tuple[Entry, ...]]  # the fixed part of an entry -> the entries with that part
    exceptions: dict[str, tuple[str, ...]]  # kind -> words that hold an entry and are not of the kind
    cues: dict[str, re.Pattern[str]]  # kind -> its cue words
    holders: dict[str, frozenset[str]]


def _lines(name: str) -> list[str]:
    text = resources.files("waarborg.pii.special").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _entry(kind: str, line: str) -> tuple[str, Entry]:
    cued = line.startswith("?")
    text = line.removeprefix("?")
    if text.startswith("<"):
        holder, _, core = text[1:].partition(">")
        return core, Entry(kind, "holder", line, holder, cued)
    starred = (text.startswith("*"), text.endswith("*"))
    mode = {(False, False): "word", (False, True): "stem", (True, False): "head", (True, True): "part"}[starred]
    return text.strip("*"), Entry(kind, mode, line, "", cued)


@cache
def lists() -> Lists:
    entries: dict[str, list[Entry]] = {}
    exceptions: dict[str, list[str]] = {}
    cues: dict[str, re.Pattern[str]] = {}
    for name, kind in SPECIAL_KINDS.items():
        words = []
        for line in _lines(f"{name}.txt"):
            if line.startswith("!"):
                exceptions.setdefault(kind, []).append(line[1:].rstrip("*"))
            elif line.startswith("+"):
                words.append(line[1:])
            else:
                core, entry = _entry(kind, line)
                entries.setdefault(core, []).append(entry)
        if words:
            cues[kind] = re.compile(rf"(?<![\w-])(?:{alternation(tuple(words))})(?![\w-])")
    holders = {name: frozenset(_lines(file)) for name, file in HOLDERS.items()}
    pattern = re.compile(alternation(tuple(entries)))
    return Lists(pattern, {core: tuple(found) for core, found in entries.items()},
                 {kind: tuple(words) for kind, words in exceptions.items()}, cues, holders)  # fmt: skip


def _word_bounds(lower: str, start: int, end: int) -> tuple[int, int]:
    """The whole word around a match, hyphenated compounds included ('adhd-medicatie', 'covid-19')."""
    while start > 0 and (lower[start - 1].isalnum() or (lower[start - 1] in "-'" and start > 1
                                                         and lower[start - 2].isalnum())):  # fmt: skip
        start -= 1
    size = len(lower)
    while end < size and (lower[end].isalnum() or (lower[end] in "-'" and end + 1 < size and lower[end + 1].isalnum())):
        end += 1
    return start, end


def _starts_word(lower: str, at: int) -> bool:
    return at == 0 or not lower[at - 1].isalnum()


def _ends_word(lower: str, at: int) -> bool:
    return at == len(lower) or not lower[at].isalnum()


def _holder_before(lower: str, at: int, word_start: int, words: frozenset[str]) -> bool:
    """A word of the set joined to the match ('rug|klachten', 'nek-|klachten', 'zwangerschaps|...') or the word
    just before it ('psychische klachten', 'back pain')."""
    if at > word_start:
        joined = lower[word_start:at].rstrip("-")
        return joined in words or (joined.endswith("s") and joined[:-1] in words)
    before = lower[max(0, at - 40) : at]
    if not before.endswith(" "):
        return False
    previous = before.rstrip().rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    return previous in words


def _cue_in_sentence(lower: str, start: int, end: int, cue: re.Pattern[str]) -> bool:
    left = lower[max(0, start - 80) : start]
    cut = max((m.end() for m in SENTENCE_END.finditer(left)), default=0)
    right = lower[end : end + 80]
    stop = SENTENCE_END.search(right)
    return bool(cue.search(left, cut)) or bool(cue.search(right, 0, stop.start() if stop else len(right)))


def _excepted(lower: str, word_start: int, core: int, kind: str, found: Lists) -> bool:
    """Whether the word starts with an exception longer than the entry's fixed part: '!ziekenhuis' keeps 'ziek*'
    from 'ziekenhuisparkeren', but not the longer entry 'ziekenhuisopname' from its own word."""
    return any(len(word) > core and lower.startswith(word, word_start) for word in found.exceptions.get(kind, ()))


def _fits(entry: Entry, lower: str, start: int, end: int, found: Lists) -> tuple[int, int] | None:
    """Where the entry's span lies when the candidate fits the entry's rule, else None."""
    word_start, word_end = _word_bounds(lower, start, end)
    if entry.mode in ("word", "stem") and not _starts_word(lower, start):
        return None
    if entry.mode == "word" and (lower[end:word_end].split("-")[0] not in INFLECTIONS):
        return None
    if entry.mode == "head" and not _ends_word(lower, end):
        return None
    if entry.mode == "holder":
        if lower[end:word_end] not in INFLECTIONS or not _holder_before(
            lower, start, word_start, found.holders[entry.holder]
        ):
            return None
        if start == word_start:  # the holder is the word before: the span covers both
            word_start = lower.rfind(" ", 0, start - 1) + 1
    if _excepted(lower, word_start, end - start, entry.kind, found):
        return None
    if entry.cued and not _cue_in_sentence(lower, word_start, word_end, found.cues[entry.kind]):
        return None
    return word_start, word_end


def _first_fit(lower: str, start: int, matched: str, found: Lists) -> tuple[Entry, tuple[int, int]] | None:
    """The first entry that fits, the longest fixed part first, then the shorter ones that start here too."""
    for size in range(len(matched), 0, -1):
        for entry in found.entries.get(matched[:size], ()):
            where = _fits(entry, lower, start, start + size, found)
            if where is not None:
                return entry, where
    return None


def special(text: str) -> list[Span]:
    """Every special-category term in the text, each the whole word or phrase, with the entry that found it."""
    found = lists()
    lower = text.lower()
    if len(lower) != len(text):  # a few letters change length when lower-cased; offsets must hold
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spans: list[Span] = []
    at = 0
    while (m := found.pattern.search(lower, at)) is not None:
        fit = _first_fit(lower, m.start(), m.group(), found)
        if fit is None:
            at = m.start() + 1  # retry from the next character: a failed candidate hides nothing
            continue
        entry, (start, end) = fit
        confidence = 0.75 if entry.cued else (0.85 if entry.mode == "word" else 0.8)
        spans.append(Span(start, end, entry.kind, text[start:end], confidence, entry.rule))
        at = end
    return _joined(spans, lower, text)


GENETIC_LINK = re.compile(r" (?:voor|op|tot|for|to) (?:(?:een|a|an|the|de|het) )?(?:[a-z]+ )?")
"""What joins a genetic finding to the condition it concerns: 'erfelijke aanleg voor darmkanker', 'hereditary
predisposition to breast cancer' (a word before the condition's own is part of it)."""


def _joined(spans: list[Span], lower: str, text: str) -> list[Span]:
    """A condition named as what a genetic finding concerns is part of the genetic span, not health data of
    its own: 'erfelijke aanleg voor darmkanker' is one span of genetic data."""
    joined: list[Span] = []
    for span in spans:
        before = joined[-1] if joined else None
        if (before is not None and before.kind == "GENETIC" and span.kind == "HEALTH"
                and GENETIC_LINK.fullmatch(lower, before.end, span.start)):  # fmt: skip
            joined[-1] = replace(before, end=span.end, text=text[before.start : span.end])
        else:
            joined.append(span)
    return joined
