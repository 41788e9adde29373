"""The differences between a scan and the register, as findings (rules in ``rules.py``)."""

from __future__ import annotations

from collections.abc import Iterator

from babel.numbers import format_decimal

from waarborg.discovery import rules
from waarborg.discovery.model import DiscoveryFinding, Link, TableResult, Verdict
from waarborg.discovery.proposal import Proposed, propose
from waarborg.pii.spans import KIND_WORDS
from waarborg.register.schema import Register
from waarborg.register.systems import SqlDataset, SqlTable
from waarborg.register.taxonomy import BSN_CATEGORY, is_criminal, is_special, label


def compare(tables: list[TableResult], links: list[Link], register: Register | None, system: str | None,
            database: bool = True) -> list[DiscoveryFinding]:  # fmt: skip
    """Every finding, most severe first, then by table and column. ``database``: the source is the system's
    database (not a folder of exports), so the register's ``sql.tables`` can be checked against it."""
    dataset = _dataset(register, system)
    declared = dataset.tables if dataset else {}
    proposed = propose(tables, links)
    found = [*_unlisted(tables, declared, system), *_other_category(tables, declared)]
    found += _about_people(tables, declared, proposed, system)
    if register is not None:
        lawful_bsn = _lawful_bsn(register)
        found += _undeclared(tables, register, system, lawful_bsn)
        found += [] if lawful_bsn else _bsn_without_law(tables)
    found += _unreachable(tables, declared, proposed)
    if database:
        found += _unindexed(tables, declared, proposed)
        if dataset is not None and system is not None:
            found += _missing(tables, dataset, system)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda f: (order[f.severity], f.table, f.column or "", f.rule))


def _dataset(register: Register | None, system: str | None) -> SqlDataset | None:
    if register is None or system is None or system not in register.systems:
        return None
    return register.systems[system].sql


def evidence(verdict: Verdict) -> dict[str, str]:
    """'BSN in 200 of 200 sampled values', or the name hint when the values say nothing."""
    kinds = sorted(verdict.evidence.items(), key=lambda item: -item[1])
    if not kinds:
        return {"nl": f"kolomnaam '{verdict.hint}'", "en": f"column name '{verdict.hint}'"}
    kind, n = kinds[0]
    words = {lang: KIND_WORDS[lang].get(kind, kind) for lang in ("nl", "en")}
    return {"nl": f"{words['nl']} in {n} van {verdict.values} gelezen waarden",
            "en": f"{words['en']} in {n} of {verdict.values} sampled values"}  # fmt: skip


def _category(key: str) -> dict[str, str]:
    return {lang: in_sentence(label(key, lang)) for lang in ("nl", "en")}


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'E-mailadres' -> 'e-mailadres', but 'IP-adres' stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _listed_columns(spec: SqlTable) -> set[str]:
    return {spec.key, *spec.identity.values(), *spec.links, *spec.columns}


def _unlisted(
    tables: list[TableResult], declared: dict[str, SqlTable], system: str | None
) -> Iterator[DiscoveryFinding]:
    listed = ({"nl": f"bij systeem {system}", "en": f"for system {system}"} if system
              else {"nl": "bij een systeem", "en": "for any system"})  # fmt: skip
    for table in tables:
        spec = declared.get(table.name)
        for verdict in table.personal:
            if spec is not None and verdict.column in _listed_columns(spec):
                continue
            severity = "error" if verdict.confidence >= 0.8 else "warning"
            yield rules.UNLISTED.finding(table.name, verdict.column, severity, where=f"{table.name}.{verdict.column}",
                                         category=_category(verdict.category or ""), evidence=evidence(verdict),
                                         listed_nl=listed["nl"], listed_en=listed["en"])  # fmt: skip


def _about_people(tables: list[TableResult], declared: dict[str, SqlTable], proposed: dict[str, Proposed],
                  system: str | None) -> Iterator[DiscoveryFinding]:  # fmt: skip
    """Tables with no personal column of their own that link to a person: listed or not, by the links."""
    listed = {"nl": f" bij systeem {system}", "en": f" for system {system}"} if system else {"nl": "", "en": ""}
    for table in tables:
        offer = proposed.get(table.name)
        if table.personal or offer is None or not offer.links or table.name in declared:
            continue
        links = ", ".join(f"{column} → {target}" for column, target in offer.links.items())
        yield rules.ABOUT_PEOPLE.finding(table.name, None, links=links, listed_nl=listed["nl"], listed_en=listed["en"])


def _other_category(tables: list[TableResult], declared: dict[str, SqlTable]) -> Iterator[DiscoveryFinding]:
    for table in tables:
        spec = declared.get(table.name)
        for verdict in table.personal if spec else ():
            said = spec.columns.get(verdict.column) if spec else None
            if said is None or verdict.category is None or _related(said, verdict.category) or verdict.free_text:
                continue
            yield rules.OTHER_CATEGORY.finding(table.name, verdict.column, where=f"{table.name}.{verdict.column}",
                                               declared=_category(said), category=_category(verdict.category),
                                               evidence=evidence(verdict))  # fmt: skip


def _related(a: str, b: str) -> bool:
    """One key is the other or lies under it ('user.contact' and 'user.contact.email')."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _declared_categories(register: Register, system: str | None) -> set[str]:
    return {field.category for activity in register.activities.values()
            if system is None or system in activity.systems for field in activity.fields.values()}  # fmt: skip


def _undeclared(tables: list[TableResult], register: Register, system: str | None, lawful_bsn: bool
                ) -> Iterator[DiscoveryFinding]:  # fmt: skip
    declared = _declared_categories(register, system)
    using = ({"nl": f"die systeem {system} gebruikt", "en": f"that uses system {system}"} if system
             else {"nl": "in het register", "en": "in the register"})  # fmt: skip
    for table in tables:
        for verdict in table.personal:
            for category in (verdict.category or "", *verdict.also):
                if any(_related(category, said) for said in declared) or (category == BSN_CATEGORY and not lawful_bsn):
                    continue  # a BSN no activity declares with its law is WD003's
                special = is_special(category) or is_criminal(category)
                yield rules.UNDECLARED.finding(
                    table.name, verdict.column, "error" if special else None, where=f"{table.name}.{verdict.column}",
                    category=_category(category), using_nl=using["nl"], using_en=using["en"],
                    special_nl=" Het is een bijzonder persoonsgegeven (art. 9 of 10 AVG): daarvoor is een "
                    "uitzonderingsgrond nodig." if special else "",
                    special_en=" It is special category data (Art 9 or 10 AVG): processing it needs an exception."
                    if special else "",
                )  # fmt: skip


def _lawful_bsn(register: Register) -> bool:
    return any(field.category == BSN_CATEGORY and field.law for activity in register.activities.values()
               for field in activity.fields.values())  # fmt: skip


def _bsn_without_law(tables: list[TableResult]) -> Iterator[DiscoveryFinding]:
    """Called only when no activity declares a BSN field with its law."""
    for table in tables:
        for verdict in table.personal:
            if verdict.category == BSN_CATEGORY:
                yield rules.BSN_WITHOUT_LAW.finding(table.name, verdict.column, where=f"{table.name}.{verdict.column}",
                                                    evidence=evidence(verdict))  # fmt: skip


def _unreachable(tables: list[TableResult], declared: dict[str, SqlTable], proposed: dict[str, Proposed]
                 ) -> Iterator[DiscoveryFinding]:  # fmt: skip
    for table in tables:
        spec = declared.get(table.name)
        if not table.personal or (spec is not None and (spec.identity or spec.links)):
            continue
        offer = proposed.get(table.name)
        if offer is not None and (offer.identity or offer.links):
            parts = [f"{column} ({kind})" for kind, column in offer.identity.items()]
            parts += [f"{column} → {target}" for column, target in offer.links.items()]
            found = {"nl": "Gevonden: " + ", ".join(parts) + ".", "en": "Found: " + ", ".join(parts) + "."}
        else:
            found = {"nl": "De scan vond er ook geen.", "en": "The scan found none either."}
        yield rules.UNREACHABLE.finding(table.name, None, found_nl=found["nl"], found_en=found["en"])


def _unindexed(tables: list[TableResult], declared: dict[str, SqlTable], proposed: dict[str, Proposed]
               ) -> Iterator[DiscoveryFinding]:  # fmt: skip
    roles = {"identity": {"nl": "identiteitskolom", "en": "identity column"},
             "link": {"nl": "koppelkolom", "en": "link column"}}  # fmt: skip
    for table in tables:
        spec, offer = declared.get(table.name), proposed.get(table.name)
        rows = {lang: format_decimal(table.rows or 0, locale=lang) for lang in ("nl", "en")}
        identities = [*(spec.identity.values() if spec else ()), *(offer.identity.values() if offer else ())]
        lookups = dict.fromkeys(identities, "identity")
        lookups |= dict.fromkeys([*(spec.links if spec else ()), *(offer.links if offer else ())], "link")
        for column, role in sorted(lookups.items()):
            if column in table.indexed:
                continue
            yield rules.NO_INDEX.finding(table.name, column, where=f"{table.name}.{column}", rows=rows,
                                         role_nl=roles[role]["nl"], role_en=roles[role]["en"])  # fmt: skip


def _missing(tables: list[TableResult], dataset: SqlDataset, system: str) -> Iterator[DiscoveryFinding]:
    present = {t.name: {v.column for v in t.verdicts} for t in tables}
    for name, spec in dataset.tables.items():
        if name not in present:
            yield rules.MISSING.finding(name, None, what_nl="tabel", what_en="table", where=name, system=system)
            continue
        for column in sorted(_listed_columns(spec) - present[name]):
            yield rules.MISSING.finding(name, column, what_nl="kolom", what_en="column", where=f"{name}.{column}",
                                        system=system)  # fmt: skip
