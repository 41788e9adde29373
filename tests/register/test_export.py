"""Exports: fideslang manifests pass fideslang's own models and reference checks; DPV JSON-LD parses with
rdflib and answers the questions an auditor asks (which basis, how long, to where, on what ground)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import (
    DataCategory,
    DataSubject,
    DataUse,
    Organization,
    PrivacyDeclaration,
    System,
    Taxonomy,
)
from fideslang.relationships import get_referenced_missing_keys
from pydantic import BaseModel
from rdflib import XSD, Graph, Literal, URIRef

from tests.factories import ROOT, make_register
from waarborg.core.periods import Period
from waarborg.register.export import dpv_terms, dump_dpv, dump_fideslang, export, to_fideslang
from waarborg.register.export.common import xsd_duration
from waarborg.register.loader import load_register
from waarborg.register.schema import Register

REGISTERS = [ROOT / "tests/data/minimal.yaml", *sorted((ROOT / "examples/registers").glob("*.yaml"))]
EU = "https://w3id.org/dpv/legal/eu/gdpr#"
DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
BASIS_IRI = {
    "consent": EU + "A6-1-a",
    "contract": EU + "A6-1-b",
    "legal_obligation": EU + "A6-1-c",
    "vital_interests": EU + "A6-1-d",
    "public_task": EU + "A6-1-e",
    "legitimate_interests": EU + "A6-1-f",
}
PREFIXES = """
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX eu-gdpr: <https://w3id.org/dpv/legal/eu/gdpr#>
PREFIX pd: <https://w3id.org/dpv/pd#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX waarborg: <urn:waarborg:vocab#>
"""
# rdflib 7.6's own JSON-LD parser wraps the target Graph in the ConjunctiveGraph it has deprecated; the
# warning comes from inside rdflib's parse(), whatever graph class the caller passes.
rdflib_jsonld = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated, use Dataset instead.:DeprecationWarning"
)


def by_name(path: Path) -> str:
    return path.name


@cache
def register_at(path: Path) -> Register:
    return load_register(path).register


def parse_dpv(register: Register) -> Graph:
    return Graph().parse(data=dump_dpv(register), format="json-ld")


def ids(graph: Graph, query: str, **bindings: Any) -> set[tuple[str, ...]]:
    rows = graph.query(PREFIXES + query, initBindings=bindings)
    return {tuple(str(value) for value in row) for row in rows}  # type: ignore[union-attr]


def systems(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {system["fides_key"]: system for system in manifest["system"]}


def assert_known_keys(data: dict[str, Any], model: type[BaseModel]) -> None:
    """fideslang models ignore unknown keys; a misspelt field would vanish silently, so check for it."""
    assert set(data) <= set(model.model_fields), set(data) - set(model.model_fields)


# --- fideslang ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_fideslang_manifest_validates_with_fideslang_models(path: Path) -> None:
    manifest = yaml.safe_load(dump_fideslang(register_at(path)))
    Taxonomy.model_validate(manifest)
    for system in manifest["system"]:
        assert_known_keys(system, System)
        System.model_validate(system)
        for declaration in system["privacy_declarations"]:
            assert_known_keys(declaration, PrivacyDeclaration)
    for organization in manifest["organization"]:
        assert_known_keys(organization, Organization)
    for section, model in (("data_category", DataCategory), ("data_use", DataUse), ("data_subject", DataSubject)):
        for term in manifest.get(section, []):
            assert_known_keys(term, model)


@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_fideslang_manifest_references_only_keys_that_exist(path: Path) -> None:
    """fideslang's own reference check, over the manifest plus the default taxonomy it builds on."""
    manifest = to_fideslang(register_at(path))
    default = DEFAULT_TAXONOMY
    everything = Taxonomy.model_validate(
        {
            "data_category": [*default.data_category, *manifest.get("data_category", [])],
            "data_use": [*default.data_use, *manifest.get("data_use", [])],
            "data_subject": [*default.data_subject, *manifest.get("data_subject", [])],
            "organization": [*default.organization, *manifest["organization"]],
            "system": manifest["system"],
        }
    )
    assert get_referenced_missing_keys(everything) == set()


@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_fideslang_has_one_declaration_per_activity_purpose(path: Path) -> None:
    register = register_at(path)
    found = systems(to_fideslang(register))
    for key, activity in register.activities.items():
        declarations = found[f"activity.{key}"]["privacy_declarations"]
        assert sorted(d["data_use"] for d in declarations) == sorted(p.use for p in activity.purposes)
        expected_bases = sorted((p.basis or activity.basis).value for p in activity.purposes)
        assert sorted(d["legal_basis_for_processing"] for d in declarations) == sorted(
            {"consent": "Consent", "contract": "Contract", "legal_obligation": "Legal obligations",
             "vital_interests": "Vital interests", "public_task": "Public interest",
             "legitimate_interests": "Legitimate interests"}[b] for b in expected_bases
        )  # fmt: skip
        for declaration in declarations:
            assert set(declaration["data_categories"]) == {f.category for f in activity.fields.values()}
            assert set(declaration["data_subjects"]) == {register.subjects[s].taxonomy for s in activity.subjects}
            assert declaration["flexible_legal_basis_for_processing"] is False


def test_fideslang_minimal_register_in_detail() -> None:
    manifest = to_fideslang(make_register().register)
    assert manifest["organization"][0]["fides_key"] == "voorbeeld_opleidingen_b_v"
    found = systems(manifest)
    assert set(found) == {"activity.courses", "activity.newsletter", "processor.lms"}
    courses = found["activity.courses"]
    assert courses["responsibility"] == ["Controller"]
    assert courses["organization_fides_key"] == "voorbeeld_opleidingen_b_v"
    assert courses["egress"] == [
        {"fides_key": "processor.lms", "type": "system",
         "data_categories": ["user.name", "user.contact.email", "user.content.private"]}
    ]  # fmt: skip
    [declaration] = courses["privacy_declarations"]
    assert declaration["name"] == "To provide your course"
    assert declaration["data_use"] == "essential.service"
    assert declaration["data_subjects"] == ["trainee"]
    assert declaration["legal_basis_for_processing"] == "Contract"
    assert declaration["retention_period"] == "P1Y after course_completed, then delete"
    assert declaration["egress"] == ["processor.lms"]
    assert declaration["processes_special_category_data"] is False
    assert courses["does_international_transfers"] is False
    newsletter = found["activity.newsletter"]["privacy_declarations"][0]
    assert newsletter["legal_basis_for_processing"] == "Consent"
    assert newsletter["retention_period"] == "P4W after unsubscribed, then delete"
    lms = found["processor.lms"]
    assert lms["responsibility"] == ["Processor"]
    assert lms["ingress"] == [{"fides_key": "activity.courses", "type": "system"}]
    assert found["activity.newsletter"]["meta"]["waarborg"]["rights"] == [
        "access", "rectification", "erasure", "restriction", "portability", "objection", "withdraw_consent",
        "complaint",
    ]  # fmt: skip


def test_fideslang_custom_terms_are_declared_with_their_parent() -> None:
    manifest = to_fideslang(register_at(ROOT / "examples/registers/icm.yaml"))
    categories = {term["fides_key"]: term for term in manifest["data_category"]}
    assert categories["user.education.level"]["parent_key"] == "user.education"
    assert categories["user.education"]["parent_key"] == "user"
    assert categories["user.education"]["name"] == "Education data"
    assert [term["fides_key"] for term in manifest["data_use"]] == ["marketing.event_reporting"]


def test_fideslang_exports_the_privacy_shield_transfer_and_flags_it() -> None:
    found = systems(to_fideslang(register_at(ROOT / "examples/registers/ivio.yaml")))
    google = found["processor.google"]
    assert google["does_international_transfers"] is True
    assert google["legal_basis_for_transfers"] == ["Privacy Shield (invalid, C-311/18)"]
    assert google["meta"]["waarborg"]["valid"] is False
    assert "C-311/18" in google["meta"]["waarborg"]["reason"]
    website = found["activity.website"]
    assert website["does_international_transfers"] is True
    assert website["meta"]["waarborg"]["transfers"][0]["mechanism"] == "privacy_shield"


def with_special_data_and_sccs(data: dict[str, Any]) -> None:
    courses = data["activities"]["courses"]
    courses["fields"]["health"] = {"category": "user.health_and_medical"}
    courses["special_category"] = {"condition": "9(2)(h)"}
    data["processors"]["lms"] |= {"country": "US", "transfer": {"mechanism": "scc", "reference": "SCC 2021/914"}}


def test_fideslang_special_category_and_scc_transfer() -> None:
    found = systems(to_fideslang(make_register(with_special_data_and_sccs).register))
    declaration = found["activity.courses"]["privacy_declarations"][0]
    assert declaration["processes_special_category_data"] is True
    assert declaration["special_category_legal_basis"] == "Health or social care (with a basis in law)"
    assert found["activity.courses"]["legal_basis_for_transfers"] == ["SCCs"]
    assert found["processor.lms"]["legal_basis_for_transfers"] == ["SCCs"]


# --- DPV ----------------------------------------------------------------------------------------------


@rdflib_jsonld
@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_dpv_gives_each_activity_its_legal_bases_and_retention_periods(path: Path) -> None:
    register = register_at(path)
    graph = parse_dpv(register)
    for key, activity in register.activities.items():
        notation = Literal(key)
        bases = ids(graph, "SELECT ?b WHERE { ?a a dpv:PersonalDataProcess ; skos:notation ?k ; dpv:hasLegalBasis ?b }",
                    k=notation)  # fmt: skip
        expected = {(BASIS_IRI[(p.basis or activity.basis).value],) for p in activity.purposes}
        if activity.special_category:
            expected.add((EU + "A9-2-" + activity.special_category.condition[-2],))
        assert bases == expected, key
        rows = graph.query(
            PREFIXES + "SELECT ?d WHERE { ?a skos:notation ?k ; dpv:hasStorageCondition/dpv:hasDuration/rdf:value ?d }",
            initBindings={"k": notation},
        )
        durations = {row[0] for row in rows}  # type: ignore[index]
        periods = {
            Literal(str(r.keep), datatype=XSD.duration) for r in activity.retention if isinstance(r.keep, Period)
        }
        assert durations == periods, key
        assert all(isinstance(d, Literal) and not d.ill_typed for d in durations)


@rdflib_jsonld
@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_dpv_uses_only_declared_namespaces(path: Path) -> None:
    """An undeclared prefix in JSON-LD silently becomes an IRI scheme ('dvp:Process'); catch that."""
    graph = parse_dpv(register_at(path))
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    allowed = ("https://", "http://", "urn:waarborg:")
    assert {iri for iri in iris if not str(iri).startswith(allowed)} == set()


@rdflib_jsonld
@pytest.mark.parametrize("path", REGISTERS, ids=by_name)
def test_dpv_pairs_each_purpose_with_its_own_basis_where_bases_differ(path: Path) -> None:
    register = register_at(path)
    graph = parse_dpv(register)
    for key, activity in register.activities.items():
        bases = {p.basis or activity.basis for p in activity.purposes}
        if len(bases) < 2:
            continue
        pairs = ids(graph, """SELECT ?use ?b WHERE { ?a skos:notation ?k ; dpv:hasProcess ?p .
                                 ?p dpv:hasPurpose/skos:notation ?use ; dpv:hasLegalBasis ?b }""",
                    k=Literal(key))  # fmt: skip
        assert pairs == {(p.use, BASIS_IRI[(p.basis or activity.basis).value]) for p in activity.purposes}


@rdflib_jsonld
def test_dpv_minimal_register_in_detail() -> None:
    graph = parse_dpv(make_register().register)
    courses = Literal("courses")
    data = ids(graph, "SELECT ?d WHERE { ?a skos:notation ?k ; dpv:hasPersonalData ?d }", k=courses)
    assert data == {(PD + "Name",), (PD + "EmailAddress",), ("urn:waarborg:pd#user.content.private",)}
    labels = ids(graph, "SELECT ?l WHERE { <urn:waarborg:pd#user.content.private> rdfs:label ?l }")
    assert len(labels) == 2  # one in Dutch, one in English
    processor = ids(
        graph,
        """SELECT ?name ?loc WHERE { ?a skos:notation ?k ; dpv:hasDataProcessor ?p .
                                 ?p a dpv:DataProcessor ; dpv:hasName ?name ; dpv:hasLocation ?loc }""",
        k=courses,
    )
    assert processor == {("Leerplatform B.V.", "https://w3id.org/dpv/loc#NL")}
    controller = ids(graph, "SELECT ?n WHERE { ?a skos:notation ?k ; dpv:hasDataController/dpv:hasName ?n }", k=courses)
    assert controller == {("Voorbeeld Opleidingen B.V.",)}
    rights = {r for (r,) in ids(graph, "SELECT ?r WHERE { ?a skos:notation ?k ; dpv:hasRight ?r }", k=courses)}
    assert rights == {EU + a for a in ("A15", "A16", "A17", "A18", "A20", "A77")}
    newsletter = ids(graph, "SELECT ?r WHERE { ?a skos:notation 'newsletter' ; dpv:hasRight ?r }")
    assert {(EU + "A7-3",), (EU + "A21",), (EU + "A20",)} <= newsletter
    purposes = ids(graph, "SELECT ?t WHERE { ?a skos:notation 'newsletter' ; dpv:hasPurpose ?p . ?p a ?t }")
    assert purposes == {(DPV + "Purpose",), (DPV + "DirectMarketing",)}


@rdflib_jsonld
def test_dpv_exports_the_privacy_shield_transfer_and_flags_it() -> None:
    graph = parse_dpv(register_at(ROOT / "examples/registers/ivio.yaml"))
    transfers = ids(
        graph,
        """SELECT ?basis ?country ?broader WHERE {
             ?a skos:notation 'website' ; dpv:hasProcess ?t .
             ?t dpv:hasProcessing dpv:Transfer ; waarborg:invalid true ; dpv:hasThirdCountry ?country ;
                dpv:hasLegalBasis ?basis ; rdfs:comment ?why .
             ?basis waarborg:invalid true ; skos:broader ?broader .
             FILTER(CONTAINS(?why, "C-311/18")) }""",
    )
    assert transfers == {("urn:waarborg:vocab#PrivacyShield", "https://w3id.org/dpv/loc#US", EU + "A45-3")}
    policy = ids(
        graph,
        "SELECT ?b WHERE { <urn:waarborg:ivio_opleidingen/transfer-policy> dpv:hasLegalBasis ?b }",
    )
    assert (EU + "A45-3",) not in policy, "the statement names no adequacy decision"


@rdflib_jsonld
def test_dpv_special_category_condition_and_scc_transfer() -> None:
    graph = parse_dpv(make_register(with_special_data_and_sccs).register)
    bases = ids(graph, "SELECT ?b WHERE { ?a skos:notation 'courses' ; dpv:hasLegalBasis ?b }")
    assert bases == {(EU + "A6-1-b",), (EU + "A9-2-h",)}
    health = ids(graph, "SELECT ?a WHERE { ?a skos:notation 'courses' ; dpv:hasPersonalData pd:MedicalHealth }")
    assert len(health) == 1
    transfer = ids(
        graph,
        """SELECT ?b ?c ?invalid WHERE { ?a skos:notation 'courses' ; dpv:hasProcess ?t .
                                 ?t dpv:hasLegalBasis ?b ; dpv:hasThirdCountry ?c ; waarborg:invalid ?invalid }""",
    )
    assert transfer == {(EU + "A46-2-c", "https://w3id.org/dpv/loc#US", "false")}


# --- mapping tables and the entry point ---------------------------------------------------------------


def test_mapping_tables_name_only_fideslang_default_keys() -> None:
    """A renamed fideslang key would otherwise leave a mapping that never matches."""
    assert set(dpv_terms.PERSONAL_DATA) <= {t.fides_key for t in DEFAULT_TAXONOMY.data_category}
    assert set(dpv_terms.PURPOSES) <= {t.fides_key for t in DEFAULT_TAXONOMY.data_use}
    assert set(dpv_terms.SUBJECTS) <= {t.fides_key for t in DEFAULT_TAXONOMY.data_subject}


@pytest.mark.parametrize(
    ("ground", "iri"),
    [
        ("Art. 49(1)(b) AVG: nodig voor de uitvoering van de overeenkomst", "eu-gdpr:A49-1-b"),
        ("article 49 (1) (a) GDPR, explicit consent", "eu-gdpr:A49-1-a"),
        ("uitdrukkelijke toestemming", "dpv:DataTransferLegalBasis"),
    ],
)
def test_derogation_ground_maps_to_its_article(ground: str, iri: str) -> None:
    assert dpv_terms.derogation_basis(ground) == iri


@pytest.mark.parametrize(
    ("period", "lexical"),
    [(Period(weeks=4), "P28D"), (Period(years=1, months=6, weeks=2, days=1), "P1Y6M15D"), (Period(), "P0D")],
)
def test_periods_become_xsd_durations_without_weeks(period: Period, lexical: str) -> None:
    assert xsd_duration(period) == lexical


def test_export_dispatches_by_target() -> None:
    register = make_register().register
    assert export(register, "fideslang") == dump_fideslang(register)
    assert export(register, "dpv") == dump_dpv(register)
    with pytest.raises(ValueError, match="unknown export target"):
        export(register, "ropa")  # type: ignore[arg-type]


# --- a real statement with a DPO and transfers that name no mechanism ---------------------------------

IKWERKINDEZORG = ROOT / "examples/registers/ikwerkindezorg.yaml"


def test_fideslang_dpo_and_transfer_without_mechanism() -> None:
    manifest = to_fideslang(register_at(IKWERKINDEZORG))
    assert manifest["organization"][0]["data_protection_officer"] == {
        "name": "Zillah Holtkamp",
        "email": "info@imhnederland.nl",
    }
    hubspot = systems(manifest)["processor.hubspot"]
    assert hubspot["does_international_transfers"] is True
    assert hubspot["legal_basis_for_transfers"] == []
    assert "mechanism" not in hubspot["meta"]["waarborg"]


@rdflib_jsonld
def test_dpv_dpo_and_transfer_without_mechanism() -> None:
    graph = parse_dpv(register_at(IKWERKINDEZORG))
    dpo = ids(graph, "SELECT ?n WHERE { ?c a dpv:DataController ; dpv:hasDataProtectionOfficer/dpv:hasName ?n }")
    assert dpo == {("Zillah Holtkamp",)}
    hubspot = ids(
        graph,
        """SELECT ?country ?basis WHERE { ?a skos:notation 'newsletter' ; dpv:hasProcess ?t .
             ?t dpv:hasProcessing dpv:Transfer ; dpv:hasDataProcessor/dpv:hasName 'Hubspot' ;
                dpv:hasThirdCountry ?country . OPTIONAL { ?t dpv:hasLegalBasis ?basis } }""",
    )
    assert hubspot == {("https://w3id.org/dpv/loc#US", "None")}
