"""Detectors for personal data in free text. Each returns spans; overlaps are resolved by priority, then
length. Validation uses the kept libraries: python-stdnum (BSN, IBAN, postcode, ID-card number),
phonenumbers (regions NL and BE), the standard library's ipaddress, and ``mrz`` for MRZ lines."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import identiteitskaartnummer, postcode

KINDS = ("EMAIL", "PHONE", "IBAN", "BSN", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "IP", "URL", "ID_NUMBER", "MRZ",
         "LICENCE_PLATE", "KVK", "NAME", "HEALTH")  # fmt: skip
PRIORITY = {kind: i for i, kind in enumerate(("MRZ", "EMAIL", "URL", "IBAN", "BSN", "ID_NUMBER", "KVK", "PHONE",
                                             "IP", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "LICENCE_PLATE", "NAME",
                                             "HEALTH"))}  # fmt: skip
VALIDATED = ("EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "IP", "ID_NUMBER", "MRZ", "LICENCE_PLATE", "KVK")
"""Kinds with a format or check digit: what the recall target of 0.99 is about."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    text: str
    confidence: float

    @property
    def special(self) -> bool:
        """Art 9 data (health), which must never reach an AI tool."""
        return self.kind == "HEALTH"

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.kind, "text": self.text,
                "confidence": self.confidence, "special": self.special}  # fmt: skip


EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
URL = re.compile(r"\bhttps?://[^\s<>\"')]+")
URL_IDENTIFYING = re.compile(r"[?&](?:id|uid|user|userid|email|mail|token|klant|client|bsn|name|naam)=|/\d{5,}|@",
                             re.IGNORECASE)  # fmt: skip
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
NINE = re.compile(r"(?<![\d.-])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\d-])|(?<![\d.-])\d{4}[ .]\d{2}[ .]\d{3}(?![\d-])")
KVK = re.compile(r"\b(?:KvK|K\.v\.K\.|Kamer van Koophandel|kvk|chamber of commerce)(?:[- ]?(?:nummer|number|nr\.?))?"
                 r"[:\s]*(\d{8})\b", re.IGNORECASE)  # fmt: skip
POSTCODE = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}\b")
STREET = re.compile(
    r"\b(?:[A-Z][a-zà-ÿ]+(?:[- ][A-Za-zà-ÿ]+){0,3}?(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|dreef"
    r"|park|markt|baan|veld|straatweg|erf|ring|wal)|[A-Z][a-z]+ (?:Street|Road|Avenue|Lane|Drive|Close|Way|Square))"
    r" \d{1,5}(?: ?[a-zA-Z]\b|-\d{1,3}\b| ?(?:hs|bis)\b)?"
)
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(
    r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b|\b(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4})?\b"
)
MRZ_LINE = re.compile(r"^[A-Z0-9<]{30,44}$", re.MULTILINE)
ID_CARD = re.compile(r"\b[A-NP-Z]{2}[A-NP-Z0-9]{6}\d\b")
PLATE = re.compile(
    r"\b(?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}"
    r"|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}"
    r"|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d)\b"
)
MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mar|apr(?:il)?|mei|may|jun[ie]?|jul[iy]?"
          r"|aug(?:ustus|ust)?|sep(?:tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")  # fmt: skip
DATE = re.compile(rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
                  rf"|\d{{1,2}} (?:{MONTHS}) (?:19|20)\d{{2}})\b", re.IGNORECASE)  # fmt: skip
BIRTH = re.compile(r"(?:geboren|geboortedatum|geb\.|born|date of birth|birth date|dob|d\.o\.b\.)\W{0,3}(?:op|on)?\s*$",
                   re.IGNORECASE)  # fmt: skip
HEALTH = re.compile(
    r"\b(?:diagnose|diagnosis|depressie|depression|depressief|depressed|angststoornis|anxiety disorder|adhd|add|autisme"
    r"|autism|burn-?out|diabetes|kanker|cancer|chemo(?:therapie|therapy)?|zwanger(?:schap)?|pregnan(?:t|cy)|hiv|aids"
    r"|epilepsie|epilepsy|astma|asthma|psychose|psychosis|schizofrenie|schizophrenia|bipolair|bipolar|verslaving"
    r"|addiction|medicatie|medication|antidepressiva|antidepressants?|ritalin|insuline|insulin|psycholoog"
    r"|psychologist|psychiater|psychiatrist|ggz|therapie|therapy|ziekenhuisopname|hospitali[sz]ed|opname"
    r"|ziekteverzuim|sick leave|ziek gemeld|ziekgemeld|hartaanval|heart attack|beroerte|stroke|dementie|dementia"
    r"|dyslexie|dyslexia|handicap|beperking|disability|migraine|eetstoornis|eating disorder|trauma|ptss|ptsd)\b",
    re.IGNORECASE,
)

TITLES = (r"(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de heer|heer|dr\.?|drs\.?|mr\.?|ir\.?|ing\.?|prof\.?"
          r"|Mrs\.?|Mr\.?|Ms\.?|Miss|Dr\.?|Prof\.?|Sir)")  # fmt: skip
TUSSEN = r"(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|in 't|op de|el|al|bin|ibn|da|di|du|le|la|von|zu)"
CAP = r"(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+|O'[A-Z][a-z]+|Mc[A-Z][a-z]+|[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)"
SURNAME = rf"(?:(?:{TUSSEN}) )*{CAP}"
INITIALS = r"(?:[A-Z]\.){1,4}(?: ?[A-Z][a-z]?\.)?"
TITLED = re.compile(rf"\b{TITLES} (?:{INITIALS} ?)?(?:{CAP} )?{SURNAME}")
INITIALED = re.compile(rf"(?<![\w.]){INITIALS} ?{SURNAME}")
FULL = re.compile(rf"\b{CAP}(?: {CAP})? (?:{TUSSEN}) (?:(?:{TUSSEN}) )*{CAP}(?:-{CAP})?")
PAIR = re.compile(rf"\b{CAP} {CAP}(?:-{CAP})?\b")
CUES = (
    "bel|belde|mail|mailde|met|aan|door|heet|naam|collega|cliënt|client|patiënt|patient|leerling|cursist|"
    "sollicitant|kandidaat|beste|hallo|hoi|dag|geachte|groet|groeten|namens|voor|call|called|email|with|to|by|"
    "named|name|colleague|dear|hi|hello|regards|from|signed|candidate|applicant|student|contact|ask|tell"
)
CUE_WORDS = frozenset(CUES.split("|"))
CUED = re.compile(rf"(?i:\b(?:{CUES})\b)[:,]?\s+({CAP}(?: {SURNAME})?)")
NOT_NAMES = frozenset(
    [
        "De",
        "Het",
        "Een",
        "Ik",
        "Wij",
        "We",
        "Hij",
        "Zij",
        "Ze",
        "Jij",
        "Je",
        "U",
        "Uw",
        "Mijn",
        "Ons",
        "Onze",
        "Dit",
        "Dat",
        "Deze",
        "Die",
        "Er",
        "Hier",
        "Daar",
        "Als",
        "En",
        "Of",
        "Maar",
        "Want",
        "Dus",
        "Toen",
        "Nu",
        "Ook",
        "Niet",
        "Wel",
        "Geen",
        "Alle",
        "Bij",
        "In",
        "Op",
        "Aan",
        "Van",
        "Voor",
        "Met",
        "Door",
        "Naar",
        "Om",
        "Over",
        "Uit",
        "Tot",
        "Na",
        "Zonder",
        "Beste",
        "Hallo",
        "Geachte",
        "Graag",
        "Dank",
        "Bedankt",
        "Groet",
        "Groeten",
        "Vriendelijke",
        "The",
        "A",
        "An",
        "I",
        "You",
        "He",
        "She",
        "It",
        "They",
        "We",
        "My",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "If",
        "And",
        "Or",
        "But",
        "So",
        "Then",
        "Now",
        "Also",
        "Not",
        "No",
        "All",
        "At",
        "In",
        "On",
        "To",
        "Of",
        "For",
        "With",
        "By",
        "From",
        "About",
        "Into",
        "Over",
        "Dear",
        "Hi",
        "Hello",
        "Thanks",
        "Thank",
        "Regards",
        "Kind",
        "Best",
        "Please",
        "Yes",
        "Ja",
        "Nee",
        "Maandag",
        "Dinsdag",
        "Woensdag",
        "Donderdag",
        "Vrijdag",
        "Zaterdag",
        "Zondag",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Januari",
        "Februari",
        "Maart",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Augustus",
        "September",
        "Oktober",
        "November",
        "December",
        "January",
        "February",
        "March",
        "May",
        "June",
        "July",
        "August",
        "October",
        "Nederland",
        "Netherlands",
        "Amsterdam",
        "Rotterdam",
        "Utrecht",
        "Den",
        "Haag",
        "Eindhoven",
        "Groningen",
        "Almere",
        "Nijmegen",
        "Haarlem",
        "Arnhem",
        "Zwolle",
        "Leiden",
        "Breda",
        "Tilburg",
        "Delft",
        "Europa",
        "Europe",
        "Google",
        "Microsoft",
        "Teams",
        "Zoom",
        "Excel",
        "Word",
        "Outlook",
        "KvK",
        "BSN",
        "IBAN",
        "ID",
        "MRZ",
        "AVG",
        "GDPR",
        "AP",
        "Art",
        "Artikel",
        "Article",
        "Bijlage",
        "Annex",
        "Verzoek",
        "Request",
        "Klant",
        "Customer",
        "Order",
        "Bestelling",
        "Factuur",
        "Invoice",
        "Onderwerp",
        "Subject",
        "Datum",
        "Date",
        "Telefoon",
        "Phone",
        "Adres",
        "Address",
        "Postcode",
        "Email",
        "Mail",
        "Notulen",
        "Minutes",
        "Aanwezig",
        "Present",
        "Actiepunten",
        "Actions",
        "Rapport",
        "Report",
        "Zorgplan",
        "Care",
        "Plan",
        "Sollicitatie",
        "Application",
        "Cursus",
        "Course",
        "Team",
        "Afdeling",
        "Department",
        "Directie",
        "Management",
        "Privacy",
        "Waarborg",
        "Mevrouw",
        "Meneer",
        "Heer",
        "Dhr",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Miss",
    ]
)


@cache
def first_names() -> frozenset[str]:
    text = resources.files("waarborg.pii").joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def emails(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "EMAIL", m.group(), 0.99) for m in EMAIL.finditer(text)]


def urls(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "URL", m.group(), 0.9) for m in URL.finditer(text) if URL_IDENTIFYING.search(m.group())
    ]


def phones(text: str) -> list[Span]:
    found: dict[tuple[int, int], Span] = {}
    for region in ("NL", "BE"):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if len(_digits(match.raw_string)) >= 9:
                found.setdefault(
                    (match.start, match.end), Span(match.start, match.end, "PHONE", match.raw_string, 0.95)
                )
    return list(found.values())


def ibans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "IBAN", m.group(), 0.99) for m in IBAN.finditer(text)
            if stdnum_iban.is_valid(m.group())]  # fmt: skip


def bsns(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "BSN", m.group(), 0.95) for m in NINE.finditer(text)
            if stdnum_bsn.is_valid(_digits(m.group()))]  # fmt: skip


def kvks(text: str) -> list[Span]:
    return [Span(m.start(1), m.end(1), "KVK", m.group(1), 0.95) for m in KVK.finditer(text)]


def postcodes(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "POSTCODE", m.group(), 0.9) for m in POSTCODE.finditer(text)
            if postcode.is_valid(m.group()) and m.group()[-2:] not in ("SA", "SD", "SS")]  # fmt: skip


def addresses(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "ADDRESS", m.group(), 0.85) for m in STREET.finditer(text)]


def ips(text: str) -> list[Span]:
    found = []
    for pattern in (IPV4, IPV6):
        for m in pattern.finditer(text):
            try:
                ipaddress.ip_address(m.group())
            except ValueError:
                continue
            found.append(Span(m.start(), m.end(), "IP", m.group(), 0.95))
    return found


def mrzs(text: str) -> list[Span]:
    """Machine-readable zones: two (passport, TD3) or three (ID card, TD1) lines whose check digits hold."""
    from mrz.checker.td1 import TD1CodeChecker
    from mrz.checker.td3 import TD3CodeChecker

    lines = list(MRZ_LINE.finditer(text))
    found = []
    for i, first in enumerate(lines):
        for size, checker, width in ((3, TD1CodeChecker, 30), (2, TD3CodeChecker, 44)):
            group = lines[i : i + size]
            if len(group) == size and all(len(m.group()) == width for m in group):
                code = "\n".join(m.group() for m in group)
                try:
                    valid = bool(checker(code))
                except Exception:  # the library raises on malformed lines
                    valid = False
                if valid:
                    found.append(Span(first.start(), group[-1].end(), "MRZ", code, 0.99))
    return found


def id_numbers(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "ID_NUMBER", m.group(), 0.9) for m in ID_CARD.finditer(text)
            if identiteitskaartnummer.is_valid(m.group()) and any(c.isdigit() for c in m.group()[2:8])]  # fmt: skip


def plates(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "LICENCE_PLATE", m.group(), 0.85) for m in PLATE.finditer(text)]


def births(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "DATE_OF_BIRTH", m.group(), 0.9) for m in DATE.finditer(text)
            if BIRTH.search(text[max(0, m.start() - 30) : m.start()])]  # fmt: skip


def health(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "HEALTH", m.group(), 0.8) for m in HEALTH.finditer(text)]


def names(text: str) -> list[Span]:
    """Names by their shape in context: a title, initials, a tussenvoegsel, a cue word ('Bel', 'Dear'), or a
    known first name followed by a capitalised word."""
    found: list[Span] = []
    known = first_names()
    for pattern, confidence in ((TITLED, 0.95), (INITIALED, 0.9), (FULL, 0.85)):
        for m in pattern.finditer(text):
            found.append(Span(m.start(), m.end(), "NAME", m.group(), confidence))
    for m in PAIR.finditer(text):
        first, _, rest = m.group().partition(" ")
        if first in known and first not in NOT_NAMES and rest.split("-")[0] not in NOT_NAMES:
            found.append(Span(m.start(), m.end(), "NAME", m.group(), 0.8))
    for m in CUED.finditer(text):
        name = m.group(1)
        words = name.split()
        if words[0] in NOT_NAMES or (len(words) == 1 and words[0] not in known and not _mid_sentence(text, m.start(1))):
            continue
        found.append(Span(m.start(1), m.end(1), "NAME", name, 0.7 if len(words) == 1 else 0.8))
    return [_trim(span, text) for span in found if span.text.split()[-1] not in NOT_NAMES or len(span.text.split()) > 2]


def _mid_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return bool(before) and before[-1] not in ".!?:\n"


def _trim(span: Span, text: str) -> Span:
    """A name never starts with a word that is not part of it ('De', 'Met')."""
    words = span.text.split(" ")
    while (
        len(words) > 1
        and (words[0] in NOT_NAMES or words[0].lower() in CUE_WORDS)
        and not re.fullmatch(TITLES, words[0], re.IGNORECASE)
    ):
        start = span.start + len(words[0]) + 1
        words = words[1:]
        span = Span(start, span.end, span.kind, text[start : span.end], span.confidence)
    return span


DETECTORS = (mrzs, emails, urls, ibans, bsns, kvks, id_numbers, phones, ips, births, addresses, postcodes, plates,
             names, health)  # fmt: skip


def detect(text: str, kinds: tuple[str, ...] | None = None) -> list[Span]:
    """Every span of personal data, without overlaps (the stronger kind, then the longer span, wins)."""
    spans = [span for detector in DETECTORS for span in detector(text) if kinds is None or span.kind in kinds]
    spans.sort(key=lambda s: (PRIORITY[s.kind], -(s.end - s.start), s.start))
    chosen: list[Span] = []
    for span in spans:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
