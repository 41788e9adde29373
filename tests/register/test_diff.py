"""`diff`: what changed for the people concerned, in plain Dutch and English."""

from __future__ import annotations

from tests.factories import make_register
from waarborg.register.diff import diff_registers


def changes(mutate):  # type: ignore[no-untyped-def]
    return diff_registers(make_register().register, make_register(mutate).register)


def test_identical_registers_have_no_changes() -> None:
    assert changes(lambda d: d["statement"].update(version="1.1")) == []


def test_a_new_field_and_a_new_processor_are_told_in_both_languages() -> None:
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["processors"]["mailer"] = {
            "name": "Mailer Inc.",
            "country": "US",
            "agreement": {},
            "transfer": {"mechanism": "dpf"},
        }
        d["activities"]["courses"]["processors"].append("mailer")
        d["activities"]["courses"]["fields"]["phone"] = {"category": "user.contact.phone_number"}

    found = {c.path: c for c in changes(mutate)}
    assert "wij vragen nu ook telefoonnummer" in found["activities.courses.fields.phone"].nl
    assert "we now also ask for phone number" in found["activities.courses.fields.phone"].en
    assert "Mailer Inc. (de Verenigde Staten)" in found["activities.courses.processors"].nl
    assert "now also processes data" in found["activities.courses.processors"].en


def test_retention_basis_options_and_promise_changes() -> None:
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["activities"]["courses"]["retention"][0]["keep"] = "P2Y"
        d["activities"]["courses"]["basis"] = "legitimate_interests"
        d["activities"]["courses"]["interest"] = "Kwaliteit"
        d["activities"]["newsletter"]["consent"]["options"]["events"] = {"label": {"nl": "Events", "en": "Events"}}
        d["requests"]["promise"] = "10 working days"
        del d["activities"]["newsletter"]

    found = {c.path: c for c in changes(mutate)}
    assert "2 jaar" in found["activities.courses.retention"].nl
    assert "gerechtvaardigd belang" in found["activities.courses.basis"].nl
    assert "10 working days" in found["requests.promise"].en
    assert found["activities.newsletter"].en == "We no longer do this: Newsletter."


def test_retention_changes_are_said_in_the_chosen_language() -> None:
    old = make_register().register
    new = make_register(
        lambda d: d["activities"]["courses"]["retention"].append(
            {"after": "collected", "keep": "as_long_as_necessary", "fields": ["course"]}
        )
    ).register
    (change,) = [c for c in diff_registers(old, new) if c.path.endswith("retention")]
    assert "1 jaar na einde opleiding; zolang dat nodig is" in change.nl
    assert "as long as necessary" not in change.nl and "1 year after end of the course" in change.en
