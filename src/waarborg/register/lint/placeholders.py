"""Words that fill a place without saying anything: 'de wet' as the law, 'zo lang als nodig' as criteria.

A placeholder counts as missing. One list per kind of value, Dutch and English: a text is a placeholder when,
with the filler words removed, only one of the listed phrases remains.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w-]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text))


_LAW_FILLER = _words(
    "volgens conform krachtens op grond van basis in overeenstemming met according to under pursuant based "
    "accordance with de het een the a an onze our toepasselijke toepasselijk applicable geldende relevante "
    "relevant eventuele any nederlandse dutch europese european wettelijke wettelijk legal statutory"
)
_LAW_PHRASES = frozenset(
    {
        "wet", "wetten", "wetgeving", "wet- en regelgeving", "wet en regelgeving", "regelgeving", "regels",
        "verplichting", "verplichtingen", "eisen", "bepalingen", "law", "laws", "legislation",
        "laws and regulations", "law and regulations", "regulations", "rules", "obligation", "obligations",
        "requirements", "provisions", "avg", "gdpr",
    }
)  # fmt: skip

_CRITERIA_FILLER = _words(
    "wij we bewaren bewaard keep kept retain retained store stored uw je jouw your persoonsgegevens gegevens "
    "personal data de het the deze these dit this is dat that strikt strictly wordt worden are be only alleen "
    "slechts"
)
_CRITERIA_PHRASES = frozenset(
    {
        "van geval tot geval", "per geval", "case by case", "on a case by case basis", "on a case-by-case basis",
        "case-by-case", "zo lang als nodig", "zolang als nodig", "zo lang nodig", "zolang nodig",
        "zo lang als noodzakelijk", "zolang als noodzakelijk", "zolang noodzakelijk", "as long as necessary",
        "as long as needed", "as long as required", "niet langer dan nodig", "niet langer dan noodzakelijk",
        "no longer than necessary", "no longer than needed", "no longer than required", "nodig", "noodzakelijk",
        "necessary", "needed",
    }
)  # fmt: skip

_INTEREST_FILLER = _words("ons onze our het de the een a an wij we hebben have")
_INTEREST_PHRASES = frozenset(
    {
        "gerechtvaardigd belang", "gerechtvaardigde belangen", "belang", "belangen", "bedrijfsbelang",
        "legitimate interest", "legitimate interests", "interest", "interests", "business interest",
    }
)  # fmt: skip


def _core(text: str, filler: frozenset[str]) -> str:
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in filler)


def _placeholder(text: dict[str, str] | str | None, filler: frozenset[str], phrases: frozenset[str]) -> bool:
    """True when there is no text, or every language of it says nothing but a listed phrase."""
    if not text:
        return True
    values = [text] if isinstance(text, str) else list(text.values())
    return all(_core(value, filler) in phrases | {""} for value in values)


def names_law(text: dict[str, str] | str | None) -> bool:
    """The text names a law (not 'de wet', 'wetgeving', 'the law')."""
    return not _placeholder(text, _LAW_FILLER, _LAW_PHRASES)


def gives_criteria(text: dict[str, str] | str | None) -> bool:
    """The text gives criteria (not 'van geval tot geval', 'as long as necessary')."""
    return not _placeholder(text, _CRITERIA_FILLER, _CRITERIA_PHRASES)


def states_interest(text: dict[str, str] | str | None) -> bool:
    """The text states an interest (not 'ons gerechtvaardigd belang', 'legitimate interests')."""
    return not _placeholder(text, _INTEREST_FILLER, _INTEREST_PHRASES)
