"""Plain words for the facts in a register, in Dutch and English, with the tone ('je' or 'u') chosen.

Statements are read by people: "tot 1 jaar na het einde van je opleiding", not "P1Y after course_completed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale

from waarborg.core.periods import Period, Promise
from waarborg.register.base import WHOLE, Model
from waarborg.register.render import confirm
from waarborg.register.types import Basis, Right, Text, tr

UNITS = {
    "nl": {"years": ("jaar", "jaar"), "months": ("maand", "maanden"), "weeks": ("week", "weken"),
           "days": ("dag", "dagen"), "working_days": ("werkdag", "werkdagen")},
    "en": {"years": ("year", "years"), "months": ("month", "months"), "weeks": ("week", "weeks"),
           "days": ("day", "days"), "working_days": ("working day", "working days")},
}  # fmt: skip
AND = {"nl": "en", "en": "and"}
OR = {"nl": "of", "en": "or"}


PLACEHOLDERS = ("{you}", "{your}", "{You}", "{Your}", "{yourself}", "{Yourself}", "{refl}")
"""The words a register text and a template may leave to the tone: 'je'/'u', 'je'/'uw', 'jezelf'/'uzelf', and
the reflexive 'je'/'zich'. Any other ``{name}`` left in a published text is an error (see ``unresolved``)."""

UNRESOLVED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Voice:
    """Language and tone (how the organisation addresses the reader), and whether this is a draft."""

    lang: str
    formal: bool
    draft: bool = False

    @property
    def you(self) -> str:
        return ("u" if self.formal else "je") if self.lang == "nl" else "you"

    @property
    def your(self) -> str:
        return ("uw" if self.formal else "je") if self.lang == "nl" else "your"

    @property
    def yourself(self) -> str:
        return ("uzelf" if self.formal else "jezelf") if self.lang == "nl" else "yourself"

    @property
    def refl(self) -> str:
        return ("zich" if self.formal else "je") if self.lang == "nl" else "yourself"

    @property
    def You(self) -> str:  # noqa: N802  (sentence start)
        return self.you[0].upper() + self.you[1:]

    @property
    def Your(self) -> str:  # noqa: N802
        return self.your[0].upper() + self.your[1:]

    def fill(self, text: str) -> str:
        """Fill {you}, {your}, {You}, {Your}, {yourself}, {Yourself} and {refl} with the tone's words."""
        words = (self.you, self.your, self.You, self.Your, self.yourself, upper_first(self.yourself), self.refl)
        for placeholder, word in zip(PLACEHOLDERS, words, strict=True):
            text = text.replace(placeholder, word)
        return text

    def say(self, nl: str, en: str) -> str:
        """Pick the language and fill the tone's words."""
        return self.fill(nl if self.lang == "nl" else en)

    def sentence(self, template: tuple[str, str], **fill: str) -> str:
        """A (nl, en) template in this language with the tone's words and the named values filled in."""
        text = self.say(*template)
        for name, value in fill.items():
            text = text.replace("{" + name + "}", value)
        return text

    def text(self, value: Text | None, fallback: str = "") -> str:
        """A register text in this language (else any language), with the tone's words filled in."""
        return self.fill(tr(value, self.lang, fallback))

    def own(self, value: Text | None) -> str:
        """A register text only when written in this language: the organisation's own words."""
        return self.fill(value.get(self.lang) or value.get("*") or "") if value else ""

    def shown(self, model: Model | None, text: str, name: str = WHOLE) -> str:
        """``text`` if the model states the value ``name`` (or, by default, the whole entry); else '' in a
        statement and the text marked 'to confirm' in a draft."""
        if not text or model is None or model.stated(name):
            return text
        if not self.draft:
            return ""
        return confirm.mark(text, model.inferred.get(name) or model.inferred.get(WHOLE, ""))

    def states(self, model: Model | None, name: str = WHOLE) -> bool:
        """Whether a value may appear at all: stated, or shown marked in a draft."""
        return model is None or model.stated(name) or self.draft


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Einde opleiding' -> 'einde opleiding', 'E-mailadres' -> 'e-mailadres'; 'AVG', 'KvK-nummer' stay."""
    first = text.split(" ", 1)[0]
    return text if any(c.isupper() for c in first[1:]) else text[:1].lower() + text[1:]


def unresolved(text: str) -> list[str]:
    """Placeholders such as '{naam}' that no tone fills: they must never be published."""
    return UNRESOLVED.findall(text)


def count(n: int, unit: str, lang: str) -> str:
    one, many = UNITS[lang][unit]
    return f"{n} {one if n == 1 else many}"


def join(items: Sequence[str], lang: str, word: dict[str, str] = AND) -> str:
    """'a, b en c' / 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word[lang]} {items[-1]}"


ARTICLES = {"US": ("de ", "the "), "GB": ("het ", "the "), "AE": ("de ", "the "), "NL": ("", "the "),
            "PH": ("de ", "the "), "CZ": ("", "the ")}  # fmt: skip


@cache
def country_name(code: str, lang: str) -> str:
    return str(Locale(lang).territories.get(code, code))


def in_country(code: str, lang: str) -> str:
    """'de Verenigde Staten', 'the United States', 'Duitsland': a country name that fits after 'in'."""
    article = ARTICLES.get(code, ("", ""))[0 if lang == "nl" else 1]
    return article + country_name(code, lang)


def period(value: Period, lang: str) -> str:
    """'1 jaar en 6 maanden', '4 weeks'."""
    parts = [
        count(n, unit, lang)
        for n, unit in ((value.years, "years"), (value.months, "months"), (value.weeks, "weeks"), (value.days, "days"))
        if n
    ]
    return join(parts, lang) or count(0, "days", lang)


def promise(value: Promise, lang: str) -> str:
    return count(value.count, value.unit, lang)


BASIS = {
    Basis.consent: ("{your} toestemming", "{your} consent"),
    Basis.contract: ("de uitvoering van een overeenkomst met {you}", "the performance of a contract with {you}"),
    Basis.legal_obligation: ("een wettelijke verplichting", "a legal obligation"),
    Basis.vital_interests: ("de bescherming van vitale belangen", "the protection of vital interests"),
    Basis.public_task: ("een taak van algemeen belang", "a task in the public interest"),
    Basis.legitimate_interests: ("ons gerechtvaardigd belang", "our legitimate interests"),
}
BASIS_ARTICLE = {
    Basis.consent: "6(1)(a)", Basis.contract: "6(1)(b)", Basis.legal_obligation: "6(1)(c)",
    Basis.vital_interests: "6(1)(d)", Basis.public_task: "6(1)(e)", Basis.legitimate_interests: "6(1)(f)",
}  # fmt: skip


def basis(value: Basis, voice: Voice) -> str:
    return voice.say(*BASIS[value])


RIGHTS = {
    Right.access: ("Recht op inzage", "Right of access",
                   "{You} mag opvragen welke gegevens wij van {you} hebben en een kopie krijgen.",
                   "{You} may ask which data we hold about {you} and receive a copy."),
    Right.rectification: ("Recht op rectificatie", "Right to rectification",
                          "Kloppen {your} gegevens niet, dan passen wij ze aan.",
                          "If {your} data are wrong, we correct them."),
    Right.erasure: ("Recht op verwijdering", "Right to erasure",
                    "{You} kunt vragen {your} gegevens te wissen, tenzij wij ze volgens de wet moeten bewaren.",
                    "{You} may ask us to erase {your} data, unless the law requires us to keep them."),
    Right.restriction: ("Recht op beperking", "Right to restriction",
                        "{You} kunt vragen {your} gegevens tijdelijk alleen te bewaren en niet te gebruiken.",
                        "{You} may ask us to only store {your} data for a while and not use them."),
    Right.portability: ("Recht op overdraagbaarheid", "Right to data portability",
                        "{You} kunt de gegevens die {you} ons zelf hebt gegeven in een computerbestand krijgen, of "
                        "ze door ons laten doorsturen naar een andere organisatie.",
                        "{You} may receive the data {you} gave us in a computer file, or have us pass them on to "
                        "another organisation."),
    Right.objection: ("Recht van bezwaar", "Right to object",
                      "{You} kunt bezwaar maken tegen gebruik op grond van ons gerechtvaardigd belang; tegen "
                      "direct marketing altijd.",
                      "{You} may object to use based on our legitimate interests; to direct marketing always."),
    Right.withdraw_consent: ("Toestemming intrekken", "Withdrawing consent",
                             "{You} kunt {your} toestemming even makkelijk intrekken als {you} die gaf; wat wij "
                             "daarvoor deden, blijft rechtmatig.",
                             "{You} can withdraw {your} consent as easily as {you} gave it; what we did before "
                             "stays lawful."),
    Right.human_review: ("Menselijke beoordeling", "Human review",
                         "{You} kunt bij een geautomatiseerd besluit vragen dat een mens ernaar kijkt.",
                         "With an automated decision {you} may ask for a person to review it."),
    Right.complaint: ("Klacht indienen", "Lodging a complaint",
                      "{You} kunt een klacht indienen bij de toezichthouder.",
                      "{You} may lodge a complaint with the supervisory authority."),
}  # fmt: skip


def right_name(value: Right, voice: Voice) -> str:
    nl, en, _, _ = RIGHTS[value]
    return nl if voice.lang == "nl" else en


def right_text(value: Right, voice: Voice) -> str:
    _, _, nl, en = RIGHTS[value]
    return voice.say(nl, en)


NOUN, CLAUSE = "noun", "clause"

BUILTIN_EVENTS: dict[str, dict[str, tuple[str, str]]] = {
    "collected": {
        NOUN: ("de ontvangst van {your} gegevens", "receipt of {your} data"),
        CLAUSE: ("wij {your} gegevens hebben ontvangen", "we received {your} data"),
    },
    "last_contact": {
        NOUN: ("het laatste contact met {you}", "our last contact with {you}"),
        CLAUSE: ("wij voor het laatst contact met {you} hadden", "we were last in touch with {you}"),
    },
    "consent_withdrawn": {
        NOUN: ("de intrekking van {your} toestemming", "the withdrawal of {your} consent"),
        CLAUSE: ("{you} {your} toestemming hebt ingetrokken", "{you} withdraw {your} consent"),
    },
    "unsubscribed": {
        NOUN: ("{your} afmelding", "{your} unsubscribing"),
        CLAUSE: ("{you} {refl} hebt afgemeld", "{you} unsubscribe"),
    },
    "objected": {
        NOUN: ("{your} bezwaar", "{your} objection"),
        CLAUSE: ("{you} bezwaar hebt gemaakt", "{you} object"),
    },
}
"""The lifecycle events every register knows, as a noun phrase (after 'na'/'after') and as a clause (after
'nadat'/'after', Dutch verb last)."""

PREFERRED_EVENT_FORM = {
    "collected": (NOUN, CLAUSE), "last_contact": (NOUN, NOUN), "consent_withdrawn": (NOUN, CLAUSE),
    "unsubscribed": (NOUN, CLAUSE), "objected": (NOUN, NOUN),
}  # fmt: skip
"""Which of the two reads best on its own, per language (nl, en)."""

KEEP = {
    "as_long_as_necessary": ("zolang dat nodig is", "as long as necessary"),
    "indefinite": ("zonder vaste termijn", "with no fixed period"),
}
"""The two keeps that are not a period, as words (never 'as long as necessary' in a Dutch text)."""


def keep(value: Period | str, lang: str) -> str:
    """'2 jaar', 'zolang dat nodig is', 'with no fixed period'."""
    if isinstance(value, Period):
        return period(value, lang)
    nl, en = KEEP[value]
    return nl if lang == "nl" else en


ACTIONS = {
    "delete": ("verwijderen wij ze", "we delete them"),
    "anonymise": ("maken wij ze anoniem", "we make them anonymous"),
    "minimise": ("bewaren wij alleen nog {fields}", "we keep only {fields}"),
}

MECHANISMS = {
    "adequacy": (
        "een adequaatheidsbesluit van de Europese Commissie",
        "an adequacy decision of the European Commission",
    ),
    "dpf": ("het EU-VS Data Privacy Framework", "the EU-US Data Privacy Framework"),
    "scc": (
        "standaardcontractbepalingen van de Europese Commissie",
        "standard contractual clauses of the European Commission",
    ),
    "bcr": ("bindende bedrijfsvoorschriften", "binding corporate rules"),
    "derogation": ("een uitzondering van artikel 49 AVG", "a derogation under Article 49 GDPR"),
    "scc_2010": ("de oude standaardcontractbepalingen", "the old standard contractual clauses"),
    "privacy_shield": ("het Privacy Shield", "the Privacy Shield"),
    "safe_harbour": ("Safe Harbour", "Safe Harbour"),
}  # fmt: skip

COOKIE_CATEGORIES = {
    "strictly_necessary": ("Noodzakelijk", "Strictly necessary"),
    "functional": ("Functioneel", "Functional"),
    "analytics": ("Analytisch", "Analytics"),
    "marketing": ("Marketing", "Marketing"),
    "social": ("Sociale media", "Social media"),
}

EMBED_KINDS = {
    "pixel": ("Pixel", "Pixel"), "video": ("Video", "Video"), "social_plugin": ("Sociale-mediaknop", "Social plugin"),
    "map": ("Kaart", "Map"), "chat": ("Chat", "Chat"), "other": ("Overig", "Other"),
}  # fmt: skip


FREQUENCIES = {
    "daily": ("dagelijks", "daily"), "weekly": ("wekelijks", "weekly"), "monthly": ("maandelijks", "monthly"),
    "quarterly": ("elk kwartaal", "quarterly"), "irregular": ("af en toe", "now and then"),
}  # fmt: skip


def pick(pair: tuple[str, str], voice: Voice) -> str:
    return voice.say(*pair)
