"""The four seed registers: they load, they encode the statements' promises, and their lint output is golden."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.factories import ROOT
from waarborg.core.periods import Period
from waarborg.register.lint import run
from waarborg.register.loader import LoadedRegister, load_register
from waarborg.register.schema import Register
from waarborg.register.types import Right

SEEDS = ["icm", "ivio", "ikwerkindezorg", "igen"]


def seed(name: str) -> LoadedRegister:
    return load_register(Path("examples/registers") / f"{name}.yaml")


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # findings name the file as given: relative, as in the golden files


@pytest.mark.parametrize("name", SEEDS)
def test_lint_output_matches_the_golden_file(name: str) -> None:
    golden = json.loads((ROOT / "tests" / "golden" / f"{name}.check.json").read_text(encoding="utf-8"))
    actual = [finding.as_dict() for finding in run(seed(name))]
    assert actual == golden, f"lint output of {name} changed: review, then `make golden`"


def errors(name: str) -> set[str]:
    return {f.rule.id for f in run(seed(name)) if str(f.rule.severity) == "error"}


def test_ivio_relies_on_privacy_shield_which_is_an_error() -> None:
    assert "WB022" in errors("ivio")  # the mechanism and the sentence naming it are one defect


def test_icm_takes_cookie_consent_by_continuing_to_browse_which_is_an_error() -> None:
    assert "WB028" in errors("icm")


def test_every_seed_has_real_problems() -> None:
    for name in SEEDS:
        assert errors(name), name


def keeps(register: Register, activity: str) -> list[Period | str]:
    return [rule.keep for rule in register.activities[activity].retention]


def test_icm_promises() -> None:
    register = seed("icm").register
    newsletter = register.activities["newsletter"]
    assert newsletter.consent is not None
    assert set(newsletter.consent.options) == {"tips", "events", "offers"}
    assert newsletter.consent.options["tips"].frequency == "monthly"
    assert Period(years=1) in keeps(register, "applications")
    assert "indefinite" in keeps(register, "courses")
    assert register.roles["instructor"].scope is not None
    assert str(register.statement.last_amended) == "2019-12-09"
    assert register.organisation.addresses[0].city == "Utrecht"
    assert register.statement.complaints is not None, "the statement's own complaint route is published"
    courses = register.activities["courses"]
    assert courses.consent is not None and courses.consent.conditional, "registering is giving permission"
    photos = register.activities["event_photos"]
    assert photos.opt_outs and "photographer" in (photos.opt_outs[0].get("en") or "")
    assert all(event.noun or event.clause for event in register.events.values())


def test_icm_the_applicants_10_working_days_is_not_a_promise_for_every_request() -> None:
    requests = seed("icm").register.requests
    assert requests.promise is None and not requests.per_right
    wording = requests.wording or {}
    assert "10 working days" in wording["en"] and "job applicant" in wording["en"]
    assert "10 werkdagen" in wording["nl"] and "sollicitant" in wording["nl"]


def test_icm_names_a_basis_only_for_course_registration() -> None:
    activities = seed("icm").register.activities
    stated = {key for key, activity in activities.items() if activity.stated("basis")}
    assert stated == {"courses"}, "only 'you give ICM permission' names a basis"
    assert all(activity.inferred.get("basis") for key, activity in activities.items() if key != "courses")


def test_icm_requires_only_what_the_statement_requires() -> None:
    activities = seed("icm").register.activities
    applications = activities["applications"].fields
    assert all(f.required and f.stated("required") for f in applications.values()), "'we require' these"
    for key, activity in activities.items():
        if key == "applications":
            continue
        for name, field in activity.fields.items():
            assert not field.required or not field.stated("required"), f"{key}.{name}"


def test_icm_inferred_readings_stay_marked() -> None:
    register = seed("icm").register
    [one_year, _] = register.activities["applications"].retention
    assert one_year.keep == Period(years=1) and one_year.stated("keep") and not one_year.stated("after")
    assert not register.recipients["third_parties_for_services"].stated("kind")
    assert not register.processors["instructors"].stated("country")
    assert not register.organisation.supervisory_authority.stated("name"), "the statement leaves it blank"
    assert Right.objection not in (register.activities["event_photos"].rights or [])
    assert register.cookies is not None
    parties = {*register.recipients, *register.processors}
    assert {"google", "linkedin", "facebook"} <= set(register.recipients)
    for cookie in register.cookies.items:
        assert cookie.recipient is None or cookie.recipient in parties, cookie.name
    for key in ("google", "linkedin", "facebook"):
        recipient = register.recipients[key]
        assert not recipient.stated("kind") and not recipient.stated("country"), key


def test_ivio_promises() -> None:
    register = seed("ivio").register
    assert str(register.requests.promise) == "4 weeks"
    identification = register.requests.identification
    assert identification is not None and identification.method == "id_copy"
    assert {"photo", "bsn", "mrz"} <= set(identification.masked)
    assert register.cookies is not None
    [analytics] = register.cookies.analytics
    assert analytics.ip_masking and not analytics.data_sharing and analytics.processor_agreement
    assert analytics.retention == Period(months=26)
    assert register.organisation.addresses[0].street == "Bolderweg 2"
    assert Right.portability in register.statement.rights
    assert not analytics.stated("user_id"), "the statement does not mention User-ID"
    assert all(event.noun or event.clause for event in register.events.values())


def test_ivio_names_a_basis_only_for_invoicing_and_data_from_other_parties() -> None:
    activities = seed("ivio").register.activities
    stated = {key for key, activity in activities.items() if activity.stated("basis")}
    assert stated == {"invoicing", "other_parties"}
    [recruitment] = [p for p in activities["correspondence"].purposes if p.basis is not None]
    assert not recruitment.stated("basis")


def test_ivio_seven_years_is_only_what_happens_in_most_cases() -> None:
    register = seed("ivio").register
    sevens = [rule for activity in register.activities.values() for rule in activity.retention
              if rule.keep == Period(years=7)]  # fmt: skip
    assert sevens, "the statement's general period is encoded"
    assert all(not rule.stated("keep") and rule.stated("after") for rule in sevens), "'in de meeste gevallen'"
    [website] = register.activities["website"].retention
    assert website.keep == Period(months=26) and website.stated("keep")


def test_ivio_transfers_say_what_the_statement_says() -> None:
    register = seed("ivio").register
    assert register.transfers is not None
    assert [m.value for m in register.transfers.mechanisms] == ["scc", "privacy_shield"], "no adequacy named"
    google = register.processors["google"]
    assert google.transfer is not None and not google.transfer.stated() and not google.stated("country")
    assert google.stated("agreement"), "'Wij hebben een verwerkingsovereenkomst met Google gesloten'"
    assert not register.recipients["contract_parties"].stated("kind")


def test_ikwerkindezorg_promises() -> None:
    register = seed("ikwerkindezorg").register
    assert register.organisation.dpo is not None and register.organisation.dpo.name == "Zillah Holtkamp"
    assert str(register.requests.promise) == "4 weeks"
    [newsletter_rule] = register.activities["newsletter"].retention
    assert (newsletter_rule.keep, newsletter_rule.after) == (Period(weeks=4), ["unsubscribed"])
    matching = {rule.keep: rule.fields for rule in register.activities["matching"].retention}
    assert matching.keys() == {Period(years=7), Period(years=5)}
    assert "iban" in (matching[Period(years=7)] or []) or any("bank" in f for f in matching[Period(years=7)] or [])
    assert register.processors["openai"].ai and register.processors["openai"].country == "US"
    assert "openai" in register.activities["cai"].processors


def test_igen_promises() -> None:
    register = seed("igen").register
    # "zullen proberen binnen 14 werkdagen te reageren" is an attempt, for questions: wording, not a promise
    assert register.requests.promise is None
    assert register.requests.wording is not None and "14 werkdagen" in register.requests.wording["nl"]
    assert keeps(register, "cameras") == [Period(days=14)]
    potentials = register.activities["potentials"].retention
    assert any(rule.if_consent and rule.keep == Period(years=5) for rule in potentials)
    [minimise] = [rule for rule in potentials if rule.do_not_contact]
    assert minimise.then.value == "minimise" and "name" in minimise.keep_fields
    assert Period(years=5) in keeps(register, "business_contacts")
    assert Period(months=6) in keeps(register, "website")


def test_igen_marks_what_the_statement_does_not_give() -> None:
    register = seed("igen").register
    for key in ("potentials", "applicants"):
        activity = register.activities[key]
        assert activity.notice is not None
        assert {"within", "answer_within", "again_every"} <= activity.notice.inferred.keys()  # "regelmatig"
        assert activity.consent is not None and not activity.consent.stated("withdrawal")
        [minimise] = [rule for rule in activity.retention if rule.then.value == "minimise"]
        assert not minimise.stated("keep")  # the statement gives no moment; P0D is filled in
    assert "linkedin_recruiter" not in register.systems  # no statement names it
    assert not register.systems["camera_recorder"].stated()
    assert not register.recipients["linkedin"].stated("kind")
    assert not register.recipients["hosting_parties"].stated("country")


def test_igen_encodes_promises_that_were_only_comments() -> None:
    register = seed("igen").register
    assert register.statement.rights == [Right.complaint]
    exception = register.statement.retention_exception
    assert exception is not None and "rechtsvordering" in exception["nl"]
    [opt_out] = register.activities["applicants"].opt_outs
    assert "niet te laten verstrekken" in opt_out["nl"]
    assert "linkedin" in register.activities["social_media"].recipients
    events = register.events
    assert events["we_contacted_you"].clause is not None and events["consent_given"].clause is not None
    assert all(event.noun or event.clause for event in events.values())


def test_ikwerkindezorg_marks_what_the_statement_does_not_give() -> None:
    register = seed("ikwerkindezorg").register
    for key, activity in register.activities.items():
        assert not activity.stated("basis"), key  # the statement names no legal basis anywhere
    for key, processor in register.processors.items():
        if key in ("google_analytics", "google_workspace"):  # "het Amerikaanse bedrijf Google"
            assert processor.stated("country"), key
        else:
            assert not processor.stated("country"), key
    for key, recipient in register.recipients.items():
        assert not recipient.stated("kind"), key
    assert all(not system.stated("owner") for system in register.systems.values())
    assert not register.activities["matching"].fields["care_request"].stated()
    [analytics] = register.cookies.analytics if register.cookies else []
    assert not analytics.stated("ip_masking") and not analytics.stated("consent")


def test_ikwerkindezorg_encodes_promises_that_were_only_comments() -> None:
    register = seed("ikwerkindezorg").register
    self_service = register.requests.self_service
    assert self_service is not None and "via jouw account" in self_service["nl"]
    assert all(event.noun for event in register.events.values())
    assert register.cookies is not None
    [cookie] = register.cookies.items
    assert cookie.recipient == "google_analytics"
    assert {embed.recipient for embed in register.cookies.embeds} == {"vimeo", "youtube"}
    assert not editorial_brackets(register)


def editorial_brackets(register: Register) -> list[str]:
    """Texts with a bracketed insertion such as '[hebben]' or 'jou[w]': editorial remarks belong in comments."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend(re.findall(r"\w*\[[^\]]*\]\w*", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(register.model_dump())
    return found


def test_igen_texts_have_no_editorial_brackets() -> None:
    assert not editorial_brackets(seed("igen").register)
