"""What the portal's data page shows: the person's records per activity, consents and requests, and a form
the person sent back with what was wrong with it. Plain data for the template; the routes are in ``portal``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from waarborg.access.policy import Principal
from waarborg.consent import receipts
from waarborg.core.errors import InputError, RecordError, WaarborgError
from waarborg.register.types import tr
from waarborg.rights import requests
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.words import reason_text


def me(subject: str) -> Principal:
    """The person looking at their own data: every activity, restricted records included; audited as them."""
    return Principal(f"subject:{subject}", frozenset({"read"}), restricted=True)


# --- my data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormProblem:
    """What was wrong with a form the person sent: which form ('correct' of an activity, or 'request')."""

    form: str
    text: str
    activity: str = ""


def overview(vault: Vault, subject: str, lang: str) -> dict[str, Any]:
    register = vault.register
    with vault.unit() as unit:
        try:
            view = vault.get_subject(unit, subject, by=me(subject))
        except WaarborgError:
            return {"activities": [], "consents": [], "requests": []}
        state = receipts.current(unit, subject)
        asked = requests.listed(unit, closed=True, subject_id=subject)
    activities: dict[str, dict[str, Any]] = {}
    for record in view.records:
        spec = register.activities.get(record.activity)
        if spec is None:
            continue
        entry = activities.setdefault(
            record.activity,
            {
                "key": record.activity,
                "title": tr(spec.label, lang, record.activity),
                "records": [],
                "purposes": " ".join(tr(p.text, lang) for p in spec.purposes),
            },
        )
        fields = [
            {"name": k, "label": tr(spec.fields[k].label, lang, k) if k in spec.fields else k, "value": v}
            for k, v in (record.values or {}).items()
        ]
        entry["records"].append(
            {
                "id": record.id,
                "collected": record.collected_at,
                "due": record.due_at,
                "restricted": record.status == "restricted",
                "fields": fields,
            }
        )
    consents = []
    for key in activities:
        spec = register.activities[key]
        if spec.consent is None:
            continue
        options = list(spec.consent.options) or [receipts.WHOLE]
        consents.append(
            {
                "key": key,
                "title": tr(spec.label, lang, key),
                "options": [
                    {
                        "key": o,
                        "label": tr(spec.consent.options[o].label, lang, o)
                        if o in spec.consent.options
                        else tr(spec.label, lang, key),
                        "on": state.get(key, {}).get(o, False),
                    }
                    for o in options
                ],
            }
        )
    shown = [{"kind": q.kind, "received": q.received_at, "due": q.due_on, "status": q.status} for q in asked]
    return {"activities": list(activities.values()), "consents": consents, "requests": shown}


def correction_problem(vault: Vault, error: InputError, activity: str, field: str, lang: str) -> FormProblem:
    """The refused correction in the person's words: the field's label and why, never the developer's message."""
    spec = vault.register.activities.get(activity)
    if not isinstance(error, RecordError) or spec is None or field not in spec.fields:
        return FormProblem("correct", pagekit.words_of(vault, lang)["bad_field"], activity)
    reason = next((why for name, why in error.problems if name == field), "")
    label = tr(spec.fields[field].label, lang, field)
    return FormProblem("correct", f"{label}: {reason_text(reason, lang)}", activity)
