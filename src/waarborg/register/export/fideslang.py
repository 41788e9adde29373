"""Export a register as a fideslang manifest: the YAML that ``fides`` reads (``organization``, ``system``
and the register's own ``data_category`` / ``data_use`` / ``data_subject`` terms).

Why one System per activity, not one System for the organisation: in fideslang the legal facts that
differ between activities live on the System, not on the PrivacyDeclaration: international transfers
and their basis, profiling and its basis, DPIA, security practices, joint controllers and data flows
(``egress``/``ingress``). One organisation-wide System would have to merge these, and a merged
"does_international_transfers: true" says nothing about *which* processing sends data abroad. So each
activity is a System (``responsibility: [Controller]``) with one PrivacyDeclaration per purpose, which is
what fideslang models per declaration: one data use with its legal basis, categories and subjects.

Processors become Systems of their own (``responsibility: [Processor]`` or ``[Sub-Processor]``), joined
to the activities that use them by fideslang DataFlows: the activity's ``egress`` and each declaration's
``egress`` name the processor, the processor's ``ingress`` names the activity. Their country and transfer
mechanism sit on the processor System, where fideslang's transfer fields describe exactly that party.

fideslang has no place for: the legitimate interest's wording, the law behind basis (c)/(e), consent
options, sources, cookies (``cookies`` is deprecated in fideslang 3) and roles. What has no field but
matters for review (retention rules in full, invalid transfer mechanisms) goes under ``meta.waarborg``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import yaml

from waarborg.register.export.common import (
    Party,
    address_line,
    categories,
    contact_email,
    parties,
    purpose_basis,
    retention_summary,
    slug,
    subject_taxonomy,
    text,
    web_address,
)
from waarborg.register.lint.facts import applicable_rights, dpia_reasons, special_fields
from waarborg.register.schema import Activity, CustomTerm, Person, Purpose, Register
from waarborg.register.types import Basis, Mechanism

LEGAL_BASIS: dict[Basis, str] = {
    Basis.consent: "Consent",
    Basis.contract: "Contract",
    Basis.legal_obligation: "Legal obligations",
    Basis.vital_interests: "Vital interests",
    Basis.public_task: "Public interest",
    Basis.legitimate_interests: "Legitimate interests",
}
"""Art 6(1) bases as fideslang's LegalBasisForProcessingEnum values."""

SPECIAL_BASIS: dict[str, str] = {
    "9(2)(a)": "Explicit consent",
    "9(2)(b)": "Employment, social security and social protection",
    "9(2)(c)": "Vital interests",
    "9(2)(d)": "Not-for-profit bodies",
    "9(2)(e)": "Made public by the data subject",
    "9(2)(f)": "Legal claims or judicial acts",
    "9(2)(g)": "Reasons of substantial public interest (with a basis in law)",
    "9(2)(h)": "Health or social care (with a basis in law)",
    "9(2)(i)": "Public health (with a basis in law)",
    "9(2)(j)": "Archiving, research and statistics (with a basis in law)",
}
"""Art 9(2) conditions as fideslang's SpecialCategoryLegalBasisEnum values (same order as the GDPR)."""

TRANSFER_BASIS: dict[Mechanism, str] = {
    Mechanism.adequacy: "Adequacy Decision",
    Mechanism.dpf: "Adequacy Decision",
    Mechanism.scc: "SCCs",
    Mechanism.bcr: "BCRs",
    Mechanism.derogation: "Other",
    Mechanism.privacy_shield: "Privacy Shield (invalid, C-311/18)",
    Mechanism.safe_harbour: "Safe Harbour (invalid, C-362/14)",
    Mechanism.scc_2010: "SCCs 2010 (invalid since 27 December 2022)",
}
"""Transfer mechanisms as fideslang's LegalBasisForTransfersEnum values. The field takes any string, so an
invalid mechanism is written out under its own name rather than disguised as a valid one."""

PROFILING_BASIS: dict[Basis, str] = {
    Basis.consent: "Explicit consent",
    Basis.contract: "Contract",
    Basis.legal_obligation: "Authorised by law",
    Basis.public_task: "Authorised by law",
}
"""Art 22(2) exceptions as fideslang's LegalBasisForProfilingEnum values."""


def to_fideslang(register: Register, lang: str = "en") -> dict[str, Any]:
    """The register as a fideslang manifest (a dict ready for YAML or JSON)."""
    org = organisation_key(register)
    systems = [_activity_system(register, key, activity, org, lang) for key, activity in register.activities.items()]
    systems += [_processor_system(register, key, org, lang) for key in register.processors]
    manifest: dict[str, Any] = {"organization": [_organization(register, org)], "system": systems}
    terms = register.taxonomy
    for section, custom in (
        ("data_category", terms.data_categories),
        ("data_use", terms.data_uses),
        ("data_subject", terms.data_subjects),
    ):
        if custom:
            manifest[section] = [_term(key, term, org, lang) for key, term in custom.items()]
    return manifest


def dump_fideslang(register: Register, lang: str = "en") -> str:
    """The manifest as YAML, in the key order fides writes it."""
    return yaml.safe_dump(to_fideslang(register, lang), sort_keys=False, allow_unicode=True)


def organisation_key(register: Register) -> str:
    return slug(register.organisation.name)


def activity_key(key: str) -> str:
    return f"activity.{key}"


def processor_key(key: str) -> str:
    return f"processor.{key}"


def _organization(register: Register, org: str) -> dict[str, Any]:
    organisation = register.organisation
    controller = {
        "name": organisation.name,
        "address": address_line(register),
        "email": organisation.email or "",
        "phone": organisation.phone or "",
    }
    out: dict[str, Any] = {"fides_key": org, "name": organisation.name, "controller": _contact(controller)}
    if organisation.dpo:
        out["data_protection_officer"] = _person(organisation.dpo)
    return out


def _person(person: Person) -> dict[str, str]:
    return _contact({"name": person.name, "address": person.address, "email": person.email, "phone": person.phone})


def _contact(values: Mapping[str, str | None]) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


def _term(key: str, term: CustomTerm, org: str, lang: str) -> dict[str, Any]:
    """A custom taxonomy term; fideslang derives the parent from the key, so it is taken from there."""
    out: dict[str, Any] = {"fides_key": key, "organization_fides_key": org, "name": text(term.label, lang)}
    if "." in key:
        out["parent_key"] = key.rsplit(".", 1)[0]
    if term.special:
        out["tags"] = ["special_category"]
    return out


def _activity_system(register: Register, key: str, activity: Activity, org: str, lang: str) -> dict[str, Any]:
    to = parties(register, activity)
    processors = [processor_key(p.key) for p in to if p.kind in ("processor", "sub_processor")]
    abroad = [p for p in to if p.outside_eea]
    system: dict[str, Any] = {
        "fides_key": activity_key(key),
        "organization_fides_key": org,
        "name": text(activity.label, lang),
        "description": text(activity.description, lang),
        "system_type": "Processing activity",
        "responsibility": ["Controller"],
        "legal_name": register.organisation.name,
        "legal_address": address_line(register),
        "dpo": contact_email(register),
        "privacy_policy": web_address(register.statement.url),
        "joint_controller_info": ", ".join(p.name for p in to if p.kind == "joint_controller"),
        "does_international_transfers": bool(abroad),
        "legal_basis_for_transfers": _transfer_bases(abroad),
        "uses_profiling": bool(activity.automated_decisions and activity.automated_decisions.used),
        "legal_basis_for_profiling": _profiling_bases(activity),
        "requires_data_protection_assessments": bool(activity.dpia or dpia_reasons(register, activity)),
        "dpa_location": activity.dpia.reference if activity.dpia else None,
        "data_security_practices": "; ".join(text(s, lang) for s in [*activity.security, *register.security]),
        "egress": [_flow(k, categories(activity)) for k in processors],
        "privacy_declarations": _declarations(register, activity, to, processors, lang),
        "meta": {"waarborg": _meta(key, activity, abroad)},
    }
    return _without_empty(system)


def _declarations(
    register: Register, activity: Activity, to: list[Party], egress: list[str], lang: str
) -> list[dict[str, Any]]:
    """One PrivacyDeclaration per purpose, named after it (fideslang sorts them by name)."""
    names = _unique([text(p.text, lang) or p.use for p in activity.purposes])
    return [
        _declaration(register, activity, purpose, name, to, egress)
        for purpose, name in zip(activity.purposes, names, strict=True)
    ]


def _declaration(
    register: Register, activity: Activity, purpose: Purpose, name: str, to: list[Party], egress: list[str]
) -> dict[str, Any]:
    basis = purpose_basis(activity, purpose)
    third = [p.name for p in to if p.kind in ("controller", "joint_controller", "public_authority")]
    special = activity.special_category
    declaration: dict[str, Any] = {
        "name": name,
        "data_use": purpose.use,
        "data_categories": categories(activity),
        "data_subjects": subject_taxonomy(register, activity),
        "legal_basis_for_processing": LEGAL_BASIS[basis],
        "flexible_legal_basis_for_processing": False,
        "impact_assessment_location": activity.balancing_test if basis is Basis.legitimate_interests else None,
        "processes_special_category_data": bool(special or special_fields(register, activity)),
        "special_category_legal_basis": SPECIAL_BASIS[special.condition] if special else None,
        "retention_period": "; ".join(retention_summary(rule) for rule in activity.retention),
        "data_shared_with_third_parties": bool(third),
        "third_parties": ", ".join(third),
        "shared_categories": categories(activity) if third else [],
        "egress": egress,
    }
    return _without_empty(declaration)


def _processor_system(register: Register, key: str, org: str, lang: str) -> dict[str, Any]:
    processor = register.processors[key]
    users = [activity_key(k) for k, a in register.activities.items() if key in _processor_keys(register, a)]
    mechanism = processor.transfer.mechanism if processor.transfer else None
    party = Party(key, processor.name, processor.role, processor.country, processor.transfer)
    system: dict[str, Any] = {
        "fides_key": processor_key(key),
        "organization_fides_key": org,
        "name": processor.name,
        "description": text(processor.service, lang),
        "system_type": "Service",
        "responsibility": ["Sub-Processor" if processor.role == "sub_processor" else "Processor"],
        "legal_name": processor.name,
        "does_international_transfers": party.outside_eea,
        "legal_basis_for_transfers": [TRANSFER_BASIS[mechanism]] if mechanism else [],
        "ingress": [_flow(k) for k in users],
        "egress": [_flow(processor_key(k)) for k in processor.sub_processors if k in register.processors],
        "privacy_declarations": [],
        "meta": {"waarborg": _transfer_meta(party) | {"agreement": bool(processor.agreement), "ai": processor.ai}},
    }
    return _without_empty(system)


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    """Drop unset optional fields (None, '', empty lists of flows); keep False and required empty lists."""
    required = {"privacy_declarations", "legal_basis_for_transfers", "legal_basis_for_profiling"}
    return {k: v for k, v in values.items() if k in required or v not in (None, "", [])}


def _processor_keys(register: Register, activity: Activity) -> set[str]:
    return {p.key for p in parties(register, activity) if p.kind in ("processor", "sub_processor")}


def _flow(key: str, data_categories: list[str] | None = None) -> dict[str, Any]:
    flow: dict[str, Any] = {"fides_key": key, "type": "system"}
    if data_categories:
        flow["data_categories"] = data_categories
    return flow


def _transfer_bases(abroad: list[Party]) -> list[str]:
    return list(dict.fromkeys(TRANSFER_BASIS[p.transfer.mechanism] for p in abroad if p.transfer))


def _profiling_bases(activity: Activity) -> list[str]:
    if not (activity.automated_decisions and activity.automated_decisions.used):
        return []
    bases = [activity.basis, *(p.basis for p in activity.purposes if p.basis)]
    return list(dict.fromkeys(PROFILING_BASIS[b] for b in bases if b in PROFILING_BASIS))


def _meta(key: str, activity: Activity, abroad: list[Party]) -> dict[str, Any]:
    """What fideslang has no field for, kept for whoever reviews the manifest."""
    retention = [r.model_dump(mode="json", exclude_defaults=True, exclude={"text", "note"}) for r in activity.retention]
    return {
        "activity": key,
        "subjects": list(activity.subjects),
        "rights": [right.value for right in applicable_rights(activity)],
        "retention": retention,
        "transfers": [_transfer_meta(p) for p in abroad],
    }


def _transfer_meta(party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"party": party.key, "name": party.name, "country": party.country}
    if party.transfer:
        out |= {"mechanism": party.transfer.mechanism.value, "valid": party.invalid_reason is None}
    if party.invalid_reason:
        out["reason"] = party.invalid_reason
    return out


def _unique(names: list[str]) -> list[str]:
    """Names made unique by numbering repeats, so no two declarations of a System share one."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
