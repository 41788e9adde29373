"""The nodes of a DPV export that activities point at: controller, statement, subjects, parties, data
category concepts and the (invalid) transfer mechanisms a register names.

Kept apart from the activities themselves so each module stays one idea; see ``dpv.py`` for the shape.
"""

from __future__ import annotations

from typing import Any

from waarborg.register.export import dpv_terms as terms
from waarborg.register.export.common import (
    INVALID_MECHANISMS,
    Party,
    address_line,
    categories,
    parties,
    transfers,
    web_address,
)
from waarborg.register.lint.facts import custom_special
from waarborg.register.schema import Person, Register, Transfer
from waarborg.register.taxonomy import is_special, label
from waarborg.register.types import Mechanism

Node = dict[str, Any]


def shared_nodes(register: Register) -> list[Node]:
    """Every node an activity may point at, each once: who, which statement, and which concepts."""
    graph: list[Node] = [_controller(register), _notice(register)]
    graph += [_subject(register, key) for key in register.subjects]
    graph += _parties(register)
    graph += [_category(register, key) for key in _used_categories(register) if key not in terms.PERSONAL_DATA]
    graph += [_invalid_basis(m) for m in _invalid_mechanisms(register)]
    return graph


# --- small builders --------------------------------------------------------------------------------------


def ref(iri: str) -> Node:
    return {"@id": iri}


def texts(value: dict[str, str] | None) -> list[Node] | str:
    """A register text as language-tagged literals; text the same in every language stays untagged."""
    if not value:
        return []
    if "*" in value:
        return value["*"]
    return [{"@value": text, "@language": lang} for lang, text in value.items()]


def _link(url: str | None) -> Node | str | None:
    """A web address as an IRI when it is one, else as the text it is (a bare 'www.x.nl' is no IRI)."""
    iri = web_address(url)
    return ref(iri) if iri else url


def compact(node: Node) -> Node:
    """Leave out empty values, so absent facts are absent rather than present-and-empty."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


# --- who ----------------------------------------------------------------------------------------------


def _controller(register: Register) -> Node:
    organisation = register.organisation
    authority = organisation.supervisory_authority
    privacy = organisation.privacy_contact
    contacts = [organisation.email, organisation.phone, organisation.website, privacy.email if privacy else None]
    return compact(
        {
            "@id": "reg:controller",
            "@type": "dpv:DataController",
            "dpv:hasName": organisation.name,
            "dpv:hasAddress": address_line(register),
            "dpv:hasContact": [c for c in dict.fromkeys(contacts) if c],
            "dct:identifier": f"KvK {organisation.kvk}" if organisation.kvk else None,
            "dpv:hasDataProtectionOfficer": _dpo(organisation.dpo) if organisation.dpo else None,
            "dpv:hasAuthority": compact(
                {
                    "@id": "reg:authority",
                    "@type": "dpv:DataProtectionAuthority",
                    "dpv:hasName": authority.name,
                    "rdfs:seeAlso": _link(authority.url),
                }
            ),
        }
    )


def _dpo(person: Person) -> Node:
    contacts = [person.email, person.phone, person.url]
    return compact(
        {
            "@id": "reg:dpo",
            "@type": "dpv:DataProtectionOfficer",
            "dpv:hasName": person.name,
            "dpv:hasAddress": person.address,
            "dpv:hasContact": [c for c in contacts if c],
        }
    )


def _notice(register: Register) -> Node:
    statement = register.statement
    return compact(
        {
            "@id": "reg:statement",
            "@type": "dpv:PrivacyNotice",
            "dct:title": texts(statement.title),
            "dct:language": statement.language.value,
            "dct:hasVersion": statement.version,
            "dct:modified": {"@value": statement.last_amended.isoformat(), "@type": "xsd:date"}
            if statement.last_amended
            else None,
            "rdfs:seeAlso": _link(statement.url),
        }
    )


def _subject(register: Register, key: str) -> Node:
    subject = register.subjects[key]
    kind = terms.SUBJECTS.get(subject.taxonomy)
    return compact(
        {
            "@id": f"reg:subject/{key}",
            "@type": ["dpv:DataSubject", kind] if kind else "dpv:DataSubject",
            "rdfs:label": texts(subject.label),
            "skos:notation": subject.taxonomy,
            "waarborg:mayIncludeChildren": True if subject.minors else None,
        }
    )


def party_iri(party: Party) -> str:
    return f"reg:{'processor' if party.kind in ('processor', 'sub_processor') else 'recipient'}/{party.key}"


def _parties(register: Register) -> list[Node]:
    """Every processor and recipient an activity names, once each."""
    found = {party_iri(p): p for activity in register.activities.values() for p in parties(register, activity)}
    return [
        {
            "@id": iri,
            "@type": terms.RECIPIENTS[party.kind][1],
            "dpv:hasName": party.name,
            "dpv:hasLocation": ref(f"loc:{party.country}"),
        }
        for iri, party in found.items()
    ]


# --- what ---------------------------------------------------------------------------------------------


def _used_categories(register: Register) -> list[str]:
    used = [key for activity in register.activities.values() for key in categories(activity)]
    return list(dict.fromkeys([*used, *register.taxonomy.data_categories]))


def category_iri(key: str) -> str:
    return terms.PERSONAL_DATA.get(key) or f"waarborg-pd:{key}"


def _category(register: Register, key: str) -> Node:
    """A data category without a pd: equivalent, with labels and its nearest pd: ancestor as broader."""
    custom = register.taxonomy.data_categories.get(key)
    labels = custom.label if custom else {lang: label(key, lang) for lang in ("nl", "en")}
    special = is_special(key, custom_special(register))
    return {
        "@id": f"waarborg-pd:{key}",
        "@type": ["dpv:PersonalData", "skos:Concept", *(["dpv:SpecialCategoryPersonalData"] if special else [])],
        "rdfs:label": texts(labels),
        "skos:notation": key,
        "skos:broader": ref(terms.nearest(key, terms.PERSONAL_DATA) or "dpv:PersonalData"),
    }


def mechanism_basis(mechanism: Mechanism, transfer: Transfer | None = None) -> str:
    if mechanism in terms.INVALID_BASIS:
        return terms.INVALID_BASIS[mechanism][0]
    if mechanism is Mechanism.derogation:
        ground = " ".join((transfer.derogation or {}).values()) if transfer else ""
        return terms.derogation_basis(ground)
    return terms.TRANSFER_BASIS[mechanism]


def _invalid_mechanisms(register: Register) -> list[Mechanism]:
    named = [p.transfer.mechanism for a in register.activities.values() for p in transfers(register, a) if p.transfer]
    named += register.transfers.mechanisms if register.transfers else []
    return [m for m in dict.fromkeys(named) if m in INVALID_MECHANISMS]


def _invalid_basis(mechanism: Mechanism) -> Node:
    iri, name, broader = terms.INVALID_BASIS[mechanism]
    return {
        "@id": iri,
        "@type": "dpv:LegalBasis",
        "rdfs:label": name,
        "skos:broader": ref(broader),
        "waarborg:invalid": True,
        "rdfs:comment": INVALID_MECHANISMS[mechanism],
    }
