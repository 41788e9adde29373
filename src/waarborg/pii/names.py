"""Person names by their shape in context: a title ('mevrouw', 'Dr.'), initials ('J.P.'), a tussenvoegsel
('van der'), a cue word or record label before them ('Bel', 'Dear', 'cliënt', 'Medewerker:') or a verb after
them ('belt', 'will'), or a place in a list after another name. The first-name and surname lists (from Faker's
person providers) add candidates that already look like a name: two capitalised words of which one is known, or
a known first name on its own (less confident). Ordinary Dutch and English words (wordfreq) and product names
are kept out where only a weak cue ('met', 'is') speaks for a name."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from waarborg.pii.identifiers import validated
from waarborg.pii.spans import Span
from waarborg.pii.wordlists import alternation, word_list

TITLE_WORDS = ("mevrouw", "mevr", "mw", "meneer", "mijnheer", "dhr", "de heer", "heer", "dr", "drs", "mr", "ir", "ing",
               "prof", "Mrs", "Mr", "Ms", "Miss", "Dr", "Prof", "Sir", "Mevrouw", "Mevr", "Mw", "Meneer", "Mijnheer",
               "Dhr", "De heer", "Drs", "Ir", "Ing")  # fmt: skip
TITLES = rf"(?:{alternation(TITLE_WORDS)})\.?"
TUSSEN_WORDS = ("van der", "van den", "van de", "van 't", "van", "de", "der", "den", "ter", "ten", "te", "in 't",
                "op de", "el", "al", "bin", "ibn", "da", "di", "du", "le", "la", "von", "zu")  # fmt: skip
TUSSEN = alternation(TUSSEN_WORDS)
CAP = r"[A-ZÀ-ÖØ-Þ](?:'[A-Z]|c[A-Z])?[a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?"
"""A capitalised word, double-barrelled ('Smit-Boersma'), Irish or Scottish ('O'Brien', 'McCarthy') too."""
SURNAME = rf"(?:{TUSSEN} )*{CAP}"
INITIALS = r"[A-Z]\.(?:[A-Z]\.){0,3}(?: ?[A-Z][a-z]?\.)?"
TITLED = re.compile(rf"{TITLES} (?:{TITLES} )*(?:{INITIALS} ?)?(?:{CAP} )?{SURNAME}")
INITIALED = re.compile(rf"{INITIALS} ?{SURNAME}")
TUSSEN_TAIL = re.compile(rf" {TUSSEN} (?:{TUSSEN} )*{CAP}")
"""' van der Vries': found from its space, which the engine looks for far faster than a capitalised word."""
HEAD = re.compile(rf"{CAP}(?: {CAP})?\Z")
"""The given name(s) before a tussenvoegsel: 'Jan', 'Anna Maria'."""
PAIR = re.compile(rf"{CAP} {CAP}\b")
"""Patterns start with a character class, not a word boundary, so the engine skips ahead quickly; ``_starts``
checks the boundary."""
WEAK_CUE_WORDS = frozenset(("met", "aan", "door", "voor", "with", "to", "by", "from", "contact", "ask", "tell", "via",
                            "omdat", "because", "bij"))  # fmt: skip
"""Cue words that come before many things besides a person ('Werken met Marketing'): after one of these, a
capitalised word is a name only when the name lists know it or it is no ordinary word."""
LABEL_WORDS = frozenset(("medewerker", "werknemer", "employee", "melder", "reporter", "contactpersoon", "belnotitie",
                         "call note", "file note", "ziekmelding", "cliënt", "client", "patiënt",
                         "patient"))  # fmt: skip
"""Labels and headings a name follows in a record ('Medewerker: Niamh', 'Call note: Wouter')."""
CUE_WORDS = WEAK_CUE_WORDS | LABEL_WORDS | frozenset((
    "bel", "belde", "mail", "mailde", "heet", "naam", "collega", "leerling", "cursist", "sollicitant", "kandidaat",
    "beste", "hallo", "hoi", "dag", "geachte", "groet", "groeten", "namens", "call", "called", "email", "named",
    "name", "colleague", "dear", "hi", "hello", "regards", "signed", "candidate", "applicant", "student",
))  # fmt: skip
"""Words after which a capitalised word is taken for a name."""
CUE = re.compile(rf"\b({alternation(CUE_WORDS)})\b[:,]?\s+")
"""A cue word, searched in the lower-cased text, before a capital in the original."""
CUED_NAME = re.compile(rf"{CAP}(?: {SURNAME})?\b")
GREETINGS = frozenset(("beste", "hallo", "hoi", "dag", "geachte", "dear", "hi", "hello", "cheers", "groet", "groeten",
                       "regards", *LABEL_WORDS))  # fmt: skip
"""Cue words after which a single capitalised word is a name even at the start of a sentence."""
AFTER = re.compile(r" \((?:geb|born|date of birth|dob)| (?:belt|mailt|neemt|schuift|komt|gaat|to call|to contact"
                   r"|will|joins|contacts|called)\b")  # fmt: skip
"""What follows a name: a birth date in brackets, or a verb ('Daan belt', 'Mr Kaya will')."""
WEAK_AFTER = re.compile(r" (?:is|was|heeft|had|has|belde|vertelde|zei|gaf|krijgt|kreeg|werkt|laat|regelt|wil|viert"
                        r"|kan|mag|moet|doet|meldt|meldde|said|says|asked|served|must|wants|gets|got|works|told"
                        r"|celebrates|did|does|can|may)\b")  # fmt: skip
"""Verbs that follow a name as often as anything else ('Sanne is', 'Marketing is'): after one of these a word
is a name when the lists know it or it is no ordinary word."""
BEFORE = re.compile(rf"{CAP}(?: {SURNAME})?\Z")
LISTED = re.compile(rf"(?:, | en | and )((?:{TITLES} )?(?:{INITIALS} ?)?{CAP}(?: {SURNAME})?)")
IS_TITLE = re.compile(TITLES, re.IGNORECASE)


def first_names() -> frozenset[str]:
    return word_list("first_names.txt")


def surnames() -> frozenset[str]:
    return word_list("surnames.txt")


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never a name on their own: sentence starters, days, months, places, labels,
    and the names of products and software (not_names.txt, then products.txt)."""
    return word_list("not_names.txt") | word_list("products.txt")


PLURALS = ("s", "en", "'s")
"""Plural endings: 'Teamleiders' is ordinary when 'teamleider' is."""


ORDINARY = 40_000
"""The most frequent Dutch and English words, each language: what counts as an ordinary word."""


@cache
def _ranked_words() -> tuple[list[str], list[str]]:
    """Dutch and English words, the most frequent first (wordfreq), read once for both uses below."""
    from wordfreq import top_n_list

    return top_n_list("nl", ORDINARY), top_n_list("en", ORDINARY)


@cache
def _ordinary_words() -> frozenset[str]:
    dutch, english = _ranked_words()
    return frozenset(dutch + english)


@cache
def _frequent_words() -> frozenset[str]:
    dutch, english = _ranked_words()
    return frozenset(dutch[:COMMON_AT_START] + english[:COMMON_AT_START])


def ordinary(word: str) -> bool:
    """Whether a capitalised word is an ordinary Dutch or English word ('Foutmelding', 'Marketing') that the name
    lists do not know: such a word is a name only where something more than a weak cue says so."""
    if word in first_names() or word in surnames():
        return False
    lower, common = word.lower(), _ordinary_words()
    return lower in common or any(lower.endswith(end) and lower[: -len(end)] in common for end in PLURALS)


def names(text: str) -> list[Span]:
    stop = not_names()
    found = _shaped(text, stop) + _paired(text, stop) + _cued(text, stop)
    found += _before_verbs(text, stop) + _lone_first_names(text, stop)
    found += _listed(text, found, stop)
    return [_trim(span, text, stop) for span in found if span.text.split()[-1] not in stop or span.text.count(" ") > 1]


def _shaped(text: str, stop: frozenset[str]) -> list[Span]:
    """Names whose own shape says so: a title, initials, or a tussenvoegsel between capitalised words."""
    found = [
        Span(m.start(), m.end(), "NAME", m.group(), 0.95, "name:title")
        for m in validated(TITLED, text, lambda m: _starts(text, m.start()))
    ]  # 'meeting Mr': not 'ing Mr'
    found += [
        Span(m.start(), m.end(), "NAME", m.group(), 0.9, "name:initials")
        for m in validated(INITIALED, text, lambda m: _starts(text, m.start()) and not _sentence_end(text, m))
    ]
    for tail in TUSSEN_TAIL.finditer(text):
        head = _ending_at(HEAD, text, tail.start())
        if head is not None:
            found.append(Span(head.start(), tail.end(), "NAME", text[head.start() : tail.end()], 0.85,
                              "name:tussenvoegsel"))  # fmt: skip
    return found


def _sentence_end(text: str, m: re.Match[str]) -> bool:
    """'Vitamine D. Daarnaast', 'groep B. Daarna': one capital and a full stop that end a sentence, then an
    ordinary word that starts the next. The word is ordinary enough when the capital follows a capitalised word
    or it is a frequent word; 'met M. Sharma' is a name, and 'J. Bakker', whose surname the list knows."""
    initials, _, rest = m.group().partition(" ")
    if len(initials) != 2 or " " in rest or not ordinary(rest):
        return False
    previous = text[max(0, m.start() - 30) : m.start()].split()
    return not previous or not previous[-1][:1].islower() or rest.lower() in _frequent_words()


def _ending_at(pattern: re.Pattern[str], text: str, end: int, reach: int = 60) -> re.Match[str] | None:
    """The match of a pattern anchored with \\Z that ends at ``end`` and starts a word, searched in a window."""
    m = pattern.search(text, max(0, end - reach), end)
    while m is not None and not _starts(text, m.start()):  # the window cut a word: try from the next one
        m = pattern.search(text, m.start() + 1, end)
    return m


def _starts(text: str, at: int) -> bool:
    """Whether a name may start here: not inside a word, nor right after an initial's full stop."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "._'/\\")


def _before_verbs(text: str, stop: frozenset[str]) -> list[Span]:
    found = []
    for verbs, weak in ((AFTER, False), (WEAK_AFTER, True)):
        for verb in verbs.finditer(text):
            at = verb.start()
            if not text[max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1 :][:1].isupper():
                continue  # the word before the verb is no capitalised word: nothing to look back for
            m = _ending_at(BEFORE, text, at)
            words = m.group().split() if m is not None else []
            if m is None or words[0] in stop:
                continue
            opening = text[max(0, m.start() - 1) : m.start()] in ("", "\n")  # 'Marketing gaat' opens a line
            if (opening or weak) and not _known_or_unusual(words):
                continue
            found.append(Span(m.start(), m.end(), "NAME", m.group(), 0.75, "name:before-verb"))
    return found


LONE = re.compile(rf"{CAP}(?![\w-]| [A-ZÀ-ÖØ-Þ])")
"""A capitalised word alone: not glued to another word, nor followed by another capitalised one (pairs are
``_paired``'s)."""
CAPITALISED = re.compile(CAP)
COMMON_AT_START = 8_000
"""At the start of a sentence a known first name that is also one of this many most frequent words ('Will',
'Mark', 'Rose') is taken for the word."""


def _lone_first_names(text: str, stop: frozenset[str]) -> list[Span]:
    """A known first name on its own ('Sanne is de beslisser', 'contact via Ilse'): mid-sentence always, at the
    start of a sentence unless it is also a frequent word. Less confident than a name with a surname."""
    known = first_names()
    if known.isdisjoint(CAPITALISED.findall(text)):  # most texts: a quick no before a slower look at each word
        return []
    found = []
    for m in LONE.finditer(text):
        word = m.group()
        if word not in known or word in stop or not _starts(text, m.start()):
            continue
        if not _mid_sentence(text, m.start()) and word.lower() in _frequent_words():
            continue
        found.append(Span(m.start(), m.end(), "NAME", word, 0.65, "name:first-name-alone"))
    return found


def _paired(text: str, stop: frozenset[str]) -> list[Span]:
    """Two capitalised words, the first a known first name or the last a known surname. A pair that is none
    ('Dochter Thijs') is retried from its next word ('Thijs Haddou')."""
    known = first_names()
    return [Span(m.start(), m.end(), "NAME", m.group(), 0.8 if m.group().split()[0] in known else 0.7,
                 "name:first-name" if m.group().split()[0] in known else "name:surname")
            for m in validated(PAIR, text, lambda m: _known_pair(text, m, stop))]  # fmt: skip


def _known_pair(text: str, m: re.Match[str], stop: frozenset[str]) -> bool:
    if not _starts(text, m.start()):
        return False
    first, _, rest = m.group().partition(" ")
    last = rest.split("-")[0]
    if first in stop or last in stop:
        return False
    return first in first_names() or (last in surnames() and not _in_title(text, m))


def _in_title(text: str, pair: re.Match[str]) -> bool:
    """Whether a pair of capitalised words goes on with a third ('Lean Six Sigma Green Belt'): a title in title
    case, not a person, unless its first word is a known first name."""
    after = text[pair.end() : pair.end() + 2]
    return len(after) == 2 and after[0] == " " and after[1].isupper()


def _cued(text: str, stop: frozenset[str]) -> list[Span]:
    """A capitalised word after a cue word ('Bel Sanne', 'Dear Mr'), found in the lower-cased text."""
    lower = text.lower()
    if len(lower) != len(text):  # a few letters change length when lower-cased; offsets must hold
        return []
    known = first_names()
    found = []
    for cue in CUE.finditer(lower):
        m = CUED_NAME.match(text, cue.end())
        if m is None:
            continue
        words = m.group().split()
        alone = len(words) == 1 and words[0] not in known
        if words[0] in stop or (alone and cue.group(1) not in GREETINGS and not _mid_sentence(text, m.start())):
            continue
        if alone and IS_TITLE.fullmatch(words[0]):  # 'Dear Sir or Madam'
            continue
        if cue.group(1) in WEAK_CUE_WORDS and not _known_or_unusual(words):
            continue
        found.append(Span(m.start(), m.end(), "NAME", m.group(), 0.7 if len(words) == 1 else 0.8,
                          f"name:cue:{cue.group(1)}"))  # fmt: skip
    return found


def _known_or_unusual(words: list[str]) -> bool:
    """After a weak cue: a known first name or surname, or a word that is no ordinary word."""
    return words[0] in first_names() or words[-1] in surnames() or not all(map(ordinary, words))


def _listed(text: str, found: list[Span], stop: frozenset[str]) -> list[Span]:
    """Names that follow a found name in a list: 'Sanne Vermeulen, Daan en mevrouw Kaya'."""
    more: list[Span] = []
    for end in sorted({span.end for span in found}):
        at = end
        while (m := LISTED.match(text, at)) is not None and m.group(1).split()[0] not in stop:
            more.append(Span(m.start(1), m.end(1), "NAME", m.group(1), 0.7, "name:listed"))
            at = m.end()
    return more


def _mid_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 80) : at].rstrip()
    return bool(before) and before[-1] not in ".!?:\n"


def _trim(span: Span, text: str, stop: frozenset[str]) -> Span:
    """A name never starts with a word that is not part of it ('De', 'Met')."""
    words = span.text.split(" ")
    while len(words) > 1 and (words[0] in stop or words[0].lower() in CUE_WORDS) and not IS_TITLE.fullmatch(words[0]):
        start = span.start + len(words[0]) + 1
        words = words[1:]
        span = replace(span, start=start, text=text[start : span.end])
    return span
