"""A register that makes the renderer use every sentence template (docs/publishing.md shows the results)."""

from __future__ import annotations

from typing import Any

from tests.factories import make_register
from waarborg.register.render import render_statement

D = dict[str, Any]

NOUN = {"nl": "het einde van {your} opleiding", "en": "the end of {your} course"}
CLAUSE = {"nl": "wij contact met {you} hebben opgenomen", "en": "we contacted {you}"}


def full(d: D) -> None:
    org = d["organisation"]
    org["trade_names"] = ["Voorbeeld Academie"]
    org["dpo"] = {"name": "A. de Vries", "email": "fg@voorbeeld.nl"}
    org["privacy_contact"] = {
        "name": "Team Privacy",
        "email": "privacy@voorbeeld.nl",
        "address": "Postbus 1, 3500 AA Utrecht",
        "phone": "030 123 4567",
    }
    d["statement"]["complaints"] = {"nl": "Klachten behandelt onze klachtencommissie.", "en": "Our committee."}
    d["requests"]["per_right"] = {"access": "10 working days"}
    d["events"]["course_completed"]["noun"] = NOUN
    d["events"]["contacted"] = {"label": {"nl": "Contact", "en": "Contact"}, "clause": CLAUSE}
    courses = d["activities"]["courses"]
    courses["basis"] = "legitimate_interests"
    courses["interest"] = {"nl": "{your} opleiding goed verzorgen", "en": "providing {your} course well"}
    courses["purposes"].append(
        {"use": "essential.service", "basis": "legal_obligation", "text": {"nl": "Facturen", "en": "Invoices"}}
    )
    courses["law"] = {"nl": "artikel 52 AWR", "en": "Article 52 AWR"}
    courses["special_category"] = {"condition": "9(2)(a)"}
    courses["camera"] = {"locations": [{"nl": "de ingang", "en": "the entrance"}]}
    courses["automated_decisions"] = {
        "used": True,
        "logic": {"nl": "Een toets bepaalt je niveau.", "en": "A test sets your level."},
        "human_review": True,
    }
    courses["fields"]["phone"] = {"category": "user.contact.phone_number"}
    courses["fields"]["notes"] = {"category": "user.content.public"}
    courses["fields"]["city"] = {"category": "user.contact.address.city"}
    courses["fields"]["birth"] = {"category": "user.demographic.date_of_birth"}
    courses["fields"]["gender"] = {"category": "user.demographic.gender"}
    courses["fields"]["title"] = {"category": "user.demographic"}
    criteria = {"nl": "de duur van {your} traject", "en": "the length of {your} programme"}
    courses["retention"] = [
        {"fields": ["name"], "after": "course_completed", "keep": "P1Y", "law": {"nl": "art. 52 AWR"}},
        {"fields": ["email"], "after": "contacted", "keep": "P0D"},
        {"fields": ["course"], "after": "course_completed", "keep": "P0D", "then": "anonymise"},
        {"fields": ["phone"], "after": "course_completed", "keep": "P0D", "then": "minimise",
         "keep_fields": ["name"], "do_not_contact": True},
        {"fields": ["notes"], "after": "collected", "keep": "as_long_as_necessary", "criteria": criteria},
        {"fields": ["city"], "after": "course_completed", "keep": "as_long_as_necessary"},
        {"fields": ["birth"], "after": "collected", "keep": "indefinite"},
        {"fields": ["gender"], "after": "contacted", "keep": "indefinite"},
    ]  # fmt: skip
    d["activities"]["newsletter"]["retention"].append({"after": "unsubscribed", "keep": "P1Y", "if_consent": "tips"})
    d["activities"]["newsletter"]["automated_decisions"] = {"used": False}
    d["processors"]["lms"].update(country="US", transfer={"mechanism": "scc", "reference": "SCC 2021"})
    d["transfers"] = {"mechanisms": ["scc"], "copy_on_request": True}
    d["recipients"] = {"yt": {"name": "YouTube", "kind": "controller", "country": "US"}}
    d["cookies"]["items"].append({"name": "_yt", "category": "marketing", "lifetime": "P6M", "recipient": "yt"})
    d["cookies"]["embeds"] = [
        {"name": "Video", "kind": "video", "recipient": "yt", "consent": True},
        {"name": "Kaart", "kind": "map", "recipient": "yt"},
    ]


def dpo_unnamed_phone_only(d: D) -> None:
    d["organisation"]["dpo"] = {"email": "fg@voorbeeld.nl"}
    d["organisation"]["privacy_contact"] = {"phone": "030 123 4567"}


def dpo_without_contact(d: D) -> None:
    d["organisation"]["dpo"] = {"name": "A. de Vries"}


VARIANTS = {"full": full, "dpo unnamed, phone only": dpo_unnamed_phone_only, "dpo without contact": dpo_without_contact}
VOICES = {"nl (je)": ("nl", "informal"), "nl (u)": ("nl", "formal"), "en": ("en", "informal")}


def outputs(voice: str) -> str:
    """Every variant rendered in one voice, as one text."""
    lang, tone = VOICES[voice]
    return "\n".join(
        " ".join(str(render_statement(make_register(v).register, lang, "md", tone)).split()) for v in VARIANTS.values()
    )
