"""The statement's language: grammatical Dutch and English, one tone, nothing empty, nothing said twice.

Each test reproduces a defect a reviewer found in a rendered statement (the sentence it must no longer say
is asserted absent), on the minimal register with one thing changed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_register
from waarborg.core.errors import InputError
from waarborg.register.render import render_statement


def md(mutate: Any = None, lang: str = "nl", tone: str | None = None) -> str:
    return str(render_statement(make_register(mutate).register, lang, "md", tone))


def event(**spec: Any) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        d["events"]["course_completed"].update(spec)

    return mutate


def rule(**changes: Any) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        d["activities"]["courses"]["retention"][0].update(changes)

    return mutate


NOUN = {"nl": "het einde van {your} opleiding", "en": "the end of {your} course"}
CLAUSE = {"nl": "wij contact met {you} hebben opgenomen", "en": "we contacted {you}"}


def test_an_event_noun_follows_na_in_either_tone() -> None:
    assert "Wij bewaren deze gegevens tot 1 jaar na het einde van je opleiding; daarna" in md(event(noun=NOUN))
    assert "tot 1 jaar na het einde van uw opleiding" in md(event(noun=NOUN), tone="formal")
    assert "We keep these data for 1 year after the end of your course; then we delete them." in md(
        event(noun=NOUN), "en"
    )


def test_an_event_clause_follows_nadat_with_the_verb_last() -> None:
    text = md(event(clause=CLAUSE))
    assert "tot 1 jaar nadat wij contact met je hebben opgenomen" in text
    assert "na wij" not in text
    assert "for 1 year after we contacted you" in md(event(clause=CLAUSE), "en")


def test_without_noun_or_clause_the_label_is_a_noun_phrase() -> None:
    assert "tot 1 jaar na einde opleiding" in md()


def test_builtin_events_are_nouns_or_clauses_per_language() -> None:
    assert "tot 4 weken na je afmelding" in md()
    assert "for 4 weeks after you unsubscribe" in md(lang="en")
    withdrawn = md(lambda d: d["activities"]["newsletter"]["retention"][0].update(after="consent_withdrawn"))
    assert "na de intrekking van je toestemming" in withdrawn
    assert "na je geeft" not in withdrawn


def test_a_zero_period_deletes_directly() -> None:
    text = md(rule(keep="P0D"))
    assert "Wij verwijderen deze gegevens direct na einde opleiding." in text
    assert "0 dagen" not in text
    assert "We delete these data immediately after end of the course." in md(rule(keep="P0D"), "en")


def test_several_events_of_different_kinds_each_keep_their_preposition() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["events"]["course_completed"]["noun"] = NOUN
        d["events"]["contacted"] = {"label": {"nl": "Contact", "en": "Contact"}, "clause": CLAUSE}
        d["activities"]["courses"]["retention"][0]["after"] = ["course_completed", "contacted"]

    text = md(mutate)
    assert "tot 1 jaar na het einde van je opleiding of nadat wij contact met je hebben opgenomen" in text
    assert "(wat het laatst komt)" in text


def test_several_nouns_share_one_preposition() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["events"]["course_completed"]["noun"] = NOUN
        d["activities"]["courses"]["retention"][0]["after"] = ["course_completed", "last_contact"]

    assert "tot 1 jaar na het einde van je opleiding of het laatste contact met je" in md(mutate)


def test_as_long_as_necessary_and_indefinite_read_as_sentences() -> None:
    necessary = md(rule(keep="as_long_as_necessary", criteria={"nl": "de duur van je traject", "en": "x"}))
    assert "Na einde opleiding bewaren wij deze gegevens zolang dat nodig is; daarna verwijderen wij ze." in necessary
    assert "Dat bepalen wij aan de hand van de duur van je traject." in necessary
    indefinite = md(rule(keep="indefinite"))
    assert "Na einde opleiding verwijderen wij deze gegevens niet automatisch." in indefinite
    assert "daarna" not in indefinite.split("Hoe lang")[1].split("##")[0]


def test_the_organisations_own_text_replaces_the_generated_sentence() -> None:
    own = {"nl": "Wij bewaren je gegevens een jaar na je opleiding."}
    text = md(rule(text=own))
    assert "Wij bewaren je gegevens een jaar na je opleiding." in text
    assert "Wij bewaren deze gegevens tot 1 jaar" not in text
    # no English text of its own: the English statement says it in generated words, not in Dutch
    english = md(rule(text=own), "en")
    assert "We keep these data for 1 year after" in english and "Wij bewaren" not in english


def test_data_from_the_person_is_from_yourself() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["activities"]["courses"]["sources"] = [{"key": "self", "kind": "data_subject"}]

    assert "- Van jezelf" in md(mutate) and "Van je zelf" not in md(mutate)
    assert "- Van uzelf" in md(mutate, tone="formal")


def test_the_interest_is_printed_only_with_legitimate_interests() -> None:
    interest = {"nl": "Daarnaast sturen wij klanten tips.", "en": "We also send customers tips."}

    def consent(d: dict[str, Any]) -> None:
        d["activities"]["newsletter"]["interest"] = interest

    assert "Daarnaast sturen" not in md(consent) and "Ons belang" not in md(consent)

    def li(d: dict[str, Any]) -> None:
        d["activities"]["newsletter"].update(basis="legitimate_interests", interest={"nl": "klanten tips sturen"})

    assert "Ons gerechtvaardigd belang daarbij is klanten tips sturen." in md(li)


def test_no_dash_or_empty_section_is_published() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["activities"]["courses"]["retention"] = []
        del d["cookies"]["items"][0]["lifetime"]

    text = md(mutate)
    courses = text.split("## Opleidingen")[1].split("## Nieuwsbrief")[0]
    assert "Hoe lang" not in courses
    assert "—" not in text and "| Bewaartermijn |" not in text


@pytest.mark.parametrize(
    ("contact", "says", "never"),
    [
        ({"phone": "030 – 29 19 888"}, "Je kunt je verzoek telefonisch doen: 030 – 29 19 888.", "naar 030"),
        (
            {"email": "privacy@voorbeeld.nl", "address": "Postbus 1, 3500 AA Utrecht", "phone": "030 123"},
            "Je kunt je verzoek per e-mail naar privacy@voorbeeld.nl of per post naar Postbus 1, 3500 AA Utrecht "
            "sturen. Je kunt ons ook bellen: 030 123.",
            "naar 030",
        ),
    ],
)
def test_request_channels_are_phrased_by_kind(contact: dict[str, str], says: str, never: str) -> None:
    text = md(lambda d: d["organisation"].update(privacy_contact=contact))
    assert says in text and never not in text


def test_new_keys_are_published() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["statement"]["complaints"] = {"nl": "Meld een klacht eerst bij onze klachtencommissie."}
        d["statement"]["retention_exception"] = {"nl": "Bij een rechtszaak bewaren wij gegevens langer."}
        d["requests"]["self_service"] = {"nl": "In je account zie en verbeter je je gegevens zelf."}
        d["activities"]["courses"]["opt_outs"] = [{"nl": "Je kunt vragen je naam niet aan de docent te geven."}]
        d["recipients"] = {"yt": {"name": "YouTube", "kind": "controller", "country": "US"}}
        d["cookies"]["embeds"] = [{"name": "Video", "kind": "video", "recipient": "yt", "consent": True}]

    text = md(mutate)
    complaint = text.split("## Klacht")[1]
    assert complaint.index("klachtencommissie") < complaint.index("Je kunt dan ook een klacht indienen bij de Autor")
    assert text.count("Bij een rechtszaak bewaren wij gegevens langer.") == 1
    assert "In je account zie en verbeter je je gegevens zelf." in text.split("### Een verzoek doen")[1]
    courses = text.split("## Opleidingen")[1].split("## Nieuwsbrief")[0]
    assert "### Waar je uit kunt kiezen" in courses and "niet aan de docent" in courses
    assert "| Video | Video | YouTube (Verenigde Staten, zelfstandig verwerkingsverantwoordelijke) |" in text
    assert "pas na je toestemming" in text


def test_a_placeholder_no_tone_fills_is_never_published() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["statement"]["intro"] = {"nl": "Welkom {naam}.", "en": "Welcome {name}."}

    with pytest.raises(InputError, match=r"\{naam\}"):
        md(mutate)


def test_register_texts_follow_the_tone() -> None:
    assert "Einde van uw opleiding" not in md(event(noun=NOUN), tone="formal")
    assert "{your}" not in md(event(noun=NOUN)) and "{you}" not in md(event(clause=CLAUSE), "en")
