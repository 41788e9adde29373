"""Detectors for identifiers with a format or a check: each finds candidates with a regular expression, then
lets a kept library validate them (python-stdnum for BSN, IBAN, postcode and ID-card number; phonenumbers with
regions NL and BE; the standard library's ipaddress; ``mrz`` for MRZ check digits).

Most patterns start with a character class, not a word boundary or look-behind: Python's engine then skips
ahead to a possible first character, which makes a pass up to twice as fast; ``_free`` checks the neighbours."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import identiteitskaartnummer, postcode

from waarborg.pii.spans import Span
from waarborg.pii.wordlists import alternation

PHONE_RUN = re.compile(r"(?:\+\d{2,3}[ .-]?(?:\(0\))?|\(0\d{1,3}\)[ ]?|0)\d[\d .-]{6,14}\d")
EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
EMAIL_LOCAL = re.compile(r"\b[\w.+-]+\Z")
"""An e-mail address found from its '@' outwards: the engine finds an '@' at once, where a pattern that starts
with the local part would try every word."""
URL = re.compile(r"\bhttps?://[^\s<>\"')]+")
URL_IDENTIFYING = re.compile(
    r"[?&](?:id|uid|user|userid|email|mail|token|klant|client|bsn|name|naam)=|/\d{5,}|@"
    r"|/(?:mensen|medewerkers?|personen|persoon|people|persons?|users?|gebruikers?|profiel|profiles?|contacts?"
    r"|contactpersonen|klanten|customers?|members?|leden|employees?|students?|cursisten|deelnemers|patients?"
    r"|patienten|patiënten|clienten|cliënten|clients)/[^/?#\s]",
    re.IGNORECASE,
)
"""What makes a link identify a person: an id, e-mail or name parameter, a long number, an '@', or a page under
a path for people ('/mensen/eva.evans', '/contacts/7153')."""
IBAN = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
NINE = re.compile(r"\d{3}(?:[ .]?\d{3}[ .]?\d{3}|\d[ .]\d{2}[ .]\d{3})\b")
KVK_WORDS = ("kvk", "kvknummer", "k.v.k", "kamer van koophandel", "handelsregister", "chamber of commerce", "coc",
             "trade register", "company registration", "inschrijvingsnummer", "ingeschreven onder")  # fmt: skip
"""Words that make an eight-digit number a Chamber of Commerce number when they come before it in a sentence."""
EIGHT = re.compile(r"\b\d{8}\b")
POSTCODE = re.compile(r"[1-9]\d{3} ?[A-Z]{2}\b")
STREET_WORDS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "steeg", "pad", "dreef",
                "park", "markt", "baan", "veld", "erf", "ring", "wal")  # fmt: skip
STREET_WORDS_EN = ("Street", "Road", "Avenue", "Lane", "Drive", "Close", "Way", "Square")
STREET_SUFFIX = alternation(STREET_WORDS)
STREET_ENDS = (*STREET_WORDS, *STREET_WORDS_EN)
SPACE_DIGIT = re.compile(r" \d")
STREET = re.compile(
    rf"\b(?:[A-Z][a-zà-ÿ]+(?:[- ][A-Za-zà-ÿ]+){{0,3}}?{STREET_SUFFIX}|[A-Z][a-z]+ (?:{alternation(STREET_WORDS_EN)}))"
    r" \d{1,5}(?: ?[a-zA-Z]\b|-\d{1,3}\b| ?(?:hs|bis)\b)?"
)
IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
IPV6_HINT = re.compile(r":[0-9a-fA-F]{0,4}:")
IP_HINT = re.compile(rf"\d\.\d{{1,3}}\.\d|{IPV6_HINT.pattern}")
"""Digits with dots, or two colons close together: without either there is no IP address to look for."""
IPV6_RUN = re.compile(r"(?<![0-9A-Za-z.%])[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[0-9A-Za-z_.-]+)?")
"""A run of hex digits, colons and dots with at least two colons, and a zone ('%eth0'): every textual form of an
IPv6 address (RFC 5952 compressed, full, upper case, IPv4-mapped), each checked by ``ipaddress``. Brackets and
a port around it ('[2001:db8::1]:443') are not part of the run."""
MRZ_LINE = re.compile(r"^[A-Z0-9<]{30,44}$", re.MULTILINE)
ID_CARD = re.compile(r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d\b")
PLATE_RUN = re.compile(r"\b[A-Z\d]{1,3}-[A-Z\d]{1,3}-[A-Z\d]{1,3}\b")
SIDECODES = re.compile(
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}"
    r"|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}"
    r"|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
)
"""The Dutch licence-plate side codes 1 to 14."""
MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|mrt|march|mar|apr(?:il)?|mei|may|jun[ie]?|jul[iy]?"
          r"|aug(?:ustus|ust)?|sept?(?:ember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")  # fmt: skip
DATE = re.compile(rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:(?:19|20)\d{{2}}|\d{{2}})|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
                  rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTHS})\.? (?:19|20)\d{{2}}"
                  rf"|(?:{MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}})\b", re.IGNORECASE)  # fmt: skip
BIRTH_WORDS = ("geboren", "geboorte", "geboortedatum", "geb.", "geb:", "born", "birth", "birthdate", "birthday", "dob",
               "d.o.b", "°")  # fmt: skip
"""Words that make a date a birth date when they come before it in the same sentence ('geboren in Gouda op')."""


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _free(text: str, start: int, end: int, before: str = "", after: str = "") -> bool:
    """Whether a match is not glued to a letter or digit, or to one of the extra characters, on either side."""
    left = text[start - 1] if start else " "
    right = text[end] if end < len(text) else " "
    return not (left.isalnum() or left in before or right.isalnum() or right in after)


def _dotted_alone(text: str, start: int, end: int) -> bool:
    """Four dotted numbers that are not part of a longer dotted number ('1.2.3.4.5'); a full stop may follow."""
    left, right, beyond = text[start - 1 : start], text[end : end + 1], text[end + 1 : end + 2]
    return not (left.isalnum() or left == "." or right.isalnum() or (right == "." and beyond.isdigit()))


def validated(pattern: re.Pattern[str], text: str, valid: Callable[[re.Match[str]], bool]) -> Iterator[re.Match[str]]:
    """The matches that pass ``valid``. After a match that fails, the search goes on from the character after
    its start, not after its end: the run that failed may hold a candidate that passes ('2001:db8:85a3' fails,
    the '2001:db8:85a3::8a2e:370:7334' it starts must still be tried; so must a phone number after a digit
    run that is none)."""
    at: int | None = 0
    while at is not None:
        resume, at = at, None
        for m in pattern.finditer(text, resume):
            if valid(m):
                yield m
            else:
                at = m.start() + 1
                break


def emails(text: str) -> list[Span]:
    found: list[Span] = []
    for domain in EMAIL_DOMAIN.finditer(text):
        local = EMAIL_LOCAL.search(text, max(0, domain.start() - 64), domain.start())
        if local is not None and (not found or local.start() >= found[-1].end):
            start, end = local.start(), domain.end()
            found.append(Span(start, end, "EMAIL", text[start:end], 0.99, "email:shape"))
    return found


def urls(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "URL", m.group(), 0.9, "url:identifying-part")
            for m in validated(URL, text, lambda m: URL_IDENTIFYING.search(m.group()) is not None)]  # fmt: skip


def phones(text: str) -> list[Span]:
    """Phone-shaped digit runs (a leading 0, +, or area code in brackets) that phonenumbers parses as a possible
    number for NL, then BE. Possible, not valid: a number not handed out yet is still someone's number as far as
    a reader knows. (Its matcher, which tries every substring, costs five times as much for the same result.)"""
    regions: dict[int, str] = {}

    def possible(m: re.Match[str]) -> bool:
        region = _phone_region(text, m)
        if region is not None:
            regions[m.start()] = region
        return region is not None

    return [Span(m.start(), m.end(), "PHONE", m.group(), 0.95, f"phone:{regions[m.start()]}")
            for m in validated(PHONE_RUN, text, possible)]  # fmt: skip


def _phone_region(text: str, m: re.Match[str]) -> str | None:
    """The region (NL, then BE) in which a candidate is a possible phone number, or None."""
    raw = m.group()
    if not (_free(text, m.start(), m.end(), before="+_", after="_-") and 9 <= len(digits(raw)) <= 13):
        return None
    for region in ("NL", "BE"):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_possible_number(number):
            return region.lower()
    return None


def ibans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "IBAN", m.group(), 0.99, "iban:mod-97")
            for m in validated(IBAN, text, lambda m: _free(text, m.start(), m.end())
                               and stdnum_iban.is_valid(m.group()))]  # fmt: skip


def bsns(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "BSN", m.group(), 0.95, "bsn:11-check")
            for m in validated(NINE, text, lambda m: _free(text, m.start(), m.end(), before=".-", after="-")
                               and stdnum_bsn.is_valid(digits(m.group())))]  # fmt: skip


def _whole_words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){alternation(words)}(?![a-z])")


KVK_CONTEXT, BIRTH_CONTEXT = _whole_words(KVK_WORDS), _whole_words(BIRTH_WORDS)
"""The words as whole words: 'coc' in 'cocktail' or 'dob' in 'dobbelsteen' is no context."""


def _after_word(lower: str, at: int, context: re.Pattern[str], reach: int = 50) -> bool:
    """Whether a context word comes before ``at`` in the same sentence, at most ``reach`` characters back."""
    before = lower[max(0, at - reach) : at]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    return context.search(before, cut + 1) is not None


def kvks(text: str) -> list[Span]:
    lower = text.lower()
    return [Span(m.start(), m.end(), "KVK", m.group(), 0.9, "kvk:context-word")
            for m in validated(EIGHT, text, lambda m: _free(text, m.start(), m.end(), before="-+/.", after="-/")
                               and _after_word(lower, m.start(), KVK_CONTEXT))]  # fmt: skip


def postcodes(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "POSTCODE", m.group(), 0.9, "postcode:shape")
            for m in validated(POSTCODE, text, lambda m: _free(text, m.start(), m.end())
                               and postcode.is_valid(m.group()) and m.group()[-2:] not in ("SA", "SD", "SS"))
            ]  # fmt: skip


def addresses(text: str) -> list[Span]:
    """Street names end in a known word ('straat', 'Road') followed by a number: find a number after such a word
    first, then the whole address in a window around it."""
    found: dict[int, Span] = {}
    for number in SPACE_DIGIT.finditer(text):
        at = number.start()
        if not text.endswith(STREET_ENDS, max(0, at - 8), at):
            continue
        m = STREET.search(text, max(0, at - 60), min(len(text), at + 14))
        while m is not None and m.end() <= at:
            m = STREET.search(text, m.end(), min(len(text), at + 14))
        if m is not None and m.start() < at:
            m = _from_last_lowercase(text, m, at)
            found[m.start()] = Span(m.start(), m.end(), "ADDRESS", m.group(), 0.85, "address:street-and-number")
    return list(found.values())


STREET_LINKS = frozenset(("de", "van", "der", "den", "het", "'t", "op", "aan", "in", "bij", "ter", "ten", "te"))
"""Lower-case words a street name may hold ('Burgemeester de Withstraat'); any other starts the sentence's text,
not the street ('Groot Office address Havenkade 187a' is 'Havenkade 187a')."""


def _from_last_lowercase(text: str, m: re.Match[str], at: int) -> re.Match[str]:
    words = text[m.start() : at].split(" ")
    cut = max((i for i, word in enumerate(words) if word[:1].islower() and word not in STREET_LINKS), default=-1)
    if cut < 0:
        return m
    start = m.start() + sum(len(word) + 1 for word in words[: cut + 1])
    return STREET.match(text, start, m.end()) or m


def ips(text: str) -> list[Span]:
    """IPv6 addresses in every textual form, then IPv4 addresses not inside one ('::ffff:192.0.2.128' is one
    address). Loopback and unspecified addresses are this machine or any machine: no one's address."""
    found = [Span(start, end, "IP", text[start:end], 0.95, "ip:ipv6") for start, end in _ipv6s(text)]
    inside = {i for span in found for i in range(span.start, span.end)}
    for m in validated(IPV4, text, lambda m: _dotted_alone(text, m.start(), m.end())
                       and m.start() not in inside and _someones(m.group(), ipaddress.IPv4Address)):  # fmt: skip
        found.append(Span(m.start(), m.end(), "IP", m.group(), 0.95, "ip:ipv4"))
    return found


def _ipv6s(text: str) -> list[tuple[int, int]]:
    if IPV6_HINT.search(text) is None:
        return []
    found = []
    for m in IPV6_RUN.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in ".:" and text[end - 2 : end] != "::":  # a full stop, a label's colon
            end -= 1
        while text.count(":", start, end) >= 2:  # 'ip:2001:db8::1': a word glued on with a colon
            if _ipv6_shaped(text[start:end]) and _someones(text[start:end], ipaddress.IPv6Address):
                found.append((start, end))
                break
            start = text.index(":", start) + 1
    return found


def _ipv6_shaped(candidate: str) -> bool:
    """'::' or all eight groups (seven colons; six with an IPv4 tail): '12:30:45' need not be parsed."""
    colons = candidate.count(":")
    return "::" in candidate or colons == 7 or (colons == 6 and "." in candidate)


def _someones(candidate: str, kind: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> bool:
    try:
        address = kind(candidate)
    except ValueError:
        return False
    return not (address.is_loopback or address.is_unspecified)


TD3_CHECKS = ((1, 0, 9, 9), (1, 13, 19, 19), (1, 21, 27, 27))
TD1_CHECKS = ((0, 5, 14, 14), (1, 0, 6, 6), (1, 8, 14, 14))
"""(line, start, end, check digit) of the document number, birth date and expiry date, per ICAO 9303."""


def _mrz_valid(lines: list[str]) -> bool:
    """Whether every check digit of a passport (TD3, two lines of 44) or ID card (TD1, three of 30) holds,
    the composite one included. The digits are computed by ``mrz``; which characters they cover is ICAO 9303."""
    from mrz.base.functions import hash_is_ok

    first, second = lines[0], lines[1]
    if len(lines) == 2:
        checks, composite, final = TD3_CHECKS, second[0:10] + second[13:20] + second[21:43], second[43]
    else:
        checks, composite, final = TD1_CHECKS, first[5:30] + second[0:7] + second[8:15] + second[18:29], second[29]
    try:
        return all(hash_is_ok(lines[n][a:b], lines[n][c]) for n, a, b, c in checks) and hash_is_ok(composite, final)
    except ValueError:  # a character outside A-Z, 0-9 and '<'
        return False


def mrzs(text: str) -> list[Span]:
    """Machine-readable zones: two (passport, TD3) or three (ID card, TD1) lines whose check digits hold."""
    lines = list(MRZ_LINE.finditer(text))
    found = []
    for i, first in enumerate(lines):
        for size, width in ((3, 30), (2, 44)):
            group = lines[i : i + size]
            if (
                len(group) == size
                and all(len(m.group()) == width for m in group)
                and _mrz_valid([m.group() for m in group])
            ):
                lines_text, rule = "\n".join(m.group() for m in group), "mrz:td1" if size == 3 else "mrz:td3"
                found.append(Span(first.start(), group[-1].end(), "MRZ", lines_text, 0.99, rule))
    return found


def id_numbers(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "ID_NUMBER", m.group(), 0.9, "id-number:document-shape")
            for m in validated(ID_CARD, text, lambda m: _free(text, m.start(), m.end())
                               and identiteitskaartnummer.is_valid(m.group())
                               and any(c.isdigit() for c in m.group()[2:8]))]  # fmt: skip


def plates(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "LICENCE_PLATE", m.group(), 0.85, "plate:side-code")
            for m in validated(PLATE_RUN, text, lambda m: SIDECODES.fullmatch(m.group()) is not None)]  # fmt: skip


def births(text: str) -> list[Span]:
    """Dates shortly after a birth word in the same sentence: looked for only there, not in the whole text."""
    lower = text.lower()
    found: dict[int, Span] = {}
    for context in BIRTH_CONTEXT.finditer(lower):
        for m in DATE.finditer(text, context.end(), min(len(text), context.start() + 120)):
            if _after_word(lower, m.start(), BIRTH_CONTEXT):
                found[m.start()] = Span(m.start(), m.end(), "DATE_OF_BIRTH", m.group(), 0.9, "birth-date:context-word")
    return list(found.values())
