"""The DPV 2.x concepts the DPV export uses, and how register values map onto them.

Every IRI here was checked against the DPV 2.1 sources (github.com/w3c/dpv, folder 2.1: dpv/modules,
legal/eu/gdpr/modules, pd/pd.csv, loc/loc.csv). DPV 2.1 uses the versionless namespaces below. A mapping is
listed only where the DPV concept says the same thing; everything else becomes a Waarborg concept with the
nearest DPV concept as its ``skos:broader``.
"""

from __future__ import annotations

import re

from waarborg.register.types import Basis, Mechanism, Right

DPV = "https://w3id.org/dpv#"
EU_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
PD = "https://w3id.org/dpv/pd#"
LOC = "https://w3id.org/dpv/loc#"
WAARBORG = "urn:waarborg:vocab#"
"""Waarborg's own terms (flags, fields DPV has no property for). A URN: Waarborg owns no web namespace."""
WAARBORG_PD = "urn:waarborg:pd#"
"""Personal data concepts for fideslang categories without a pd: equivalent; the local name is the key."""

CONTEXT: dict[str, str] = {
    "dpv": DPV,
    "eu-gdpr": EU_GDPR,
    "pd": PD,
    "loc": LOC,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "waarborg": WAARBORG,
    "waarborg-pd": WAARBORG_PD,
}

LEGAL_BASIS: dict[Basis, str] = {
    Basis.consent: "eu-gdpr:A6-1-a",
    Basis.contract: "eu-gdpr:A6-1-b",
    Basis.legal_obligation: "eu-gdpr:A6-1-c",
    Basis.vital_interests: "eu-gdpr:A6-1-d",
    Basis.public_task: "eu-gdpr:A6-1-e",
    Basis.legitimate_interests: "eu-gdpr:A6-1-f",
}


def special_basis(condition: str) -> str:
    """'9(2)(h)' -> 'eu-gdpr:A9-2-h'."""
    return f"eu-gdpr:A9-2-{condition[-2]}"


RIGHTS: dict[Right, str] = {
    Right.access: "eu-gdpr:A15",
    Right.rectification: "eu-gdpr:A16",
    Right.erasure: "eu-gdpr:A17",
    Right.restriction: "eu-gdpr:A18",
    Right.portability: "eu-gdpr:A20",
    Right.objection: "eu-gdpr:A21",
    Right.human_review: "eu-gdpr:A22",
    Right.withdraw_consent: "eu-gdpr:A7-3",
    Right.complaint: "eu-gdpr:A77",
}

TRANSFER_BASIS: dict[Mechanism, str] = {
    Mechanism.adequacy: "eu-gdpr:A45-3",
    Mechanism.dpf: "eu-gdpr:A45-3",
    Mechanism.scc: "eu-gdpr:A46-2-c",
    Mechanism.bcr: "eu-gdpr:A46-2-b",
}
"""Valid mechanisms. DPV files BCRs under Art 46(2)(b) (there is no eu-gdpr:A47-1); the DPF is an adequacy
decision (2023/1795) and so Art 45(3)."""

INVALID_BASIS: dict[Mechanism, tuple[str, str, str]] = {
    Mechanism.privacy_shield: ("waarborg:PrivacyShield", "EU-US Privacy Shield", "eu-gdpr:A45-3"),
    Mechanism.safe_harbour: ("waarborg:SafeHarbour", "Safe Harbour", "eu-gdpr:A45-3"),
    Mechanism.scc_2010: ("waarborg:SCC2010", "Standard contractual clauses 2010/87/EU", "eu-gdpr:A46-2-c"),
}
"""Invalid mechanisms as Waarborg concepts (IRI, label, the DPV concept they once fell under): exported so
the claim is visible, but never as the DPV concept itself, which would read as a lawful basis."""

DEROGATION_FALLBACK = "dpv:DataTransferLegalBasis"
_DEROGATION = re.compile(r"49\s*\(\s*1\s*\)\s*\(?\s*([a-g])\s*\)?", re.IGNORECASE)


def derogation_basis(ground: str) -> str:
    """An Art 49(1) derogation named in free text ('Art 49(1)(b) ...') as its DPV concept, if recognisable."""
    match = _DEROGATION.search(ground)
    return f"eu-gdpr:A49-1-{match.group(1).lower()}" if match else DEROGATION_FALLBACK


PERSONAL_DATA: dict[str, str] = {
    "user.authorization.password": "pd:Password",
    "user.behavior": "pd:Behavioral",
    "user.behavior.browsing_history": "pd:BrowserHistory",
    "user.behavior.purchase_history": "pd:Purchase",
    "user.biometric": "pd:Biometric",
    "user.biometric.fingerprint": "pd:Fingerprint",
    "user.biometric.retinal": "pd:Retina",
    "user.contact": "pd:Contact",
    "user.contact.address": "pd:PhysicalAddress",
    "user.contact.address.city": "pd:City",
    "user.contact.address.country": "pd:Country",
    "user.contact.address.postal_code": "pd:PostalCode",
    "user.contact.address.street": "pd:Street",
    "user.contact.email": "pd:EmailAddress",
    "user.contact.phone_number": "pd:TelephoneNumber",
    "user.content.self_image": "pd:Picture",
    "user.criminal_history": "pd:Criminal",
    "user.demographic": "pd:Demographic",
    "user.demographic.age_range": "pd:AgeRange",
    "user.demographic.date_of_birth": "pd:BirthDate",
    "user.demographic.gender": "pd:Gender",
    "user.demographic.language": "pd:Language",
    "user.demographic.marital_status": "pd:MaritalStatus",
    "user.demographic.political_opinion": "pd:PoliticalOpinion",
    "user.demographic.religious_belief": "pd:ReligiousBelief",
    "user.device": "pd:DeviceBased",
    "user.device.ip_address": "pd:IPAddress",
    "user.financial": "pd:Financial",
    "user.financial.bank_account": "pd:BankAccount",
    "user.financial.credit_card": "pd:PaymentCard",
    "user.government_id": "pd:OfficialID",
    "user.government_id.passport_number": "pd:Passport",
    "user.health_and_medical": "pd:MedicalHealth",
    "user.health_and_medical.genetic": "pd:Genetic",
    "user.job_title": "pd:Job",
    "user.location": "pd:Location",
    "user.name": "pd:Name",
    "user.privacy_preferences": "pd:PrivacyPreference",
    "user.unique_id": "pd:UID",
}
"""fideslang data categories with a pd: concept that means the same."""

PURPOSES: dict[str, str] = {
    "analytics": "dpv:ServiceUsageAnalytics",
    "employment": "dpv:HumanResourceManagement",
    "employment.recruitment": "dpv:RecruitmentManagement",
    "essential.fraud_detection": "dpv:FraudPreventionAndDetection",
    "essential.legal_obligation": "dpv:LegalCompliance",
    "essential.service": "dpv:ServiceProvision",
    "essential.service.authentication": "dpv:IdentityAuthentication",
    "essential.service.operations.support": "dpv:CustomerCare",
    "essential.service.payment_processing": "dpv:PaymentManagement",
    "essential.service.security": "dpv:EnforceSecurity",
    "functional.service.improve": "dpv:ImproveExistingProductsAndServices",
    "marketing": "dpv:Marketing",
    "marketing.advertising": "dpv:Advertising",
    "marketing.advertising.first_party.targeted": "dpv:TargetedAdvertising",
    "marketing.advertising.third_party.targeted": "dpv:TargetedAdvertising",
    "marketing.communications": "dpv:DirectMarketing",
    "personalize": "dpv:Personalisation",
    "personalize.content": "dpv:ServicePersonalisation",
}
"""fideslang data uses and the DPV purpose they are a kind of; a use takes its nearest listed ancestor."""

SUBJECTS: dict[str, str] = {
    "citizen_voter": "dpv:Citizen",
    "customer": "dpv:Customer",
    "employee": "dpv:Employee",
    "job_applicant": "dpv:JobApplicant",
    "patient": "dpv:Patient",
    "trainee": "dpv:Student",
    "visitor": "dpv:Visitor",
}
"""fideslang data subjects with a DPV data subject type."""

RECIPIENTS: dict[str, tuple[str, str]] = {
    "internal": ("dpv:hasRecipient", "dpv:Recipient"),
    "controller": ("dpv:hasRecipientDataController", "dpv:DataController"),
    "joint_controller": ("dpv:hasDataController", "dpv:DataController"),
    "public_authority": ("dpv:hasRecipient", "dpv:Authority"),
    "processor_category": ("dpv:hasDataProcessor", "dpv:DataProcessor"),
    "processor": ("dpv:hasDataProcessor", "dpv:DataProcessor"),
    "sub_processor": ("dpv:hasDataProcessor", "dpv:DataSubProcessor"),
}
"""(property from the process, type of the party) per party kind. A joint controller decides the purposes
with us, so DPV names it a controller of the process rather than a recipient."""


def nearest(key: str, table: dict[str, str]) -> str | None:
    """The table entry for a taxonomy key or its nearest listed ancestor ('a.b.c' -> 'a.b' -> 'a')."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = table.get(".".join(parts[:end]))
        if found:
            return found
    return None
