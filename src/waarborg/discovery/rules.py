"""The discovery rules: what a difference between a scan and the register means, and the law it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from waarborg.discovery.model import DiscoveryFinding


@dataclass(frozen=True)
class DiscoveryRule:
    id: str
    severity: str
    title: str
    source: str
    nl: str
    en: str

    def finding(self, table: str, column: str | None, severity: str | None = None, **params: Any) -> DiscoveryFinding:
        params = {"table": table, **params}
        texts = {lang: template.format(**{k: v[lang] if isinstance(v, dict) else v for k, v in params.items()})
                 for lang, template in (("nl", self.nl), ("en", self.en))}  # fmt: skip
        return DiscoveryFinding(self.id, severity or self.severity, self.source, table, column, texts)


UNLISTED = DiscoveryRule(
    "WD001",
    "error",
    "Personal data the register does not list",
    "Art 30(1)(c), 5(1)(c) AVG",
    nl="Kolom {where} bevat persoonsgegevens ({category}; {evidence}) die het register {listed_nl} niet noemt. "
    "Neem haar op bij het systeem in het register, of verwijder de gegevens als geen doel ze nodig heeft.",
    en="Column {where} holds personal data ({category}; {evidence}) that the register does not list {listed_en}. "
    "Add it to the system in the register, or remove the data if no purpose needs it.",
)
UNDECLARED = DiscoveryRule(
    "WD002",
    "warning",
    "A category no activity declares",
    "Art 13(1)(c), 14(1)(d), 30(1)(c) AVG",
    nl="Kolom {where} bevat {category}, maar geen verwerking {using_nl} noemt die categorie: de verklaring zegt niet "
    "dat u deze gegevens verwerkt.{special_nl}",
    en="Column {where} holds {category}, but no activity {using_en} declares that category: the statement does not "
    "say these data are processed.{special_en}",
)
BSN_WITHOUT_LAW = DiscoveryRule(
    "WD003",
    "error",
    "A BSN without the law that prescribes it",
    "Art 87 AVG, art 46 UAVG",
    nl="Kolom {where} bevat burgerservicenummers ({evidence}), maar geen verwerking noemt bij een BSN-veld de wet die "
    "het gebruik voorschrijft. Een BSN mag alleen worden verwerkt als een wet dat voorschrijft.",
    en="Column {where} holds citizen service numbers (BSN; {evidence}), but no activity names the law that "
    "prescribes their use on a BSN field. A BSN may only be processed where a law prescribes it.",
)
OTHER_CATEGORY = DiscoveryRule(
    "WD004",
    "warning",
    "The values say another category than the register",
    "Art 30(1)(c), 5(1)(d) AVG",
    nl="Het register geeft kolom {where} de categorie {declared}, maar de waarden lijken op {category} "
    "({evidence}). Controleer de categorie.",
    en="The register gives column {where} the category {declared}, but its values look like {category} "
    "({evidence}). Check the category.",
)
UNREACHABLE = DiscoveryRule(
    "WD005",
    "warning",
    "Rows a request would miss",
    "Art 12(2), 15, 17 AVG",
    nl="Tabel {table} bevat persoonsgegevens, maar het register geeft geen identiteitskolom en geen koppeling "
    "waarlangs de rijen van een persoon te vinden zijn: een inzage- of wisverzoek slaat deze tabel over. {found_nl}",
    en="Table {table} holds personal data, but the register gives no identity column and no link by which a "
    "person's rows can be found: an access or erasure request would skip this table. {found_en}",
)
NO_INDEX = DiscoveryRule(
    "WD006",
    "warning",
    "A look-up column without an index",
    "Art 12(3) AVG",
    nl="Kolom {where} is de {role_nl} waarlangs de rijen van een persoon worden gezocht, maar heeft geen index: "
    "elk verzoek leest de hele tabel ({rows} rijen). Maak een index op deze kolom.",
    en="Column {where} is the {role_en} by which a person's rows are looked up, but it has no index: every request "
    "reads the whole table ({rows} rows). Create an index on this column.",
)
MISSING = DiscoveryRule(
    "WD007",
    "warning",
    "The register lists what the database does not have",
    "Art 30(1), 5(1)(d) AVG",
    nl="Het register noemt {what_nl} {where} bij systeem {system}, maar de database heeft die niet. Werk het register "
    "bij.",
    en="The register lists {what_en} {where} for system {system}, but the database does not have it. Update the "
    "register.",
)
ABOUT_PEOPLE = DiscoveryRule(
    "WD008",
    "warning",
    "A table about people the register does not list",
    "Art 4(1), 30(1)(c) AVG",
    nl="Tabel {table} verwijst naar personen ({links}) en bevat dus gegevens over hen, maar het register noemt haar "
    "niet{listed_nl}. Neem haar op bij het systeem in het register, zodat een inzage- of wisverzoek haar rijen "
    "meeneemt.",
    en="Table {table} refers to people ({links}) and so holds data about them, but the register does not list "
    "it{listed_en}. Add it to the system in the register, so that an access or erasure request includes its rows.",
)
RULES = (UNLISTED, UNDECLARED, BSN_WITHOUT_LAW, OTHER_CATEGORY, UNREACHABLE, NO_INDEX, MISSING, ABOUT_PEOPLE)


def rules_markdown() -> str:
    """The rules as the Markdown table docs/discovery.md carries (a test keeps the two the same)."""
    lines = ["| rule | severity | what | law |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.id} | {r.severity} | {r.title} | {r.source} |" for r in RULES]
    return "\n".join(lines) + "\n"
