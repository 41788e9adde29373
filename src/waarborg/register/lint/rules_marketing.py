"""Rules on e-mail marketing and AI tools (Telecommunicatiewet 11.7; Art 28, 35 AVG)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import (
    ai_processors,
    bsn_fields,
    is_marketing_mail,
    special_fields,
    uses_consent,
)
from waarborg.register.lint.wording import SOFT_OPT_IN, fields_of, listed
from waarborg.register.schema import Register


@rule(
    "WB051",
    "error",
    "E-mail marketing without consent or soft opt-in",
    source="Telecommunicatiewet 11.7(1)",
    nl="'{activity}' stuurt marketing per e-mail zonder toestemming en zonder soft opt-in voor klanten.",
    en="'{activity}' sends e-mail marketing without consent and without a customer soft opt-in.",
)
def marketing_consent(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if (
            is_marketing_mail(activity)
            and not uses_consent(register, activity)
            and not (activity.marketing and activity.marketing.soft_opt_in)
        ):
            yield Hit((*path, "basis"), {"activity": path[1]})


@rule(
    "WB052",
    "error",
    "Soft opt-in without an opt-out in every message",
    source="Telecommunicatiewet 11.7(3)",
    nl="'{activity}' gebruikt soft opt-in, maar niet elk bericht biedt een afmeldmogelijkheid.",
    en="'{activity}' uses soft opt-in, but not every message offers a way to opt out.",
)
def soft_opt_in_every_message(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        soft = activity.marketing.soft_opt_in if activity.marketing else None
        if soft and not soft.opt_out_in_every_message:
            yield Hit((*path, "marketing", "soft_opt_in"), {"activity": path[1]})


@rule(
    "WB053",
    "error",
    "Soft opt-in beyond its conditions",
    source="Telecommunicatiewet 11.7(3)",
    nl="Soft opt-in in '{activity}' geldt alleen voor bestaande klanten, eigen soortgelijke producten en met "
    "een afmeldmogelijkheid bij het verzamelen; hier ontbreekt: {missing}.",
    en="Soft opt-in in '{activity}' only covers existing customers, own similar products and an opt-out "
    "when the details are collected; missing here: {missing}.",
)
def soft_opt_in_conditions(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        soft = activity.marketing.soft_opt_in if activity.marketing else None
        if not soft:
            continue
        missing = [
            name
            for name, ok in (
                ("existing_customers_only", soft.existing_customers_only),
                ("similar_products_only", soft.similar_products_only),
                ("opt_out_at_collection", soft.opt_out_at_collection),
            )
            if not ok
        ]
        if missing:
            yield Hit(
                (*path, "marketing", "soft_opt_in"), {"activity": path[1], "missing": listed(SOFT_OPT_IN, missing)}
            )


@rule(
    "WB054",
    "warning",
    "Mail tracking without consent",
    source="Telecommunicatiewet 11.7a; Art 6(1)(a), 21(2) AVG",
    nl="'{activity}' meet open- en klikgedrag per lezer zonder toestemming daarvoor.",
    en="'{activity}' measures opens and clicks per reader without consent for it.",
)
def mail_tracking(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if activity.marketing and activity.marketing.tracking and not uses_consent(register, activity):
            yield Hit((*path, "marketing", "tracking"), {"activity": path[1]})


@rule(
    "WB055",
    "error",
    "Free text to an AI service without a PII guard or DPIA",
    source="Art 25, 28, 35 AVG",
    nl="'{activity}' stuurt vrije tekst naar AI-dienst '{processor}' zonder PII-filter en zonder DPIA.",
    en="'{activity}' sends free text to AI service '{processor}' without a PII guard and without a DPIA.",
)
def ai_free_text(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        processors = ai_processors(register, activity)
        free_text = any(f.free_text for f in activity.fields.values())
        if processors and free_text and not activity.pii_guard and not activity.dpia:
            yield Hit((*path, "processors"), {"activity": path[1], "processor": processors[0]})


@rule(
    "WB056",
    "error",
    "Special data or BSN to an AI service",
    source="Art 9 AVG; UAVG art 46",
    nl="'{activity}' deelt {fields} met AI-dienst '{processor}'; bijzondere gegevens en BSN horen niet in prompts.",
    en="'{activity}' shares {fields} with AI service '{processor}'; special category data and BSNs do not "
    "belong in prompts.",
)
def ai_special_data(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        processors = ai_processors(register, activity)
        fields = special_fields(register, activity) + [name for name, _ in bsn_fields(activity)]
        if processors and fields:
            yield Hit(
                (*path, "processors"),
                {"activity": path[1], "processor": processors[0], "fields": fields_of(activity, fields)},
            )


@rule(
    "WB057",
    "info",
    "Camera images without a statement of who views them",
    source="Art 5(1)(f), 32 AVG; Autoriteit Persoonsgegevens, camerabewaking",
    nl="'{activity}' zegt niet wie de camerabeelden mag bekijken.",
    en="'{activity}' does not say who may view the camera images.",
)
def camera_viewers(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if activity.camera and not activity.camera.viewers:
            yield Hit((*path, "camera"), {"activity": path[1]})
