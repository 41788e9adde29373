"""Export a register as W3C Data Privacy Vocabulary (DPV 2.x) JSON-LD, for RDF and compliance tools.

Shape: one ``@graph`` of nodes. The controller (with its DPO and supervisory authority), the privacy
statement (``dpv:PrivacyNotice``), the data subjects, the processors and recipients and Waarborg's own data
category concepts are nodes of their own; each activity is a ``dpv:PersonalDataProcess`` that points at
them and holds its purposes, legal bases (Art 6 and Art 9), personal data, retention
(``dpv:hasStorageCondition`` -> ``dpv:StorageDuration`` -> ``dpv:hasDuration`` with an ``xsd:duration``),
the rights that apply, and one ``dpv:Transfer`` sub-process per party outside the EEA with its mechanism.
Where purposes of one activity rest on different bases, each purpose also gets a sub-process that pairs
it with its basis, because a flat list of purposes and bases loses which goes with which.

Instance IRIs live under ``urn:waarborg:<organisation>/`` unless the caller passes a ``base`` (for
example the statement's URL), since a register knows no web address that is its own.
"""

from __future__ import annotations

import json

from waarborg.core.periods import Period
from waarborg.register.export import dpv_terms as terms
from waarborg.register.export.common import (
    Party,
    categories,
    parties,
    purpose_basis,
    slug,
    transfers,
    xsd_duration,
)
from waarborg.register.export.dpv_nodes import (
    Node,
    category_iri,
    compact,
    mechanism_basis,
    party_iri,
    ref,
    shared_nodes,
    texts,
)
from waarborg.register.lint.facts import applicable_rights, third_country
from waarborg.register.schema import Activity, Register, RetentionRule, TransferPolicy


def to_dpv(register: Register, base: str | None = None) -> Node:
    """The register as a DPV JSON-LD document (a dict ready for ``json.dumps``)."""
    context = terms.CONTEXT | {"reg": base or f"urn:waarborg:{slug(register.organisation.name)}/"}
    graph = shared_nodes(register)
    graph += [_activity(register, key, activity) for key, activity in register.activities.items()]
    if register.transfers and register.transfers.mechanisms:
        graph.append(_transfer_policy(register.transfers))
    return {"@context": context, "@graph": graph}


def dump_dpv(register: Register, base: str | None = None) -> str:
    """The DPV document as indented JSON-LD text."""
    return json.dumps(to_dpv(register, base), indent=2, ensure_ascii=False) + "\n"


# --- activities ---------------------------------------------------------------------------------------


def _activity(register: Register, key: str, activity: Activity) -> Node:
    """One activity as a process; its legal bases are those of its purposes plus any Art 9(2) condition."""
    iri = f"reg:activity/{key}"
    legal = [terms.LEGAL_BASIS[b] for b in dict.fromkeys(purpose_basis(activity, p) for p in activity.purposes)]
    if activity.special_category:
        legal.append(terms.special_basis(activity.special_category.condition))
    node: Node = {
        "@id": iri,
        "@type": ["dpv:Process", "dpv:PersonalDataProcess"],
        "rdfs:label": texts(activity.label),
        "dct:description": texts(activity.description),
        "skos:notation": key,
        "dpv:hasDataController": [ref("reg:controller")],
        "dpv:hasPurpose": [_purpose(iri, n, p.use, p.text) for n, p in enumerate(activity.purposes, 1)],
        "dpv:hasLegalBasis": [ref(b) for b in legal],
        "waarborg:legitimateInterest": texts(activity.interest),
        "waarborg:law": texts(activity.law),
        "dpv:hasPersonalData": [ref(category_iri(c)) for c in categories(activity)],
        "dpv:hasDataSubject": [ref(f"reg:subject/{s}") for s in activity.subjects],
        "dpv:hasStorageCondition": [_storage(activity, iri, n, r) for n, r in enumerate(activity.retention, 1)],
        "dpv:hasRight": [ref(terms.RIGHTS[right]) for right in applicable_rights(activity)],
        "dpv:hasProcess": [*_purpose_processes(activity, iri), *_transfers(register, activity, iri)],
        "dpv:hasImpactAssessment": _dpia(activity),
        "dpv:hasNotice": ref("reg:statement"),
    }
    for party in parties(register, activity):
        node.setdefault(terms.RECIPIENTS[party.kind][0], []).append(ref(party_iri(party)))
    return compact(node)


def _purpose(activity_iri: str, n: int, use: str, text: dict[str, str]) -> Node:
    kind = terms.nearest(use, terms.PURPOSES)
    return {
        "@id": f"{activity_iri}/purpose/{n}",
        "@type": ["dpv:Purpose", kind] if kind else "dpv:Purpose",
        "dct:description": texts(text),
        "skos:notation": use,
    }


def _purpose_processes(activity: Activity, iri: str) -> list[Node]:
    """Purpose-and-basis pairs, only where the activity's purposes do not share one basis."""
    if len({purpose_basis(activity, purpose) for purpose in activity.purposes}) < 2:
        return []
    return [
        {
            "@id": f"{iri}/purpose/{n}/process",
            "@type": "dpv:Process",
            "dpv:hasPurpose": ref(f"{iri}/purpose/{n}"),
            "dpv:hasLegalBasis": ref(terms.LEGAL_BASIS[purpose_basis(activity, purpose)]),
        }
        for n, purpose in enumerate(activity.purposes, 1)
    ]


def _storage(activity: Activity, iri: str, n: int, rule: RetentionRule) -> Node:
    fields = rule.fields or []
    return compact(
        {
            "@id": f"{iri}/retention/{n}",
            "@type": "dpv:StorageDuration",
            "dpv:hasDuration": _duration(rule.keep),
            "dpv:hasPersonalData": [ref(category_iri(activity.fields[f].category)) for f in fields],
            "waarborg:fields": fields,
            "waarborg:after": list(rule.after),
            "waarborg:then": rule.then.value,
            "waarborg:ifConsent": rule.if_consent,
            "waarborg:law": texts(rule.law),
            "waarborg:criteria": texts(rule.criteria),
            "rdfs:comment": texts(rule.text),
        }
    )


def _duration(keep: Period | str) -> Node:
    if isinstance(keep, Period):
        return {"@type": "dpv:TemporalDuration", "rdf:value": {"@value": xsd_duration(keep), "@type": "xsd:duration"}}
    return {"@type": "dpv:EndlessDuration" if keep == "indefinite" else "dpv:IndeterminateDuration"}


def _transfers(register: Register, activity: Activity, iri: str) -> list[Node]:
    return [_transfer(party, f"{iri}/transfer/{party.key}") for party in transfers(register, activity)]


def _transfer(party: Party, iri: str) -> Node:
    transfer = party.transfer
    country = "dpv:hasThirdCountry" if third_country(party.country) else "dpv:hasCountry"
    node: Node = {
        "@id": iri,
        "@type": "dpv:Process",
        "dpv:hasProcessing": ref("dpv:Transfer"),
        terms.RECIPIENTS[party.kind][0]: ref(party_iri(party)),
        country: ref(f"loc:{party.country}"),
    }
    if transfer is None:
        return node | {"rdfs:comment": "The register names no transfer mechanism for this party."}
    node |= {
        "dpv:hasLegalBasis": ref(mechanism_basis(transfer.mechanism, transfer)),
        "waarborg:mechanism": transfer.mechanism.value,
        "waarborg:invalid": party.invalid_reason is not None,
        "waarborg:reference": transfer.reference,
        "dct:description": texts(transfer.text),
        "rdfs:comment": party.invalid_reason,
    }
    return compact(node)


def _dpia(activity: Activity) -> Node | None:
    if not activity.dpia:
        return None
    date = activity.dpia.date
    return compact(
        {
            "@type": "dpv:DPIA",
            "dct:identifier": activity.dpia.reference,
            "dct:date": {"@value": date.isoformat(), "@type": "xsd:date"} if date else None,
        }
    )


def _transfer_policy(policy: TransferPolicy) -> Node:
    """The statement's general paragraph on transfers: the mechanisms it says it relies on."""
    return compact(
        {
            "@id": "reg:transfer-policy",
            "@type": "dpv:Process",
            "dpv:hasProcessing": ref("dpv:Transfer"),
            "dpv:hasDataController": ref("reg:controller"),
            "dpv:hasLegalBasis": [ref(mechanism_basis(m)) for m in policy.mechanisms],
            "waarborg:copyOnRequest": policy.copy_on_request,
            "dct:description": texts(policy.text),
        }
    )
