"""Rules on storage limitation (Art 5(1)(e) AVG) and the Dutch periods that apply."""

from __future__ import annotations

import re
from collections.abc import Iterator

from waarborg.core.periods import Period
from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import (
    FOUR_WEEKS,
    ONE_YEAR,
    SEVEN_YEARS,
    after_hiring,
    applied_themselves,
    rules_for_field,
    special_fields,
    uses_consent,
)
from waarborg.register.lint.placeholders import gives_criteria
from waarborg.register.lint.wording import fields_of, period_words, verb
from waarborg.register.schema import Activity, Register, RetentionRule

WITHDRAWAL_EVENTS = {"consent_withdrawn", "unsubscribed", "objected"}


def _longer_than(rule: RetentionRule, limit: Period) -> bool:
    """True when the rule keeps data longer than ``limit`` (a word such as 'indefinite' always is)."""
    return not isinstance(rule.keep, Period) or rule.keep.approx_days > limit.approx_days + 1e-6


def _period_text(rule: RetentionRule) -> str | dict[str, str]:
    if isinstance(rule.keep, Period):
        return period_words(rule.keep)
    words = {
        "as_long_as_necessary": {"nl": "zo lang als nodig", "en": "as long as necessary"},
        "indefinite": {"nl": "voor onbepaalde tijd", "en": "indefinitely"},
    }
    return words.get(str(rule.keep), str(rule.keep))


FISCAL_LAW = re.compile(
    r"\bAWR\b|art(ikel|\.)?\s*52\b|fiscal|fiscaal|fiscale|belasting|\btax|rijksbelastingen|2:10", re.IGNORECASE
)
"""Words that show a retention rule takes its period from the fiscal duty to keep records."""
INVOICE_PARTICULARS = ("user.name", "user.contact.address", "user.financial")
"""What an invoice itself holds (Wet OB art 35a): part of the fiscal records without being marked fiscal."""


def fiscal_rule(activity: Activity, rule: RetentionRule) -> bool:
    """A rule whose period is the fiscal one: it cites a fiscal law, or keeps 7 years next to fiscal fields."""
    texts = [*(rule.law or {}).values(), *(rule.text or {}).values()]
    if any(FISCAL_LAW.search(text) for text in texts):
        return True
    fiscal_fields = any(field.fiscal for field in activity.fields.values())
    return fiscal_fields and isinstance(rule.keep, Period) and rule.keep.approx_days == SEVEN_YEARS.approx_days


def not_fiscal(activity: Activity, rule: RetentionRule) -> list[str]:
    """The fields a fiscal rule covers that are not part of the fiscal records."""
    covered = [name for name in activity.fields if rule in rules_for_field(activity, name)]
    return [
        name
        for name in covered
        if not activity.fields[name].fiscal and not activity.fields[name].category.startswith(INVOICE_PARTICULARS)
    ]


@rule(
    "WB011",
    "error",
    "No retention rule",
    source="Art 5(1)(e), 13(2)(a) AVG",
    nl="'{activity}' heeft geen bewaartermijn.",
    en="'{activity}' has no retention rule.",
)
def retention_missing(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not activity.retention:
            yield Hit(path, {"activity": path[1]})


@rule(
    "WB012",
    "error",
    "'As long as necessary' without criteria",
    source="Art 5(1)(e), 13(2)(a) AVG; EDPB Guidelines on transparency WP260",
    nl="'{activity}': 'zo lang als nodig' zonder criteria is geen bewaartermijn ('van geval tot geval' is geen "
    "criterium); noem wanneer het ophoudt, bijv. 'tot het einde van het contract plus 2 jaar'.",
    en="'{activity}': 'as long as necessary' without criteria is not a retention rule ('case by case' is no "
    "criterion); say when it ends, e.g. 'until the end of the contract plus 2 years'.",
)
def necessary_without_criteria(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, r in enumerate(activity.retention):
            if r.keep == "as_long_as_necessary" and not gives_criteria(r.criteria):
                yield Hit((*path, "retention", i, "keep"), {"activity": path[1]})


@rule(
    "WB013",
    "error",
    "Kept indefinitely",
    source="Art 5(1)(e) AVG",
    nl="'{activity}' bewaart gegevens voor onbepaalde tijd; er moet een termijn of een criterium zijn.",
    en="'{activity}' keeps data indefinitely; there must be a period or a criterion.",
)
def indefinite(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, r in enumerate(activity.retention):
            if r.keep == "indefinite":
                yield Hit((*path, "retention", i, "keep"), {"activity": path[1]})


@rule(
    "WB014",
    "warning",
    "Fields without a retention rule",
    source="Art 5(1)(e), 30(1)(f) AVG",
    nl="In '{activity}' {verb} {fields} onder geen enkele bewaarregel.",
    en="In '{activity}', {fields} {verb} under no retention rule.",
)
def fields_uncovered(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not activity.retention:
            continue
        missing = [name for name in activity.fields if not rules_for_field(activity, name)]
        if missing:
            named = fields_of(activity, missing)
            agrees = verb(missing, ("valt", "vallen"), ("falls", "fall"))
            yield Hit((*path, "retention"), {"activity": path[1], "fields": named, "verb": agrees})


@rule(
    "WB015",
    "error",
    "Fiscal records kept less than 7 years",
    source="AWR art 52(4)",
    nl="In '{activity}' worden gegevens uit de fiscale administratie ({fields}) {period} bewaard; dat moet 7 "
    "jaar zijn.",
    en="In '{activity}', data in the fiscal records ({fields}) are kept {period}; the law requires 7 years.",
)
def fiscal_seven_years(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, r in enumerate(activity.retention):
            if not isinstance(r.keep, Period) or r.if_consent or r.keep.approx_days >= SEVEN_YEARS.approx_days:
                continue
            fields = [n for n, f in activity.fields.items() if f.fiscal and r in rules_for_field(activity, n)]
            if fields:  # one finding per rule: the short period is one defect, whatever the number of fields
                yield Hit(
                    (*path, "retention", i, "keep"),
                    {"activity": path[1], "fields": fields_of(activity, fields), "period": _period_text(r)},
                )


@rule(
    "WB062",
    "warning",
    "The fiscal 7-year period applied to data that is not fiscal",
    source="AWR art 52(4); Art 5(1)(c), 5(1)(e) AVG",
    nl="'{activity}' bewaart {fields} onder de fiscale termijn van 7 jaar, maar die plicht geldt alleen voor de "
    "administratie (facturen, boekhouding). Geef deze gegevens een eigen, kortere termijn (een bewaarregel met "
    "fields), of zet fiscal: true bij een veld dat wel tot de administratie hoort.",
    en="'{activity}' keeps {fields} under the 7-year fiscal period, but that duty covers only the records "
    "(invoices, bookkeeping). Give these data their own, shorter period (a retention rule with fields), or set "
    "fiscal: true on a field that is part of the records.",
)
def fiscal_period_on_other_data(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, r in enumerate(activity.retention):
            fields = not_fiscal(activity, r) if fiscal_rule(activity, r) else []
            if fields:
                yield Hit((*path, "retention", i), {"activity": path[1], "fields": fields_of(activity, fields)})


@rule(
    "WB016",
    "warning",
    "Applicant data kept beyond 4 weeks without consent",
    source="NVP Sollicitatiecode art 9; Autoriteit Persoonsgegevens",
    nl="'{activity}' bewaart gegevens van sollicitanten {period} zonder toestemming; zonder toestemming geldt "
    "4 weken na de procedure. Kort de termijn in of vraag toestemming voor langer (if_consent, tot 1 jaar).",
    en="'{activity}' keeps the data of applicants {period} without consent; without consent the norm is 4 weeks "
    "after the procedure. Shorten the period or ask consent to keep it longer (if_consent, up to 1 year).",
)
def applicants_four_weeks(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not applied_themselves(register, activity):
            continue
        for i, r in enumerate(activity.retention):
            if after_hiring(register, r):
                continue
            if not r.if_consent and r.then.value != "minimise" and _longer_than(r, FOUR_WEEKS):
                yield Hit((*path, "retention", i, "keep"), {"activity": path[1], "period": _period_text(r)})


@rule(
    "WB017",
    "warning",
    "Applicant data kept beyond 1 year with consent",
    source="NVP Sollicitatiecode art 9; Autoriteit Persoonsgegevens",
    nl="'{activity}' bewaart sollicitantgegevens met toestemming {period}; de norm is maximaal 1 jaar.",
    en="'{activity}' keeps applicant data with consent for {period}; the norm is at most 1 year.",
)
def applicants_one_year(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not applied_themselves(register, activity):
            continue
        for i, r in enumerate(activity.retention):
            if r.if_consent and not after_hiring(register, r) and _longer_than(r, ONE_YEAR):
                yield Hit((*path, "retention", i, "keep"), {"activity": path[1], "period": _period_text(r)})


@rule(
    "WB018",
    "error",
    "Camera images kept beyond 4 weeks",
    source="Autoriteit Persoonsgegevens, camerabewaking; Art 5(1)(e) AVG",
    nl="'{activity}' bewaart camerabeelden {period}; zonder incident is 4 weken het maximum.",
    en="'{activity}' keeps camera images for {period}; without an incident 4 weeks is the maximum.",
)
def camera_four_weeks(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if not activity.camera:
            continue
        for i, r in enumerate(activity.retention):
            if _longer_than(r, FOUR_WEEKS):
                yield Hit((*path, "retention", i, "keep"), {"activity": path[1], "period": _period_text(r)})


@rule(
    "WB019",
    "warning",
    "Nothing happens after withdrawal",
    source="Art 17(1)(b) AVG",
    nl="'{activity}' steunt op toestemming maar geen bewaarregel begint bij intrekking of afmelding.",
    en="'{activity}' relies on consent but no retention rule starts at withdrawal or unsubscribing.",
)
def withdrawal_trigger(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if (
            uses_consent(register, activity)
            and activity.retention
            and not any(WITHDRAWAL_EVENTS & set(r.after) for r in activity.retention)
        ):
            yield Hit((*path, "retention"), {"activity": path[1]})


IDENTIFYING = (
    "user.name", "user.contact", "user.unique_id", "user.government_id", "user.account", "user.device",
    "user.biometric", "user.location", "user.financial", "user.demographic.date_of_birth", "user.authorization",
    "user.social", "user.behavior",
)  # fmt: skip
"""Categories whose values single a person out (or can, in free text): never kept by an 'anonymise' rule."""


def identifying(register: Register, activity: Activity, name: str) -> bool:
    spec = activity.fields[name]
    special = name in special_fields(register, activity)
    return spec.identifier or spec.free_text or special or spec.category.startswith(IDENTIFYING)


@rule(
    "WB058",
    "error",
    "'Anonymise' keeps identifying fields",
    source="Art 4(1), recital 26 AVG; WP29 Opinion 05/2014 on anonymisation techniques",
    nl="'{activity}' noemt het anoniem maken maar bewaart {fields}; daarmee is iemand te herkennen.",
    en="'{activity}' says it anonymises but keeps {fields}; that can identify someone.",
)
def anonymise_keeps_identifying(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        for i, r in enumerate(activity.retention):
            if r.then.value != "anonymise":
                continue
            kept = [name for name in r.keep_fields if name in activity.fields and identifying(register, activity, name)]
            if kept:
                yield Hit(
                    (*path, "retention", i, "keep_fields"), {"activity": path[1], "fields": fields_of(activity, kept)}
                )
