"""Intake validation: only declared fields get in, normalised by category, every problem reported at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import hypothesis
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import ROOT, make_register
from waarborg.core.errors import InputError, RecordError
from waarborg.register.loader import load_register
from waarborg.register.schema import Register
from waarborg.vault import validate
from waarborg.vault.validate import (
    BSN_WITHOUT_LAW,
    NOT_BSN,
    NOT_DATE_OF_BIRTH,
    NOT_EMAIL,
    NOT_IBAN,
    NOT_PHONE,
    NOT_POSTCODE,
    Validated,
    Validator,
    normalise_identifier,
    validate_record,
    validator_for,
)

VALID_BSN = "111222333"
SIGNUP_FIELDS: dict[str, Any] = {
    "name": {"category": "user.name", "required": True},
    "email": {"category": "user.contact.email", "required": True, "identifier": True},
    "work_email": {"category": "user.contact.email.work", "identifier": True},
    "phone": {"category": "user.contact.phone_number", "identifier": True},
    "iban": {"category": "user.financial.bank_account"},
    "account_details": {"category": "user.financial.bank_account.details"},
    "bsn": {"category": "user.government_id.national_identification_number", "law": "Wet op de loonbelasting"},
    "date_of_birth": "user.demographic.date_of_birth",
    "postcode": "user.contact.address.postal_code",
    "notes": {"category": "user.content.private", "free_text": True},
    "newsletter": "user.privacy_preferences",
    "hours": "user.workplace",
}


def _add_signup(data: dict[str, Any]) -> None:
    signup = dict(data["activities"]["courses"], fields=SIGNUP_FIELDS)
    data["activities"]["signup"] = signup
    data["taxonomy"] = {
        "data_categories": {
            "user.contact.email.work": {"label": "Work e-mail", "parent": "user.contact.email"},
            "user.financial.bank_account.details": {"label": "Account", "parent": "user.financial.bank_account"},
        }
    }


def _bsn_without_law(data: dict[str, Any]) -> None:
    _add_signup(data)
    del data["activities"]["signup"]["fields"]["bsn"]["law"]


REGISTER = make_register(_add_signup).register
NO_LAW = make_register(_bsn_without_law).register


def seed(name: str) -> Register:
    return load_register(Path(ROOT) / "examples" / "registers" / f"{name}.yaml").register


def ok(data: dict[str, Any], activity: str = "signup", register: Register = REGISTER) -> dict[str, Any]:
    return validate_record(register, activity, data).values


def problems(data: Any, activity: str = "signup", register: Register = REGISTER) -> dict[str, str]:
    with pytest.raises(RecordError) as caught:
        validate_record(register, activity, data)
    return dict(caught.value.problems)


def base(**extra: Any) -> dict[str, Any]:
    return {"name": "Jan Jansen", "email": "jan@example.nl", **extra}


# --- good values, normalised ---------------------------------------------------------------------------


def test_a_simple_record_passes_trimmed() -> None:
    result = validate_record(REGISTER, "signup", {"name": "  Jan Jansen ", "email": " Jan@Example.NL "})
    assert result == Validated(
        {"name": "Jan Jansen", "email": "Jan@example.nl"}, {"email": "jan@example.nl"}
    )  # identifiers link case-insensitively


def test_the_email_domain_is_lower_cased_but_the_local_part_kept() -> None:
    assert ok(base(email="Piet.Puk@VOORBEELD.nl"))["email"] == "Piet.Puk@voorbeeld.nl"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("06 12345678", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("020 123 4567", "+31201234567"),
        ("+32 470 12 34 56", "+32470123456"),
        (612345678, "+31612345678"),
    ],
)
def test_phone_numbers_become_e164(given: object, expected: str) -> None:
    result = validate_record(REGISTER, "signup", base(phone=given))
    assert result.values["phone"] == expected
    assert result.identifiers["phone"] == expected


def test_a_dutch_number_written_with_the_trunk_zero_after_the_country_code_is_understood() -> None:
    assert ok(base(phone="+31 (0)6 1234 5678"))["phone"] == "+31612345678"


def _phonenumbers_says(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    valid = phonenumbers.is_valid_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else None


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(["0", "+31", "0031", "+31 ", "(0", "+32", "00"]),
    digits=st.text("0123456789", min_size=8, max_size=10),
    separator=st.sampled_from(["", " ", "-", ")", "."]),
)
def test_the_fast_path_for_dutch_numbers_agrees_with_phonenumbers(prefix: str, digits: str, separator: str) -> None:
    text = f"{prefix}{digits[:2]}{separator}{digits[2:]}"
    try:
        ours: str | None = str(ok(base(phone=text))["phone"])
    except RecordError:
        ours = None
    assert ours == _phonenumbers_says(text)


def test_an_iban_is_compacted_and_upper_cased() -> None:
    assert ok(base(iban="nl91 abna 0417 1643 00"))["iban"] == "NL91ABNA0417164300"


def test_under_a_narrower_bank_category_only_iban_like_values_are_checked() -> None:
    assert ok(base(account_details="NL91 ABNA 0417 1643 00"))["account_details"] == "NL91ABNA0417164300"
    assert ok(base(account_details="Chase 123456789 (US)"))["account_details"] == "Chase 123456789 (US)"
    assert problems(base(account_details="NL91 ABNA 0417 1643 01")) == {"account_details": NOT_IBAN}


@pytest.mark.parametrize(("given", "expected"), [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"), ("3511ed", "3511 ED")])
def test_dutch_postcodes_are_formatted(given: str, expected: str) -> None:
    assert ok(base(postcode=given))["postcode"] == expected


@pytest.mark.parametrize("foreign", ["1000", "10115", "SW1A 1AA", "B-2000"])
def test_foreign_postcodes_are_kept_as_text(foreign: str) -> None:
    assert ok(base(postcode=f" {foreign} "))["postcode"] == foreign


def test_a_bsn_with_a_law_is_checked_and_compacted() -> None:
    assert ok(base(bsn="1112.22.333"))["bsn"] == VALID_BSN
    assert ok(base(bsn=111222333))["bsn"] == VALID_BSN


@pytest.mark.parametrize("given", ["1990-02-01", dt.date(1990, 2, 1)])
def test_a_date_of_birth_becomes_iso(given: object) -> None:
    assert ok(base(date_of_birth=given))["date_of_birth"] == "1990-02-01"


def test_numbers_and_booleans_are_stored_as_given() -> None:
    values = ok(base(newsletter=True, hours=32.5))
    assert values["newsletter"] is True
    assert values["hours"] == 32.5


def test_text_keeps_newlines_and_tabs_and_unifies_line_breaks() -> None:
    assert ok(base(notes="line one\r\n\tline two\rthree"))["notes"] == "line one\n\tline two\nthree"


def test_text_is_nfc_normalised() -> None:
    assert ok(base(name="Rene\u0301e"))["name"] == "Ren\u00e9e"


def test_empty_optional_fields_are_dropped() -> None:
    assert ok(base(phone="", iban="   ", postcode=None)) == {"name": "Jan Jansen", "email": "jan@example.nl"}


def test_identifiers_are_keyed_by_kind_and_the_first_declared_of_a_kind_wins() -> None:
    result = validate_record(REGISTER, "signup", base(work_email="jan@work.nl", phone="0612345678"))
    assert result.identifiers == {"email": "jan@example.nl", "phone": "+31612345678"}
    assert result.values["work_email"] == "jan@work.nl"


def test_the_same_validator_is_reused_for_a_register() -> None:
    assert validator_for(REGISTER) is validator_for(REGISTER)
    assert validator_for(NO_LAW) is not validator_for(REGISTER)


# --- bad values ----------------------------------------------------------------------------------------

BAD = [
    ("email", "jan.example.nl", NOT_EMAIL),
    ("email", "jan@@example.nl", NOT_EMAIL),
    ("email", "jan@example", NOT_EMAIL),
    ("email", "jan @example.nl", NOT_EMAIL),
    ("email", "jan@example..nl", NOT_EMAIL),
    ("email", "@example.nl", NOT_EMAIL),
    ("email", "j" * 250 + "@example.nl", NOT_EMAIL),
    ("email", 12345, NOT_EMAIL),
    ("phone", "0612", NOT_PHONE),
    ("phone", "call me maybe", NOT_PHONE),
    ("phone", "+99 1234 5678", NOT_PHONE),
    ("phone", "0" * 100, NOT_PHONE),
    ("phone", 6.5, NOT_PHONE),
    ("iban", "NL91ABNA0417164301", NOT_IBAN),
    ("iban", "hello world", NOT_IBAN),
    ("bsn", "111222334", NOT_BSN),
    ("bsn", "12345678x", NOT_BSN),
    ("date_of_birth", "01-02-1990", NOT_DATE_OF_BIRTH),
    ("date_of_birth", "1990-02-30", NOT_DATE_OF_BIRTH),
    ("date_of_birth", "1899-12-31", NOT_DATE_OF_BIRTH),
    ("date_of_birth", dt.datetime(1990, 2, 1, 12, 0), NOT_DATE_OF_BIRTH),
    ("date_of_birth", 19900201, NOT_DATE_OF_BIRTH),
    ("postcode", "0123 AB", NOT_POSTCODE),
    ("postcode", "2611 SS", NOT_POSTCODE),
    ("name", "Jan\x00Jansen", "contains control characters"),
    ("name", "Jan\x1b[31mJansen", "contains control characters"),
    ("name", "Jan\x85Jansen", "contains control characters"),
    ("name", "x" * 501, "too long (max 500 characters)"),
    ("notes", "y" * 20_001, "too long (max 20000 characters)"),
    ("hours", float("nan"), "not a finite number"),
    ("hours", b"bytes", "expected text, a number or true/false, got bytes"),
    ("hours", ["a", "b"], "expected a single value, got a list"),
    ("hours", {"a": 1}, "expected a single value, got an object"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD)
def test_a_bad_value_is_refused_with_its_reason(field: str, value: object, reason: str) -> None:
    data = base(**{field: value})
    assert problems(data) == {field: reason}


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    tomorrow = dt.date(2030, 1, 2)
    validator = Validator(REGISTER, today=lambda: dt.date(2030, 1, 1))
    with pytest.raises(RecordError) as caught:
        validator.validate("signup", base(date_of_birth=tomorrow.isoformat()))
    assert caught.value.problems == [("date_of_birth", NOT_DATE_OF_BIRTH)]
    assert validator.validate("signup", base(date_of_birth="2030-01-01")).values["date_of_birth"] == "2030-01-01"


def test_long_free_text_is_allowed_up_to_its_limit() -> None:
    assert len(ok(base(notes="y" * 20_000))["notes"]) == 20_000


@pytest.mark.parametrize("empty", [None, "", "  \n "])
def test_required_fields_must_be_given(empty: object) -> None:
    assert problems({"name": empty}) == {"name": "required", "email": "required"}


def test_a_refused_required_value_is_not_also_reported_missing() -> None:
    assert problems({"name": "Jan", "email": "nope"}) == {"email": NOT_EMAIL}


def test_all_problems_are_reported_together() -> None:
    error_problems = problems({"email": "nope", "phone": "0612", "iban": "NL00", "emial": "x", "date_of_birth": "x"})
    assert set(error_problems) == {"email", "phone", "iban", "emial", "date_of_birth", "name"}
    assert error_problems["name"] == "required"


@pytest.mark.parametrize(("field", "value", "reason"), BAD)
def test_messages_never_contain_the_value(field: str, value: object, reason: str) -> None:
    with pytest.raises(RecordError) as caught:
        validate_record(REGISTER, "signup", base(**{field: value}))
    shown = str(caught.value) + "\n".join(caught.value.lines())
    assert str(value) not in shown


# --- what may enter at all -----------------------------------------------------------------------------


def test_an_unknown_activity_lists_the_declared_ones() -> None:
    with pytest.raises(RecordError) as caught:
        validate_record(REGISTER, "newsleter", {"email": "jan@example.nl"})
    assert caught.value.activity == "newsleter"
    assert caught.value.problems == [
        ("", "unknown activity; declared: courses, newsletter, signup; did you mean 'newsletter'?")
    ]


def test_an_undeclared_field_is_refused_with_a_suggestion() -> None:
    reason = problems({"name": "Jan", "e-mail": "jan@example.nl"}, activity="courses")["e-mail"]
    assert reason == "not a field of this activity; allowed: name, email, course; did you mean 'email'?"


def test_an_undeclared_field_far_from_any_declared_one_gets_no_suggestion() -> None:
    reason = problems(base(shoe_size="44"))["shoe_size"]
    assert reason.startswith("not a field of this activity; allowed: name, email, work_email,")
    assert "did you mean" not in reason


def test_a_field_name_that_looks_like_personal_data_is_not_echoed() -> None:
    with pytest.raises(RecordError) as caught:
        validate_record(REGISTER, "signup", base(**{"jan@example.org": "x"}))
    assert "jan@example.org" not in str(caught.value)
    assert caught.value.problems[0][0] == "?"


@pytest.mark.parametrize("activity", [None, 3, ["signup"]])
def test_an_activity_name_that_is_not_text_is_unknown(activity: Any) -> None:
    with pytest.raises(RecordError) as caught:
        validate_record(REGISTER, activity, base())
    assert caught.value.activity == "?"


def test_field_names_must_be_text() -> None:
    assert problems({**base(), 3: "x"}) == {"?": "field names must be text, got int"}


def test_data_must_be_a_mapping() -> None:
    assert problems(["name", "Jan"]) == {"": "expected field: value pairs, got list"}


# --- BSN (UAVG art 46) ---------------------------------------------------------------------------------


def test_a_bsn_is_refused_where_the_register_cites_no_law() -> None:
    assert problems(base(bsn=VALID_BSN), register=NO_LAW) == {"bsn": BSN_WITHOUT_LAW}
    assert VALID_BSN not in str(BSN_WITHOUT_LAW)


def test_an_empty_bsn_needs_no_law() -> None:
    assert "bsn" not in ok(base(bsn=""), register=NO_LAW)


# --- the seed registers --------------------------------------------------------------------------------


def test_an_icm_application() -> None:
    application = {
        "first_name": "Anna",
        "surname": "de Vries",
        "email": "anna@Example.com",
        "phone": "06-12345678",
        "gender": "vrouw",
        "cv": "Ervaring:\r\n- 5 jaar docent",
        "motivation": "Ik wil graag bij ICM werken.",
    }
    result = validate_record(seed("icm"), "applications", application)
    assert result.values["cv"] == "Ervaring:\n- 5 jaar docent"
    assert result.identifiers == {"email": "anna@example.com", "phone": "+31612345678"}


def test_an_icm_course_registration_reports_every_problem() -> None:
    registration = {"first_name": "Anna", "email": "anna@example", "date_of_birth": "31-12-1990", "bsn": "x"}
    found = problems(registration, activity="courses", register=seed("icm"))
    assert found["email"] == NOT_EMAIL
    assert found["date_of_birth"] == NOT_DATE_OF_BIRTH
    assert found["bsn"].startswith("not a field of this activity; allowed: course, preferred_start,")
    assert found["surname"] == "required"
    assert "phone" not in found and "postal_address" not in found, "the statement does not say they are required"


def test_an_ivio_bank_account_is_an_iban() -> None:
    register = seed("ivio")
    activity, name = next(
        (key, field)
        for key, spec in register.activities.items()
        for field, data_field in spec.fields.items()
        if data_field.category == "user.financial.bank_account"
    )
    fields = register.activities[activity].fields
    data = {f: "x" for f, spec in fields.items() if spec.required and f != name}
    with pytest.raises(RecordError) as caught:
        validate_record(register, activity, {**data, name: "NL91ABNA0417164301"})
    assert (name, NOT_IBAN) in caught.value.problems


# --- lookups -------------------------------------------------------------------------------------------


def test_identifiers_normalise_for_lookups_as_at_intake() -> None:
    assert normalise_identifier("email", " Jan@EXAMPLE.nl ") == "jan@example.nl"
    assert normalise_identifier("phone", "06 12345678") == "+31612345678"
    assert normalise_identifier("user.government_id.national_identification_number", "111.222.333") == VALID_BSN
    assert normalise_identifier("user.name", " Jan ") == "Jan"


@pytest.mark.parametrize(("kind", "value"), [("email", "not-an-address"), ("phone", "12"), ("email", "  ")])
def test_a_lookup_with_an_impossible_identifier_is_bad_input(kind: str, value: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_identifier(kind, value)
    assert not isinstance(caught.value, RecordError)
    assert value.strip() == "" or value not in str(caught.value)


# --- nothing but RecordError ---------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.dates()
    | st.datetimes()
    | st.binary(max_size=5)
    | st.sampled_from(["06 12345678", "+32 470 12 34 56", "NL91ABNA0417164300", "1234ab", VALID_BSN, "1990-01-01"])
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner))
KEYS = st.sampled_from(list(SIGNUP_FIELDS)) | st.text(max_size=20) | st.integers()


@settings(max_examples=300, deadline=None)
@given(
    activity=st.sampled_from(["signup", "courses", "newsletter"]) | st.text(max_size=12),
    data=st.dictionaries(KEYS, VALUES, max_size=8) | VALUES,
)
def test_arbitrary_input_raises_nothing_but_record_error(activity: str, data: Any) -> None:
    for register in (REGISTER, NO_LAW):
        try:
            result = validate_record(register, activity, data)
        except RecordError:
            continue
        assert set(result.values) <= set(register.activities[activity].fields)
        assert all(isinstance(v, str | int | float | bool) for v in result.values.values())


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from(list(SIGNUP_FIELDS)), value=st.text(min_size=6).filter(lambda s: s.strip() == s))
def test_a_refused_value_never_appears_in_the_message(field: str, value: str) -> None:
    try:
        validate_record(REGISTER, "signup", base(**{field: value}))
    except RecordError as error:
        wording = " ".join(v for k, v in vars(validate).items() if k.isupper() and isinstance(v, str))
        hypothesis.assume(value not in wording + " activity 'signup' required " + " ".join(SIGNUP_FIELDS))
        assert value not in str(error)
