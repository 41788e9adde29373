"""The language rules (WB090-WB092), the rights rule WB095 and the shared rights view (facts.rights_view).

TRIGGERS here extends tests/register/test_rules.py's TRIGGERS: together they must name every rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Mutation, findings, make_register, rule_ids
from tests.register import test_rules
from waarborg.register.lint import RULES
from waarborg.register.lint.facts import rights_view
from waarborg.register.types import Right

D = dict[str, Any]


def purpose_text(nl: str, en: str = "To provide your course") -> Mutation:
    return lambda d: d["activities"]["courses"]["purposes"][0].update(text={"nl": nl, "en": en})


def no_rights(d: D) -> None:
    d["statement"]["rights"] = []


TRIGGERS: dict[str, Mutation] = {
    "WB090": purpose_text("Wij [hebben] je opleiding verzorgd"),
    "WB091": purpose_text("Je opleiding bij {organisatie} verzorgen"),
    "WB092": purpose_text("Uw opleiding verzorgen"),
    "WB095": no_rights,
}

NEAR_MISSES: list[tuple[str, Mutation]] = [
    ("WB090", purpose_text("Je opleiding verzorgen (zie [de voorwaarden](https://voorbeeld.nl))")),
    ("WB090", purpose_text("Je opleiding verzorgen (online)")),
    ("WB091", purpose_text("{Your} opleiding verzorgen")),
    ("WB092", purpose_text("Je opleiding verzorgen, ook in de U-bocht")),
    ("WB092", lambda d: d["activities"]["courses"]["purposes"][0].update(text={"en": "Your course, you know"})),
    ("WB095", lambda d: (no_rights(d), d["activities"]["courses"].update(rights=["access", "complaint"]))),
]


def test_every_rule_has_a_trigger_here_or_in_test_rules() -> None:
    assert set(TRIGGERS) | set(test_rules.TRIGGERS) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_triggers(rule_id: str) -> None:
    found = [f for f in findings(TRIGGERS[rule_id]) if f.rule.id == rule_id]
    assert found, f"{rule_id} did not trigger"
    assert all(f.line > 0 for f in found)
    assert all(found[0].message(lang) for lang in ("nl", "en"))


def test_the_placeholder_is_named() -> None:
    found = [f for f in findings(TRIGGERS["WB091"]) if f.rule.id == "WB091"]
    assert "'{organisatie}'" in found[0].message("nl") and "{you}" in found[0].message("en")


@pytest.mark.parametrize(("rule_id", "mutate"), NEAR_MISSES)
def test_rule_near_miss_does_not_trigger(rule_id: str, mutate: Mutation) -> None:
    assert rule_id not in rule_ids(mutate)


def test_editorial_marks_are_named() -> None:
    found = [f for f in findings(purpose_text("Wij verwerken jou[w] gegevens")) if f.rule.id == "WB090"]
    assert "'jou[w]'" in found[0].message("en")
    assert found[0].path == "activities.courses.purposes[0].text.nl"


# --- one view of rights for lint and render -----------------------------------------------------------------


def view(mutate: Mutation | None = None, activity: str = "courses") -> Any:
    register = make_register(mutate).register
    return rights_view(register, register.activities[activity])


def test_published_is_promised_and_applicable() -> None:
    courses = view()  # contract: objection and withdrawal are promised statement-wide but do not apply
    assert Right.objection not in courses.published and Right.withdraw_consent not in courses.published
    assert Right.portability in courses.published
    assert courses.not_applicable == ()  # their sentences carry their own condition


def test_portability_where_art_20_does_not_apply_is_not_applicable() -> None:
    li = view(lambda d: d["activities"]["courses"].update(basis="legitimate_interests", interest={"nl": "x"}))
    assert Right.portability in li.not_applicable and Right.portability not in li.published


def test_an_activitys_own_promise_of_an_inapplicable_right_is_not_applicable() -> None:
    own = view(lambda d: d["activities"]["courses"].update(rights=["access", "objection", "complaint"]))
    assert own.own and Right.objection in own.not_applicable
    assert Right.rectification in own.missing


def test_objection_to_direct_marketing_is_missing_when_not_promised() -> None:
    def mutate(d: D) -> None:
        d["statement"]["rights"].remove("objection")

    assert Right.objection in view(mutate, "newsletter").missing
    assert any(f.rule.id == "WB040" and "newsletter" in f.path for f in findings(mutate))


def test_the_statement_publishes_only_the_view() -> None:
    from waarborg.register.render import render_statement

    def mutate(d: D) -> None:
        d["activities"]["courses"].update(basis="legitimate_interests", interest={"nl": "x"})

    register = make_register(mutate).register
    text = str(render_statement(register, "nl", "md"))
    courses = text.split("## Opleidingen")[1].split("## Nieuwsbrief")[0]
    assert "Recht op overdraagbaarheid" not in courses and "Recht van bezwaar" in courses
    unpromised = make_register(lambda d: d["statement"]["rights"].remove("objection")).register
    assert "Recht van bezwaar" not in str(render_statement(unpromised, "nl", "md"))
