"""Rules on what the statement tells people: contacts, rights, sources, decisions, DPIA (Art 13-14, 22, 35, 37)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import (
    RIGHTS_BY_BASIS,
    all_rights_promised,
    bases,
    dpia_reasons,
    rights_view,
    special_fields,
    uses_consent,
)
from waarborg.register.lint.wording import SOURCE_KINDS, basis_label, label, pair, right_name
from waarborg.register.schema import Organisation, Register
from waarborg.register.types import Right

GENERIC_MAILBOX = re.compile(
    r"^(info|contact|mail|office|algemeen|hello|hallo|receptie|secretariaat|administratie|klantenservice"
    r"|service|support|post|vragen)@",
    re.IGNORECASE,
)
"""Mailboxes many people read: not a confidential channel to the DPO."""


@rule(
    "WB036",
    "error",
    "No way to contact the organisation",
    source="Art 13(1)(a) AVG",
    nl="De organisatie heeft geen e-mailadres en geen adres; mensen moeten je kunnen bereiken.",
    en="The organisation has neither an e-mail address nor an address; people must be able to reach you.",
)
def organisation_contact(register: Register) -> Iterator[Hit]:
    organisation = register.organisation
    if not organisation.email and not organisation.addresses:
        yield Hit(("organisation",))


@rule(
    "WB037",
    "warning",
    "DPO without contact details",
    source="Art 13(1)(b), 37(7) AVG",
    nl="De functionaris gegevensbescherming heeft geen e-mailadres of telefoonnummer.",
    en="The data protection officer has no e-mail address or phone number.",
)
def dpo_contact(register: Register) -> Iterator[Hit]:
    dpo = register.organisation.dpo
    if dpo and not (dpo.email or dpo.phone):
        yield Hit(("organisation", "dpo"))


def _number(phone: str) -> str:
    """The last nine digits: the Dutch national number, whatever the prefix (+31, 0031, 0)."""
    return re.sub(r"\D", "", phone)[-9:]


def _general(organisation: Organisation, channel: str) -> bool:
    """A channel the organisation's general mail or phone shares: others read it."""
    if "@" in channel:
        general = (organisation.email or "").casefold()
        return channel.casefold() == general or bool(GENERIC_MAILBOX.match(channel))
    return bool(organisation.phone) and _number(channel) == _number(organisation.phone or "")


@rule(
    "WB072",
    "warning",
    "DPO reachable only through a general channel",
    source="Art 37(7), 38(4)-(5) AVG",
    nl="De functionaris gegevensbescherming is alleen bereikbaar via {channels}, dat ook anderen lezen. Mensen "
    "moeten de FG vertrouwelijk kunnen bereiken: geef een eigen e-mailadres of telefoonnummer.",
    en="The data protection officer can only be reached through {channels}, which others read too. People "
    "must be able to reach the DPO in confidence: give an own e-mail address or phone number.",
)
def dpo_general_channel(register: Register) -> Iterator[Hit]:
    organisation = register.organisation
    dpo = organisation.dpo
    channels = [c for c in (dpo.email, dpo.phone) if c] if dpo else []
    if channels and all(_general(organisation, c) for c in channels):
        yield Hit(("organisation", "dpo"), {"channels": " / ".join(channels)})


@rule(
    "WB038",
    "error",
    "DPO required but none appointed",
    source="Art 37(1)(b)-(c) AVG",
    nl="'{activity}' is een kernactiviteit met grootschalige {why}; dan is een FG verplicht.",
    en="'{activity}' is a core activity with large-scale {why}; a DPO is then required.",
)
def dpo_required(register: Register) -> Iterator[Hit]:
    if register.organisation.dpo:
        return
    for path, activity in each_activity(register):
        if not (activity.core_activity and activity.large_scale):
            continue
        if special_fields(register, activity):
            yield Hit(
                path,
                {"activity": path[1], "why": {"nl": "bijzondere gegevens", "en": "special category data"}},
            )
        elif activity.camera or activity.profiling:
            yield Hit(path, {"activity": path[1], "why": {"nl": "monitoring", "en": "monitoring"}})


@rule(
    "WB039",
    "warning",
    "A right promised where it does not apply",
    source="Art 20(1), 21(1) AVG",
    nl="'{right}' wordt beloofd voor '{activity}', maar geldt niet bij {basis}.",
    en="'{right}' is promised for '{activity}', but does not apply on the basis of {basis}.",
)
def right_not_applicable(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        view = rights_view(register, activity)
        where = (*path, "rights") if view.own else ("statement", "rights")
        for right in view.not_applicable:
            yield Hit(where, {"right": right_name(right), "activity": path[1], "basis": basis_label(activity.basis)})


@rule(
    "WB040",
    "warning",
    "The right to object is not mentioned",
    source="Art 13(2)(b), 21(4) AVG",
    nl="'{activity}' steunt op {basis}; het recht van bezwaar moet dan uitdrukkelijk worden genoemd.",
    en="'{activity}' relies on {basis}; the right to object must then be stated explicitly.",
)
def objection_missing(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Right.objection in rights_view(register, activity).missing:
            relevant = sorted(bases(activity) & RIGHTS_BY_BASIS[Right.objection])
            named = basis_label(relevant[0]) if relevant else pair("direct marketing", "direct marketing")
            yield Hit((*path, "basis"), {"activity": path[1], "basis": named})


@rule(
    "WB041",
    "warning",
    "Withdrawal of consent is not mentioned",
    source="Art 13(2)(c) AVG",
    nl="'{activity}' steunt op toestemming maar de verklaring noemt het recht om die in te trekken niet.",
    en="'{activity}' relies on consent but the statement does not mention the right to withdraw it.",
)
def withdrawal_not_mentioned(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if Right.withdraw_consent in rights_view(register, activity).missing:
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB042",
    "warning",
    "No mention of the right to complain to the supervisor",
    source="Art 13(2)(d), 77 AVG",
    nl="De verklaring noemt het recht om te klagen bij de Autoriteit Persoonsgegevens niet.",
    en="The statement does not mention the right to complain to the Autoriteit Persoonsgegevens.",
)
def complaint_missing(register: Register) -> Iterator[Hit]:
    if Right.complaint not in all_rights_promised(register):
        yield Hit(("statement", "rights"))


@rule(
    "WB043",
    "warning",
    "Data from elsewhere without its source",
    source="Art 14(2)(f) AVG",
    nl="'{activity}' krijgt gegevens van elders ({kind}) zonder de bron te noemen.",
    en="'{activity}' gets data from elsewhere ({kind}) without naming the source.",
)
def source_unnamed(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, source in enumerate(activity.sources):
            if source.kind != "data_subject" and not (source.name or source.text):
                yield Hit((*path, "sources", i), {"activity": path[1], "kind": label(SOURCE_KINDS, source.kind)})


@rule(
    "WB044",
    "error",
    "Automated decisions without an explanation",
    source="Art 13(2)(f), 22 AVG",
    nl="'{activity}' neemt geautomatiseerde besluiten zonder uitleg van de logica en de gevolgen.",
    en="'{activity}' makes automated decisions without explaining the logic and the consequences.",
)
def automated_explained(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        decisions = activity.automated_decisions
        if decisions and decisions.used and not (decisions.logic and decisions.consequences):
            yield Hit((*path, "automated_decisions"), {"activity": path[1]})


@rule(
    "WB045",
    "warning",
    "Automated decisions without human review",
    source="Art 22(3) AVG",
    nl="'{activity}' neemt geautomatiseerde besluiten zonder dat iemand om menselijke beoordeling kan vragen.",
    en="'{activity}' makes automated decisions without a way to ask for human review.",
)
def automated_review(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        decisions = activity.automated_decisions
        if decisions and decisions.used and not decisions.human_review:
            yield Hit((*path, "automated_decisions"), {"activity": path[1]})


@rule(
    "WB046",
    "info",
    "Required data without the consequence of not providing it",
    source="Art 13(2)(e) AVG",
    nl="'{activity}' heeft verplichte velden maar zegt niet wat er gebeurt als iemand ze niet geeft.",
    en="'{activity}' has required fields but does not say what happens when someone does not provide them.",
)
def required_consequence(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if (
            any(f.required for f in activity.fields.values())
            and not activity.required
            and not uses_consent(register, activity)
        ):
            yield Hit((*path, "fields"), {"activity": path[1]})


@rule(
    "WB049",
    "info",
    "No security measures described",
    source="Art 30(1)(g), 32 AVG",
    nl="Het register beschrijft geen beveiligingsmaatregelen.",
    en="The register describes no security measures.",
)
def security_missing(register: Register) -> Iterator[Hit]:
    if not register.security and not any(a.security for a in register.activities.values()):
        yield Hit(("security",))


@rule(
    "WB050",
    "warning",
    "DPIA-listed processing without a DPIA",
    source="Art 35 AVG; AP-lijst verplichte DPIA (Stcrt. 2019, 64418)",
    nl="'{activity}' staat op de DPIA-lijst ({reasons}) maar verwijst niet naar een DPIA.",
    en="'{activity}' is on the DPIA list ({reasons}) but refers to no DPIA.",
)
def dpia_missing(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        reasons = dpia_reasons(register, activity)
        if reasons and not activity.dpia:
            yield Hit(
                path,
                {
                    "activity": path[1],
                    "reasons": {
                        "nl": ", ".join(nl for nl, _ in reasons),
                        "en": ", ".join(en for _, en in reasons),
                    },
                },
            )
