"""Rules on legal bases, consent and special data (Art 6, 7, 9, 10 AVG; UAVG)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import bases, bsn_fields, criminal_fields, special_fields, uses_consent
from waarborg.register.schema import Register
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
    nl="'{activity}' steunt op gerechtvaardigd belang maar noemt dat belang niet.",
    en="'{activity}' relies on legitimate interests but does not state the interest.",
)
def interest_stated(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Basis.legitimate_interests in bases(activity) and not activity.interest:
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


@rule(
    "WB004",
    "error",
    "Legal obligation without the law",
    source="Art 6(1)(c), 6(3) AVG",
    nl="'{activity}' steunt op een wettelijke verplichting maar noemt de wet niet.",
    en="'{activity}' relies on a legal obligation but does not cite the law.",
)
def legal_obligation_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Basis.legal_obligation in bases(activity) and not activity.law:
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB005",
    "error",
    "Public task without the law",
    source="Art 6(1)(e), 6(3) AVG",
    nl="'{activity}' steunt op een taak van algemeen belang maar noemt de wettelijke grondslag niet.",
    en="'{activity}' relies on a public task but does not cite the law that sets it.",
)
def public_task_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Basis.public_task in bases(activity) and not activity.law:
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
            yield Hit((*path, "fields", fields[0]), {"activity": path[1], "fields": ", ".join(fields)})


@rule(
    "WB007",
    "error",
    "BSN without the law that prescribes it",
    source="UAVG art 46",
    nl="Het BSN in '{activity}.{field}' mag alleen als een wet dat voorschrijft; noem die wet (law).",
    en="The BSN in '{activity}.{field}' is only allowed where a law prescribes it; cite that law (law).",
)
def bsn_law(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for name, field in bsn_fields(activity):
            if not field.law:
                yield Hit((*path, "fields", name), {"activity": path[1], "field": name})


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
        fields = [f for f in criminal_fields(activity) if not activity.fields[f].law]
        if fields:
            yield Hit((*path, "fields", fields[0]), {"activity": path[1], "fields": ", ".join(fields)})


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
        minors = any(register.subjects[s].minors for s in activity.subjects if s in register.subjects)
        if minors and uses_consent(register, activity) and not (activity.consent and activity.consent.parental_consent):
            yield Hit((*path, "subjects"), {"activity": path[1]})
