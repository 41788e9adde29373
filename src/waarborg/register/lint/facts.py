"""Facts about registers that several rules ask: where data goes, what kind of data, which rights apply."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from waarborg.core.periods import Period
from waarborg.register.schema import Activity, DataField, Processor, Recipient, Register, RetentionRule
from waarborg.register.taxonomy import BSN_CATEGORY, is_criminal, is_special
from waarborg.register.types import Basis, Right

EU: tuple[str, ...] = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU")
EU += ("IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
EEA = frozenset((*EU, "IS", "LI", "NO"))
ADEQUATE = frozenset(["AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"])
"""Countries with an adequacy decision (LEGAL.md); the US only for DPF-certified organisations."""

RIGHTS_BY_BASIS: dict[Right, frozenset[Basis]] = {
    Right.erasure: frozenset(Basis) - {Basis.legal_obligation, Basis.public_task},  # 17(3)(b): usually not
    Right.portability: frozenset({Basis.consent, Basis.contract}),
    Right.objection: frozenset({Basis.public_task, Basis.legitimate_interests}),
    Right.withdraw_consent: frozenset({Basis.consent}),
}
"""Rights that apply only for some legal bases (Art 7(3), 17(3), 20, 21(1)); the others apply always."""

SEVEN_YEARS = Period(years=7)
FOUR_WEEKS = Period(weeks=4)
ONE_YEAR = Period(years=1)


def third_country(country: str) -> bool:
    return country not in EEA


def custom_special(register: Register) -> frozenset[str]:
    return frozenset(k for k, t in register.taxonomy.data_categories.items() if t.special)


def special_fields(register: Register, activity: Activity) -> list[str]:
    special = custom_special(register)
    return [name for name, f in activity.fields.items() if is_special(f.category, special)]


def criminal_fields(activity: Activity) -> list[str]:
    return [name for name, f in activity.fields.items() if is_criminal(f.category)]


def bsn_fields(activity: Activity) -> Iterator[tuple[str, DataField]]:
    return ((n, f) for n, f in activity.fields.items() if f.category == BSN_CATEGORY)


def bases(activity: Activity) -> set[Basis]:
    return {activity.basis} | {p.basis for p in activity.purposes if p.basis}


def applicable_rights(activity: Activity) -> list[Right]:
    """The rights a person has for this activity by law (LEGAL.md, table of rights).

    Objection applies to direct marketing whatever the basis (Art 21(2)); withdrawal wherever consent is
    asked, also for a longer retention on another basis; human review only where automated decisions
    are made (Art 22).
    """
    return [right for right in Right if _applies(right, activity)]


def _applies(right: Right, activity: Activity) -> bool:
    if right is Right.human_review:
        return bool(activity.automated_decisions and activity.automated_decisions.used)
    if right is Right.objection and any(p.use.startswith("marketing") for p in activity.purposes):
        return True
    if right is Right.withdraw_consent and activity.consent:
        return True
    return right not in RIGHTS_BY_BASIS or bool(RIGHTS_BY_BASIS[right] & bases(activity))


def rights_promised(register: Register, activity: Activity) -> list[Right]:
    return activity.rights if activity.rights is not None else register.statement.rights


SELF_LIMITING = frozenset({Right.erasure, Right.objection, Right.withdraw_consent, Right.human_review})
"""Rights whose sentence in the statement carries its own condition ('unless the law requires us to keep them',
'to use based on our legitimate interests', 'with an automated decision'): promised to everyone in
``statement.rights``, they do not mislead where they do not apply. Portability's sentence has no condition."""


@dataclass(frozen=True)
class RightsView:
    """One view of an activity's rights, shared by the lint (WB039-WB041) and the statement.

    ``published`` is what the statement says for the activity: promised and given by law. ``missing`` the law
    gives but the register does not promise; ``not_applicable`` is promised but misleads, as the law does not
    give it here (a statement-wide promise of a self-limiting right does not count).
    """

    promised: tuple[Right, ...]
    applicable: tuple[Right, ...]
    published: tuple[Right, ...]
    missing: tuple[Right, ...]
    not_applicable: tuple[Right, ...]
    own: bool
    """Whether the promise is the activity's own ``rights`` (else the statement's)."""


def rights_view(register: Register, activity: Activity) -> RightsView:
    promised = tuple(r for r in Right if r in rights_promised(register, activity))
    applicable = tuple(applicable_rights(activity))
    own = activity.rights is not None
    return RightsView(
        promised=promised,
        applicable=applicable,
        published=tuple(r for r in applicable if r in promised),
        missing=tuple(r for r in applicable if r not in promised),
        not_applicable=tuple(r for r in promised if r not in applicable and (own or r not in SELF_LIMITING)),
        own=own,
    )


def all_rights_promised(register: Register) -> set[Right]:
    promised = set(register.statement.rights)
    for activity in register.activities.values():
        promised |= set(activity.rights or [])
    return promised


def is_recruitment(register: Register, activity: Activity) -> bool:
    return any(p.use.startswith("employment.recruitment") for p in activity.purposes) or any(
        register.subjects[s].taxonomy == "job_applicant" for s in activity.subjects if s in register.subjects
    )


HIRED = re.compile(
    r"hire|employ|in[\s_-]?dienst|aangenomen|aanstelling|appointed|onboard|arbeidsovereenkomst|started_work",
    re.IGNORECASE,
)
"""Event keys or labels that mark the start of employment: after it, applicant norms no longer apply."""
APPROACHED = frozenset({"public", "third_party", "client"})
"""Source kinds of people an organisation approaches itself (a recruiter's 'potentials'): they did not apply."""


def after_hiring(register: Register, rule: RetentionRule) -> bool:
    """The rule starts when the person is hired (an event key or label that says so)."""
    for key in rule.after:
        event = register.events.get(key)
        labels = list(event.label.values()) if event else []
        if any(HIRED.search(text) for text in (key, *labels)):
            return True
    return False


def applied_themselves(register: Register, activity: Activity) -> bool:
    """Recruitment of people who applied: not of people approached (all sources public, third party, client)
    and not of employees."""
    if not is_recruitment(register, activity):
        return False
    kinds = {register.subjects[s].taxonomy for s in activity.subjects if s in register.subjects}
    if kinds and kinds <= {"employee"}:
        return False
    return not activity.sources or any(source.kind not in APPROACHED for source in activity.sources)


def is_marketing_mail(activity: Activity) -> bool:
    return any(p.use.startswith("marketing.communications") for p in activity.purposes) or bool(activity.marketing)


def rules_for_field(activity: Activity, field: str) -> list[RetentionRule]:
    """The retention rules that govern a field: those naming it, else those naming no fields."""
    named = [r for r in activity.retention if r.fields and field in r.fields]
    return named or [r for r in activity.retention if not r.fields]


def uses_consent(register: Register, activity: Activity) -> bool:
    return Basis.consent in bases(activity)


def ai_processors(register: Register, activity: Activity) -> list[str]:
    return [p for p in activity.processors if p in register.processors and register.processors[p].ai]


def party(register: Register, key: str) -> Processor | Recipient | None:
    """A recipient or processor by key (embeds and cookies name either)."""
    return register.recipients.get(key) or register.processors.get(key)


def activity_parties(register: Register, activity: Activity) -> Iterator[tuple[str, Processor | Recipient]]:
    """The processors (with their sub-processors) and recipients an activity's data goes to."""
    seen: set[str] = set()
    keys = [*activity.processors, *activity.recipients]
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        found = party(register, key)
        if found is None:
            continue
        yield key, found
        if isinstance(found, Processor):
            keys.extend(found.sub_processors)


def dpia_reasons(register: Register, activity: Activity) -> list[tuple[str, str]]:
    """Why the AP's DPIA list applies to this activity, as (nl, en) pairs (empty: it does not)."""
    categories = [f.category for f in activity.fields.values()]
    scale = activity.large_scale
    checks = (
        (("bijzondere persoonsgegevens", "special category data"), bool(special_fields(register, activity))),
        # The AP list names large-scale or systematic monitoring: one camera at an entrance, or counting a
        # small newsletter's opens and clicks, is not on it.
        (("grootschalig cameratoezicht", "large-scale camera surveillance"), bool(activity.camera and scale)),
        (
            ("profilering", "profiling"),
            activity.profiling or bool(activity.marketing and activity.marketing.tracking and scale),
        ),
        (("locatiegegevens", "location data"), any(c.startswith("user.location") for c in categories)),
        (
            ("biometrische gegevens", "biometric data"),
            any(c.startswith("user.biometric") for c in categories),
        ),
        (
            ("geautomatiseerde besluiten", "automated decisions"),
            bool(activity.automated_decisions and activity.automated_decisions.used),
        ),
        (("een AI-dienst", "an AI service"), bool(ai_processors(register, activity))),
    )
    return [reason for reason, applies in checks if applies]
