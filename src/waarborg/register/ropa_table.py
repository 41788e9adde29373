"""The record of processing activities as tables for people: one cell of plain words per fact.

The JSON rows (:mod:`waarborg.register.ropa`) are the source; this module only turns them into readable
cells, in Dutch or English, so the CSV and the workbook say exactly what the JSON says. Any language other
than ``nl`` reads English, the language of the JSON keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from waarborg.core.periods import Period
from waarborg.register.render import words

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Table:
    """One sheet: a title, a header row and rows of text cells."""

    title: str
    headers: list[str]
    rows: list[list[str]]


WORDS: dict[str, tuple[str, str]] = {
    # sheet titles
    "activities": ("Verwerkingsactiviteiten", "Activities"),
    "processors": ("Verwerkers", "Processors"),
    "transfers": ("Doorgiften", "Transfers"),
    # legal bases
    "consent": ("Toestemming", "Consent"),
    "contract": ("Overeenkomst", "Contract"),
    "legal_obligation": ("Wettelijke verplichting", "Legal obligation"),
    "vital_interests": ("Vitale belangen", "Vital interests"),
    "public_task": ("Taak van algemeen belang", "Public task"),
    "legitimate_interests": ("Gerechtvaardigd belang", "Legitimate interests"),
    # recipients and parties
    "internal": ("Intern", "Internal"),
    "role": ("Interne rol", "Internal role"),
    "controller": ("Zelfstandig verwerkingsverantwoordelijke", "Independent controller"),
    "joint_controller": ("Gezamenlijk verwerkingsverantwoordelijke", "Joint controller"),
    "public_authority": ("Overheidsinstantie", "Public authority"),
    "processor_category": ("Categorie verwerkers", "Processor category"),
    "processor": ("Verwerker", "Processor"),
    "sub_processor": ("Subverwerker", "Sub-processor"),
    # transfer mechanisms
    "adequacy": ("Adequaatheidsbesluit", "Adequacy decision"),
    "dpf": ("EU-VS Data Privacy Framework", "EU-US Data Privacy Framework"),
    "scc": ("Standaardcontractbepalingen (SCC)", "Standard contractual clauses (SCC)"),
    "bcr": ("Bindende bedrijfsvoorschriften (BCR)", "Binding corporate rules (BCR)"),
    "derogation": ("Uitzondering art. 49 AVG", "Derogation, Art. 49 GDPR"),
    "scc_2010": ("Oude SCC uit 2010 (niet meer geldig)", "Old 2010 SCC (no longer valid)"),
    "privacy_shield": ("Privacy Shield (ongeldig)", "Privacy Shield (invalid)"),
    "safe_harbour": ("Safe Harbour (ongeldig)", "Safe Harbour (invalid)"),
    "no_mechanism": ("Geen mechanisme genoemd", "No mechanism stated"),
    "in_eea": ("n.v.t. (EER)", "n/a (EEA)"),
    # retention
    "delete": ("verwijderen", "delete"),
    "anonymise": ("anonimiseren", "anonymise"),
    "minimise": ("minimaliseren", "minimise"),
    "as_long_as_necessary": ("zolang nodig", "as long as necessary"),
    "indefinite": ("geen vaste termijn", "no fixed period"),
    "then": ("daarna", "then"),
    "not_deleted": ("niet automatisch verwijderd", "not deleted automatically"),
    "after": ("na", "after"),
    "from": ("vanaf", "from"),
    "or": ("of", "or"),
    "keeps": ("bewaart alleen", "keeps only"),
    "only_with": ("alleen met toestemming", "only with consent"),
    "law": ("wet", "law"),
    "criteria": ("criteria", "criteria"),
    # sources
    "data_subject": ("Betrokkene zelf", "The data subject"),
    "public": ("Openbare bronnen", "Public sources"),
    "employer": ("Werkgever", "Employer"),
    "client": ("Opdrachtgever", "Client"),
    "chamber_of_commerce": ("Kamer van Koophandel", "Chamber of Commerce"),
    "third_party": ("Derden", "Third parties"),
    # everything else
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "signed": ("getekend", "signed"),
    "required": ("verplicht", "required"),
    "special": ("bijzonder persoonsgegeven", "special category"),
    "sub_processors": ("subverwerkers", "sub-processors"),
    "agreement": ("verwerkersovereenkomst", "processor agreement"),
    "no_agreement": ("geen verwerkersovereenkomst", "no processor agreement"),
    "interest": ("Belang", "Interest"),
    "balancing_test": ("Belangenafweging", "Balancing test"),
    "dpo": ("FG", "DPO"),
    "privacy_contact": ("Privacycontact", "Privacy contact"),
    "no_dpia": ("geen DPIA", "no DPIA"),
    "dpia_indicated": ("DPIA aangewezen wegens", "DPIA indicated for"),
    "human_review": ("menselijke beoordeling", "human review"),
    "profiling": ("profilering", "profiling"),
    "gdpr": ("AVG", "GDPR"),
}

ACTIVITY_HEADERS: dict[str, tuple[str, str]] = {
    "activity": ("Activiteit (sleutel)", "Activity (key)"),
    "name": ("Naam", "Name"),
    "controller": ("Verwerkingsverantwoordelijke", "Controller"),
    "purposes": ("Doeleinden", "Purposes"),
    "legal_basis": ("Grondslag", "Legal basis"),
    "data_subjects": ("Categorieën betrokkenen", "Categories of data subjects"),
    "data_categories": ("Categorieën persoonsgegevens", "Categories of personal data"),
    "recipients": ("Ontvangers", "Recipients"),
    "processors": ("Verwerkers", "Processors"),
    "transfers": ("Doorgiften buiten de EER", "Transfers outside the EEA"),
    "retention": ("Bewaartermijnen", "Retention periods"),
    "security": ("Beveiligingsmaatregelen", "Security measures"),
    "sources": ("Bronnen", "Sources"),
    "dpia": ("DPIA", "DPIA"),
    "automated_decisions": ("Geautomatiseerde besluitvorming", "Automated decision-making"),
    "systems": ("Systemen", "Systems"),
    "to_confirm": ("Te bevestigen (afgeleid)", "To confirm (inferred)"),
}


def say(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``; an unknown key reads as itself, so new values still show."""
    pair = WORDS.get(key)
    return key if pair is None else pair[0 if lang == "nl" else 1]


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0 if lang == "nl" else 1]


def join(items: Iterable[str | None], sep: str = "; ") -> str:
    return sep.join(i for i in items if i)


@cache
def country(code: str, lang: str) -> str:
    """'Verenigde Staten (US)': the name people read, the code scripts and auditors search for."""
    name = Locale("nl" if lang == "nl" else "en").territories.get(code)
    return f"{name} ({code})" if name else code


# --- the activities sheet and the CSV -------------------------------------------------------------


def activities_table(rows: Sequence[Row], lang: str) -> Table:
    """One line per activity, a column per JSON key in the JSON's order."""
    keys = list(rows[0]) if rows else list(ACTIVITY_HEADERS)
    headers = [pick(ACTIVITY_HEADERS.get(k, (k, k)), lang) for k in keys]
    body = [[_cell(k, row, lang) for k in keys] for row in rows]
    return Table(say("activities", lang), headers, body)


def _cell(key: str, row: Row, lang: str) -> str:
    value = row[key]
    if key == "retention":
        return _retention(value, lang, {f["field"]: f["label"] for f in row["data_categories"]})
    summarise = SUMMARIES.get(key)
    if summarise is not None:
        return summarise(value, lang)
    if isinstance(value, list):
        return join(str(v) for v in value)
    return "" if value is None else str(value)


def _controller(value: Row, lang: str) -> str:
    main = join([value["name"], value["address"], value["email"], value["phone"], value["website"]], ", ")
    people = [
        f"{say(role, lang)}: {join(person.values(), ', ')}"
        for role in ("dpo", "privacy_contact")
        if (person := value[role]) and any(person.values())
    ]
    return join([main, *people])


def _basis_name(basis: str, article: str, lang: str) -> str:
    return f"{say(basis, lang)} ({'art.' if lang == 'nl' else 'Art.'} {article} {say('gdpr', lang)})"


def _legal_basis(value: Row, lang: str) -> str:
    parts = [_basis_name(value["basis"], value["article"], lang)]
    parts += [f"{p['purpose']}: {_basis_name(p['basis'], p['article'], lang)}" for p in value["per_purpose"]]
    if value["interest"]:
        parts.append(f"{say('interest', lang)}: {value['interest']}")
    if value["balancing_test"]:
        parts.append(f"{say('balancing_test', lang)}: {value['balancing_test']}")
    if value["law"]:
        parts.append(f"{say('law', lang).capitalize()}: {value['law']}")
    special = value["special_category"]
    if special:
        parts.append(join([f"Art. {special['condition']} {say('gdpr', lang)}", special["text"]], ": "))
    return join(parts)


def _data_categories(value: list[Row], lang: str) -> str:
    def one(field: Row) -> str:
        notes = [field["category"], say("required", lang) if field["required"] else None]
        notes.append(say("special", lang) if field["special"] else None)
        return f"{field['label']} ({join(notes, ', ')})"

    return join(one(f) for f in value)


def _recipients(value: list[Row], lang: str) -> str:
    return join(f"{r['name']} ({say(r['kind'], lang)}, {country(r['country'], lang)})" for r in value)


def _processors(value: list[Row], lang: str) -> str:
    def one(p: Row) -> str:
        notes = [country(p["country"], lang), agreement_cell(p["agreement"], lang, long=True)]
        if p["sub_processors"]:
            subs = ", ".join(f"{s['name']} ({country(s['country'], lang)})" for s in p["sub_processors"])
            notes.append(f"{say('sub_processors', lang)}: {subs}")
        return f"{p['name']} ({join(notes)})"

    return join(one(p) for p in value)


def agreement_cell(value: Row | None, lang: str, long: bool = False) -> str:
    if value is None:
        return say("no_agreement" if long else "no", lang)
    head = say("agreement" if long else "yes", lang)
    return f"{head}, {say('signed', lang)} {value['signed']}" if value["signed"] else head


def _transfers(value: list[Row], lang: str) -> str:
    def one(t: Row) -> str:
        how = join([mechanism(t["mechanism"], lang), t["reference"], t["derogation"]], ", ")
        return f"{t['name']} ({country(t['country'], lang)}): {how}"

    return join(one(t) for t in value)


def mechanism(value: str | None, lang: str) -> str:
    return say(value or "no_mechanism", lang)


def period(value: str, lang: str) -> str:
    """'1 jaar' for P1Y; the words for as_long_as_necessary and indefinite."""
    return words.period(Period.parse(value), lang) if value.startswith("P") else say(value, lang)


def _retention(value: list[Row], lang: str, labels: Mapping[str, str]) -> str:
    """'Name, E-mail address: 1 year after the end of the course: delete'; field labels from the row."""

    def named(fields: list[str]) -> str:
        return ", ".join(labels.get(f, f) for f in fields)

    def one(r: Row) -> str:
        after = f" {say('or', lang)} ".join(_lower_first(t) for t in r["trigger_labels"])
        action = say(r["action"], lang)
        if r["keep_fields"]:
            action += f" ({say('keeps', lang)} {named(r['keep_fields'])})"
        if r["period"].startswith("P"):
            text = f"{named(r['fields'])}: {period(r['period'], lang)} {say('after', lang)} {after}: {action}"
        elif r["period"] == "as_long_as_necessary":
            text = f"{named(r['fields'])}: {say(r['period'], lang)} ({say('from', lang)} {after}), "
            text += f"{say('then', lang)} {action}"
        else:  # indefinite: no period, so nothing happens 'then'
            text = f"{named(r['fields'])}: {say(r['period'], lang)} ({say('from', lang)} {after}), "
            text += say("not_deleted", lang)
        extra = [f"{say('only_with', lang)} '{r['condition']}'" if r["condition"] else None]
        extra += [f"{say(k, lang)}: {r[k]}" if r[k] else None for k in ("law", "criteria")]
        return join([text, *extra], " – ")

    return join(one(r) for r in value)


def _lower_first(label: str) -> str:
    """'End of the course' reads 'end of the course' mid-sentence; 'KvK' and 'BSN' stay as they are."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def _sources(value: list[Row], lang: str) -> str:
    return join(join([s["name"] or say(s["kind"], lang), s["text"]], ": ") for s in value)


def _dpia(value: Row, lang: str) -> str:
    done = join([value["reference"], value["date"]], ", ") or say("no_dpia", lang)
    if value["reasons"]:
        return f"{done}; {say('dpia_indicated', lang)}: {', '.join(value['reasons'])}"
    return done


def _automated(value: Row | None, lang: str) -> str:
    if value is None:
        return ""
    parts = [say("yes" if value["used"] else "no", lang), value["logic"], value["consequences"]]
    parts += [say(k, lang) for k in ("human_review", "profiling") if value[k]]
    return join(parts)


def _to_confirm(value: list[Row], _lang: str) -> str:
    return join(f"{m['path']}: {m['reason']}" for m in value)


def _systems(value: list[Row], _lang: str) -> str:
    return join(f"{s['name']} ({s['owner']}, {s['reach']})" for s in value)


SUMMARIES: dict[str, Callable[[Any, str], str]] = {
    "to_confirm": _to_confirm,
    "systems": _systems,
    "controller": _controller,
    "legal_basis": _legal_basis,
    "data_categories": _data_categories,
    "recipients": _recipients,
    "processors": _processors,
    "transfers": _transfers,
    "sources": _sources,
    "dpia": _dpia,
    "automated_decisions": _automated,
}
"""How a nested JSON value reads in one cell; lists of texts are joined with '; '."""
