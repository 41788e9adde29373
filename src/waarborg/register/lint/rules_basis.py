"""Rules on legal bases, consent and special data (Art 6, 7, 9, 10 AVG; UAVG)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import bases, bsn_fields, criminal_fields, special_fields, uses_consent
from waarborg.register.lint.placeholders import names_law, states_interest
from waarborg.register.lint.wording import basis_label, fields_of
from waarborg.register.schema import Activity, Register
from waarborg.register.types import Basis


@rule(
    "WB001",
    "error",
    "Consent without an equally easy way to withdraw it",
    source="Art 7(3) AVG",
    nl="Toestemming voor '{activity}' zonder manier om die in te trekken; intrekken moet even makkelijk zijn "
    "als geven (bijv. een afmeldlink of voorkeurenpagina).",
    en="Consent for '{activity}' without a way to withdraw it; withdrawing must be as easy as giving "
    "(e.g. an unsubscribe link or preferences page).",
)
def consent_withdrawal(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if uses_consent(register, activity) and not (activity.consent and activity.consent.withdrawal):
            yield Hit((*path, "consent") if activity.consent else (*path, "basis"), {"activity": path[1]})


@rule(
    "WB002",
    "error",
    "Legitimate interests without the interest",
    source="Art 6(1)(f), 13(1)(d) AVG",
    nl="'{activity}' steunt op gerechtvaardigd belang maar noemt dat belang niet (alleen 'ons gerechtvaardigd "
    "belang' telt niet): zeg welk belang, bijv. 'klanten informeren over hun bestelling'.",
    en="'{activity}' relies on legitimate interests but does not state the interest ('our legitimate interest' "
    "alone does not count): say which interest, e.g. 'keeping customers informed about their order'.",
)
def interest_stated(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Basis.legitimate_interests in bases(activity) and not states_interest(activity.interest):
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB003",
    "info",
    "Legitimate interests without a recorded balancing test",
    source="Art 5(2), 6(1)(f) AVG",
    nl="'{activity}' steunt op gerechtvaardigd belang zonder verwijzing naar een belangenafweging.",
    en="'{activity}' relies on legitimate interests without a reference to a balancing test.",
)
def balancing_test(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Basis.legitimate_interests in bases(activity) and not activity.balancing_test:
            yield Hit((*path, "basis"), {"activity": path[1]})


def _sensitive(register: Register, activity: Activity) -> bool:
    """Special category data or a BSN whose own field names no law: then the law behind the processing must be
    named on the activity (Art 9(2), UAVG 46)."""
    names = special_fields(register, activity) + [name for name, _ in bsn_fields(activity)]
    return any(not names_law(activity.fields[name].law) for name in names)


def _law_missing(activity: Activity, basis: Basis) -> bool:
    return basis in bases(activity) and not names_law(activity.law)


@rule(
    "WB004",
    "warning",
    "Legal obligation without the law",
    source="Art 6(1)(c), 6(3), 13(1)(c) AVG",
    nl="'{activity}' steunt op een wettelijke verplichting maar noemt de wet niet ('de wet' of 'wetgeving' telt "
    "niet). Art 13 vraagt de grondslag; noem ook de wet en het artikel (bijv. 'AWR art 52'), zodat mensen "
    "kunnen nagaan welke plicht het is.",
    en="'{activity}' relies on a legal obligation but does not cite the law ('the law' or 'legislation' does "
    "not count). Art 13 asks for the basis; also name the law and article (e.g. 'AWR art 52') so people can "
    "check which duty it is.",
)
def legal_obligation_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if _law_missing(activity, Basis.legal_obligation) and not _sensitive(register, activity):
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB060",
    "error",
    "Legal obligation for special data or a BSN without the law",
    source="Art 6(3), 9(2)(b)/(g) AVG; UAVG art 46",
    nl="'{activity}' verwerkt bijzondere gegevens of een BSN op grond van een wettelijke verplichting, maar "
    "noemt de wet niet ('de wet' telt niet); dan moet de wet die het voorschrijft er staan, met artikel.",
    en="'{activity}' processes special category data or a BSN on the basis of a legal obligation but does not "
    "cite the law ('the law' does not count); the law that prescribes it must then be named, with the article.",
)
def sensitive_legal_obligation_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if _law_missing(activity, Basis.legal_obligation) and _sensitive(register, activity):
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB005",
    "error",
    "Public task without the law",
    source="Art 6(1)(e), 6(3) AVG",
    nl="'{activity}' steunt op een taak van algemeen belang maar noemt de wettelijke grondslag niet ('de wet' "
    "telt niet); noem de wet en het artikel dat de taak geeft.",
    en="'{activity}' relies on a public task but does not cite the law that sets it ('the law' does not "
    "count); name the law and article that give the task.",
)
def public_task_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if _law_missing(activity, Basis.public_task):
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB006",
    "error",
    "Special category data without an Art 9(2) condition",
    source="Art 9 AVG",
    nl="'{activity}' verwerkt bijzondere persoonsgegevens ({fields}) zonder uitzonderingsgrond uit art 9(2).",
    en="'{activity}' processes special category data ({fields}) without an Art 9(2) condition.",
)
def special_condition(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        fields = special_fields(register, activity)
        if fields and not activity.special_category:
            yield Hit((*path, "fields", fields[0]), {"activity": path[1], "fields": fields_of(activity, fields)})


@rule(
    "WB007",
    "error",
    "BSN without the law that prescribes it",
    source="UAVG art 46",
    nl="Het BSN in {field} van '{activity}' mag alleen als een wet dat voorschrijft; noem die wet met artikel "
    "(law; 'de wet' telt niet).",
    en="The BSN in {field} of '{activity}' is only allowed where a law prescribes it; cite that law and article "
    "(law; 'the law' does not count).",
)
def bsn_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for name, field in bsn_fields(activity):
            if not names_law(field.law):
                yield Hit((*path, "fields", name), {"activity": path[1], "field": fields_of(activity, [name])})


@rule(
    "WB008",
    "error",
    "Criminal data without a legal ground",
    source="Art 10 AVG; UAVG art 31-33",
    nl="'{activity}' verwerkt strafrechtelijke gegevens ({fields}) zonder wettelijke grondslag (law).",
    en="'{activity}' processes criminal-conviction data ({fields}) without a legal ground (law).",
)
def criminal_data(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        fields = [f for f in criminal_fields(activity) if not names_law(activity.fields[f].law)]
        if fields:
            yield Hit((*path, "fields", fields[0]), {"activity": path[1], "fields": fields_of(activity, fields)})


@rule(
    "WB009",
    "error",
    "Pre-ticked consent",
    source="Art 4(11), 7 AVG; CJEU C-673/17 Planet49",
    nl="Toestemming voor '{activity}' met een vooraf aangevinkt vakje is geen geldige toestemming.",
    en="Consent for '{activity}' through a pre-ticked box is not valid consent.",
)
def pre_ticked_consent(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        consent = activity.consent
        if consent and (consent.pre_ticked or any(o.pre_ticked for o in consent.options.values())):
            yield Hit((*path, "consent"), {"activity": path[1]})


@rule(
    "WB010",
    "warning",
    "Consent from children without a parent's consent",
    source="Art 8 AVG; UAVG art 5",
    nl="'{activity}' vraagt toestemming aan kinderen onder 16 zonder toestemming van een ouder.",
    en="'{activity}' asks consent from children under 16 without a parent's consent.",
)
def child_consent(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if _child_consent_without_parent(register, activity) and not special_fields(register, activity):
            yield Hit((*path, "subjects"), {"activity": path[1]})


def _minors(register: Register, activity: Activity) -> bool:
    return any(register.subjects[s].minors for s in activity.subjects if s in register.subjects)


def _consent_based(register: Register, activity: Activity) -> bool:
    explicit = activity.special_category is not None and activity.special_category.condition == "9(2)(a)"
    return uses_consent(register, activity) or explicit


def _child_consent_without_parent(register: Register, activity: Activity) -> bool:
    parental = bool(activity.consent and activity.consent.parental_consent)
    return _minors(register, activity) and _consent_based(register, activity) and not parental


@rule(
    "WB069",
    "error",
    "Special category data of children on their own consent",
    source="Art 8, 9(2)(a) AVG; UAVG art 5",
    nl="'{activity}' verwerkt bijzondere gegevens ({fields}) van kinderen op grond van toestemming, zonder "
    "toestemming van een ouder. Onder de 16 geeft de ouder of voogd toestemming (UAVG art 5): leg die vast "
    "(parental_consent) of steun op een andere uitzondering uit art 9(2).",
    en="'{activity}' processes special category data ({fields}) of children on consent, without a parent's "
    "consent. Under 16 the parent or guardian consents (UAVG art 5): record it (parental_consent) or rely on "
    "another Art 9(2) condition.",
)
def child_special_consent(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        fields = special_fields(register, activity)
        if fields and _child_consent_without_parent(register, activity):
            yield Hit((*path, "subjects"), {"activity": path[1], "fields": fields_of(activity, fields)})


@rule(
    "WB063",
    "warning",
    "Service refused without consent",
    source="Art 7(4), recital 43 AVG; EDPB Guidelines 05/2020 on consent, §26-36",
    nl="'{activity}' maakt de dienst afhankelijk van toestemming. Toestemming is dan niet vrij gegeven, tenzij "
    "de gegevens echt nodig zijn voor de dienst (art 7(4)): zijn ze nodig, steun dan op de overeenkomst "
    "(6(1)(b)); zo niet, laat de toestemming los van de dienst.",
    en="'{activity}' makes the service depend on consent. Consent is then not freely given unless the data "
    "are truly needed for the service (Art 7(4)): if they are, rely on the contract (6(1)(b)); if not, "
    "separate the consent from the service.",
)
def conditional_consent(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if activity.consent and activity.consent.conditional:
            yield Hit((*path, "consent", "conditional"), {"activity": path[1]})
        elif activity.basis == Basis.consent and activity.required and _a_service(activity):
            yield Hit((*path, "required"), {"activity": path[1]})


def _a_service(activity: Activity) -> bool:
    return any(p.use.startswith("essential.service") for p in activity.purposes)


@rule(
    "WB064",
    "error",
    "The statement names no legal basis",
    notes_inferred=False,
    source="Art 13(1)(c), 14(1)(c) AVG",
    nl="De verklaring noemt geen rechtsgrond voor '{activity}' ({basis} is aangenomen). Zet de grondslag per "
    "doel in de verklaring.",
    en="The statement names no legal basis for '{activity}' ({basis} is assumed). State the basis for each "
    "purpose in the statement.",
)
def basis_not_stated(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not activity.stated("basis"):
            yield Hit((*path, "basis"), {"activity": path[1], "basis": basis_label(activity.basis)})
        for i, purpose in enumerate(activity.purposes):
            if purpose.basis and activity.stated("basis") and not purpose.stated("basis"):
                yield Hit((*path, "purposes", i, "basis"), {"activity": path[1], "basis": basis_label(purpose.basis)})
