"""The register language: one YAML file that states everything a privacy statement promises.

Every model forbids unknown keys, so a typo is an error rather than a silently ignored promise. The
JSON Schema (``waarborg schema``) is generated from these models; ``docs/register.md`` explains them.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, model_validator

from waarborg.core.periods import Period
from waarborg.register.base import Key, Keys, Model, TaxonomyKey
from waarborg.register.systems import System
from waarborg.register.types import (
    Action,
    Basis,
    Channel,
    ConsentBy,
    CookieCategory,
    Lang,
    Mechanism,
    PeriodField,
    PromiseField,
    Right,
    Text,
    period_or,
)

KeepField = Annotated[Period | str, *period_or("as_long_as_necessary", "indefinite")]
LifetimeField = Annotated[Period | str, *period_or("session")]

BUILTIN_EVENTS = ("collected", "last_contact", "consent_withdrawn", "unsubscribed", "objected")
"""Lifecycle events every register knows; others are declared under ``events``."""


# --- who we are -----------------------------------------------------------------------------------


class Address(Model):
    street: str | None = None
    po_box: str | None = Field(None, description="Postbus, e.g. 'Postbus 1449'.")
    postcode: str
    city: str
    country: str = "NL"
    kind: Literal["visit", "postal"] = "visit"


class Person(Model):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    url: str | None = None


class Authority(Model):
    name: str = "Autoriteit Persoonsgegevens"
    url: str | None = "https://autoriteitpersoonsgegevens.nl"


class Organisation(Model):
    name: str
    trade_names: list[str] = []
    kvk: str | None = Field(None, description="Chamber of Commerce number.")
    addresses: list[Address] = []
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    dpo: Person | None = Field(None, description="The Functionaris Gegevensbescherming, where appointed.")
    privacy_contact: Person | None = Field(None, description="Where requests and questions go.")
    supervisory_authority: Authority = Authority()
    staff: int | None = Field(None, ge=1, description="Headcount, for the Art 30(5) exemption.")


class Statement(Model):
    title: Text | None = None
    language: Lang = Field(description="The language the organisation publishes its statement in.")
    languages: list[Lang] = [Lang.nl, Lang.en]
    tone: Literal["formal", "informal"] = Field("formal", description="'u' (formal) or 'je' (informal).")
    version: str | None = None
    last_amended: dt.date | None = None
    url: str | None = None
    intro: Text | None = None
    changes: Text | None = Field(None, description="How people are told about changes.")
    rights: list[Right] = Field([], description="Rights the statement promises to everyone.")
    automated_decisions: Text | None = Field(None, description="The statement's general sentence on it.")
    complaints: Text | None = Field(
        None, description="The organisation's own complaint route, offered before the supervisory authority."
    )
    retention_exception: Text | None = Field(
        None, description="An exception the statement makes to every period (a legal claim, a legal duty)."
    )


class Identification(Model):
    method: Literal["id_copy", "email_link", "account", "in_person", "agreed_personally"]
    masked: list[Literal["photo", "bsn", "mrz", "document_number"]] = []
    text: Text | None = None


class Requests(Model):
    promise: PromiseField | None = Field(None, description="Response time promised for every request.")
    per_right: dict[Right, PromiseField] = Field({}, description="Where a right has its own promise.")
    wording: Text | None = Field(None, description="How the statement words it ('as quickly as possible').")
    contact: Person | None = None
    identification: Identification | None = None
    self_service: Text | None = Field(
        None, description="Where people see or correct their data themselves (an account, a portal)."
    )


# --- what we process --------------------------------------------------------------------------------


class SubjectKind(Model):
    taxonomy: TaxonomyKey = Field(description="A fideslang data subject, e.g. job_applicant, trainee.")
    label: Text
    description: Text | None = None
    minors: StrictBool = Field(False, description="May include children under 16.")


class Event(Model):
    label: Text
    description: Text | None = None
    noun: Text | None = Field(
        None,
        description="The event as a noun phrase after 'na'/'after': 'het einde van {your} opleiding', "
        "'the end of {your} course'. {you}/{your} follow the statement's tone.",
    )
    clause: Text | None = Field(
        None,
        description="The event as a clause after 'nadat'/'after', Dutch verb last: 'wij contact met {you} "
        "hebben opgenomen', 'we contacted {you}'. Give noun or clause, not both.",
    )

    @model_validator(mode="after")
    def _one_phrasing(self) -> Event:
        if self.noun and self.clause:
            raise ValueError("give the event as a noun or as a clause, not both")
        return self


class DataField(Model):
    category: TaxonomyKey = Field(description="A fideslang data category, e.g. user.contact.email.")
    label: Text | None = None
    required: StrictBool = False
    identifier: StrictBool = Field(False, description="Used to find the person (e-mail, phone).")
    free_text: StrictBool = False
    fiscal: StrictBool = Field(False, description="Part of the fiscal administration (AWR art 52).")
    law: Text | None = Field(None, description="The law that prescribes this field (needed for a BSN).")
    source: Key | None = Field(None, description="Key of the activity source, when not the person.")
    self_correct: StrictBool = Field(
        False,
        description="The person may correct it in the portal themselves (what they supplied); "
        "a correction of any other field goes to staff as a rectification request.",
    )
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"category": value} if isinstance(value, str) else value


class Purpose(Model):
    use: TaxonomyKey = Field(description="A fideslang data use, e.g. essential.service.")
    text: Text
    basis: Basis | None = Field(None, description="Overrides the activity's basis for this purpose.")


class Source(Model):
    key: Key
    kind: Literal["data_subject", "public", "employer", "client", "chamber_of_commerce", "third_party"]
    name: str | None = None
    text: Text | None = None


class SpecialCondition(Model):
    condition: Literal[
        "9(2)(a)", "9(2)(b)", "9(2)(c)", "9(2)(d)", "9(2)(e)",
        "9(2)(f)", "9(2)(g)", "9(2)(h)", "9(2)(i)", "9(2)(j)",
    ]  # fmt: skip
    text: Text | None = None


class RetentionRule(Model):
    fields: Keys | None = Field(None, description="Fields this rule covers; all others when left out.")
    after: Keys = Field(description="Trigger event(s); with several, the latest counts.")
    keep: KeepField = Field(description="A period, 'as_long_as_necessary' (with criteria) or 'indefinite'.")
    then: Action = Action.delete
    keep_fields: Keys = Field(
        [], description="With then: minimise, the fields that stay; with anonymise, those kept for statistics."
    )
    do_not_contact: StrictBool = Field(False, description="What stays goes on the do-not-contact list.")
    if_consent: Key | None = Field(None, description="Applies only with this consent option.")
    law: Text | None = Field(None, description="The law that sets this period.")
    criteria: Text | None = Field(None, description="With as_long_as_necessary: how it is decided.")
    text: Text | None = Field(None, description="The period in the statement's own words.")
    note: str | None = None


class ConsentOption(Model):
    label: Text
    text: Text | None = None
    frequency: Literal["daily", "weekly", "monthly", "quarterly", "irregular"] | None = None
    channel: Channel = Channel.email
    pre_ticked: StrictBool = False


class Consent(Model):
    text: Text | None = Field(None, description="The wording the person agrees to.")
    options: dict[Key, ConsentOption] = {}
    given_via: list[Channel] = []
    withdrawal: list[Channel] = Field([], description="How consent is withdrawn.")
    pre_ticked: StrictBool = False
    conditional: StrictBool = Field(
        False, description="The service is refused without this consent (Art 7(4) asks whether it is needed)."
    )
    minimum_age: int | None = None
    parental_consent: StrictBool = False


class Notice(Model):
    """Art 14: telling people whose data came from somewhere else, and what to ask them."""

    within: PeriodField = Field(Period(months=1), description="After collection; Art 14(3)(a): at most one month.")
    ask: Key | None = Field(None, description="The consent option the message asks for.")
    answer_within: PeriodField | None = Field(None, description="No answer by then counts as no_answer_event.")
    yes_event: Key | None = Field(None, description="Recorded when the person answers yes.")
    no_event: Key | None = Field(None, description="Recorded when the person answers no.")
    no_answer_event: Key | None = Field(None, description="Recorded when answer_within passes without an answer.")
    again_every: PeriodField | None = Field(None, description="After a yes, ask again this long after.")
    text: Text | None = Field(None, description="Words of the organisation's own for the message.")


class SoftOptIn(Model):
    existing_customers_only: StrictBool = True
    similar_products_only: StrictBool = True
    opt_out_at_collection: StrictBool = True
    opt_out_in_every_message: StrictBool = False


class Marketing(Model):
    channels: list[Channel] = [Channel.email]
    soft_opt_in: SoftOptIn | None = None
    tracking: StrictBool = Field(False, description="Opens and clicks are measured per reader.")


class AutomatedDecisions(Model):
    used: StrictBool
    logic: Text | None = None
    consequences: Text | None = None
    human_review: StrictBool = False


class Camera(Model):
    locations: list[Text]
    viewers: Text | None = None
    signage: bool | None = None


class Dpia(Model):
    reference: str
    date: dt.date | None = None


class Activity(Model):
    label: Text
    description: Text | None = None
    subjects: Keys = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    basis: Basis
    interest: Text | None = Field(None, description="The legitimate interest, with basis (f).")
    balancing_test: str | None = Field(None, description="Reference to the balancing test.")
    law: Text | None = Field(None, description="The law, with basis (c) or (e).")
    special_category: SpecialCondition | None = None
    required: Text | None = Field(None, description="Whether providing the data is required and why.")
    fields: dict[Key, DataField] = Field(min_length=1)
    sources: list[Source] = []
    recipients: Keys = []
    processors: Keys = []
    retention: list[RetentionRule] = []
    consent: Consent | None = None
    notice: Notice | None = Field(None, description="Art 14 notice for data from other sources.")
    marketing: Marketing | None = None
    automated_decisions: AutomatedDecisions | None = None
    profiling: StrictBool = False
    camera: Camera | None = None
    dpia: Dpia | None = None
    large_scale: StrictBool = False
    core_activity: StrictBool = False
    pii_guard: StrictBool = Field(False, description="Free text is screened before it reaches an AI tool.")
    rights: list[Right] | None = Field(None, description="Rights promised here; else the statement's.")
    opt_outs: list[Text] = Field(
        [], description="Choices the statement offers beyond consent, e.g. not having data passed to clients."
    )
    systems: Keys = Field([], description="The systems (under `systems`) that hold this activity's data.")
    security: list[Text] = []
    note: str | None = None

    # --- who receives it --------------------------------------------------------------------------------

    @cached_property
    def named_in_rules(self) -> frozenset[str]:
        """Fields some retention rule names; a rule without ``fields`` covers the others."""
        return frozenset(name for rule in self.retention for name in rule.fields or ())


class Agreement(Model):
    signed: dt.date | None = None
    reference: str | None = None


class Transfer(Model):
    mechanism: Mechanism
    reference: str | None = Field(None, description="SCC/BCR reference or transfer impact assessment.")
    derogation: Text | None = Field(None, description="With mechanism derogation: the Art 49 ground.")
    text: Text | None = None


class Processor(Model):
    name: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = Field(description="ISO 3166 code.")
    role: Literal["processor", "sub_processor"] = "processor"
    service: Text | None = None
    agreement: Agreement | None = None
    transfer: Transfer | None = None
    ai: StrictBool = Field(False, description="An AI service that receives content.")
    sub_processors: Keys = []
    url: str | None = None
    note: str | None = None


class Recipient(Model):
    name: Text
    kind: Literal["internal", "controller", "joint_controller", "public_authority", "processor_category"]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "NL"
    transfer: Transfer | None = None
    text: Text | None = None


class TransferPolicy(Model):
    """What the statement says in general about transfers outside the EEA."""

    mechanisms: list[Mechanism] = Field([], description="Mechanisms the statement says it relies on.")
    copy_on_request: StrictBool = Field(False, description="A copy of the safeguards is available on request.")
    text: Text | None = None


class Scope(Model):
    linked_by: Key = Field(description="A field that links a record to the staff member (e.g. course).")
    text: Text | None = None


class Role(Model):
    label: Text
    activities: Keys = Field(description="Activity keys, or 'all'.")
    fields: Keys = Field(["all"], description="Visible field names, or 'all'.")
    scope: Scope | None = Field(None, description="Limits to linked records; all records when left out.")
    actions: list[Literal["read", "rectify", "erase", "restrict", "export"]] = ["read"]
    restricted: StrictBool = Field(False, description="May see restricted records (the DPO).")
    audit: StrictBool = Field(False, description="May read the audit trail.")


# --- the website ------------------------------------------------------------------------------------


class Cookie(Model):
    name: str
    category: CookieCategory
    lifetime: LifetimeField | None = None
    party: str = Field("first", description="'first', or the third party that reads it.")
    recipient: Key | None = Field(
        None, description="The third party as a key under recipients or processors (country, role, transfer)."
    )
    purpose: Text | None = None


class Embed(Model):
    """Content from another party on the site (a pixel, a video, a share button): it receives the visit."""

    name: str
    kind: Literal["pixel", "video", "social_plugin", "map", "chat", "other"]
    recipient: Key = Field(description="The party that receives the visitor's data: a recipient or processor key.")
    consent: StrictBool = Field(False, description="Loaded only after consent.")
    purpose: Text | None = None


class Banner(Model):
    consent_by: ConsentBy
    pre_ticked: StrictBool = False
    cookie_wall: StrictBool = False


class Analytics(Model):
    tool: str
    processor: Key | None = None
    consent: StrictBool = Field(False, description="Placed only after consent.")
    ip_masking: StrictBool = False
    data_sharing: StrictBool = True
    processor_agreement: StrictBool = False
    advertising_features: StrictBool = True
    user_id: StrictBool = False
    retention: PeriodField | None = None


class Cookies(Model):
    banner: Banner | None = None
    items: list[Cookie] = []
    analytics: list[Analytics] = []
    embeds: list[Embed] = Field([], description="Pixels, videos, social plugins and maps from other parties.")
    text: Text | None = None


class CustomTerm(Model):
    label: Text
    parent: TaxonomyKey | None = None
    special: StrictBool = Field(False, description="Art 9 special category data.")


class TaxonomyExtensions(Model):
    data_categories: dict[TaxonomyKey, CustomTerm] = {}
    data_uses: dict[TaxonomyKey, CustomTerm] = {}
    data_subjects: dict[TaxonomyKey, CustomTerm] = {}


class Identity(Model):
    """How the vault recognises one person across submissions."""

    link_by: list[str] = Field(
        ["email", "phone"],
        description="Identifier kinds that make two submissions the same person ('email', 'phone', or a "
        "data category); earlier kinds win when they point at different people.",
    )


class Register(Model):
    """The root of a register file."""

    waarborg: Literal[1] = Field(1, description="Version of the register language.")
    organisation: Organisation
    statement: Statement
    requests: Requests = Requests()
    subjects: dict[Key, SubjectKind] = Field(min_length=1)
    events: dict[Key, Event] = {}
    activities: dict[Key, Activity] = Field(min_length=1)
    processors: dict[Key, Processor] = {}
    systems: dict[Key, System] = Field({}, description="Where the data lives: systems that hold activities' data.")
    recipients: dict[Key, Recipient] = {}
    transfers: TransferPolicy | None = None
    roles: dict[Key, Role] = {}
    cookies: Cookies | None = None
    security: list[Text] = []
    identity: Identity = Identity()
    taxonomy: TaxonomyExtensions = TaxonomyExtensions()
