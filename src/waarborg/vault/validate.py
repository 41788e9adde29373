"""Intake validation: what the register allows an activity to store, checked before anything enters the vault.

Every record (a form post, a CLI call, one row of a bulk import) passes :func:`validate_record` first. It
enforces data minimisation (Art 5(1)(c)): only fields the register declares for the activity get in, and
each value is normalised by its data category so that the same e-mail address or phone number is stored,
and found by its blind index, in one form only.

All problems of a record are collected and raised together as one :class:`RecordError`, so a person fixes
a form in one go. Messages name the field and what is allowed, never the value: values are personal data
and error messages end up in logs.

Speed: a bulk import validates every row, so the checks of an activity are compiled once per register
(:class:`Validator`) into a dict of plain functions; the per-value work is a few string operations.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from zoneinfo import ZoneInfo

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from waarborg.core.errors import InputError, RecordError
from waarborg.register.schema import DataField, Register
from waarborg.register.taxonomy import BSN_CATEGORY

Scalar = str | int | float | bool
Check = Callable[[object], Scalar]
"""A compiled field check: takes a non-empty value, returns it normalised or raises :class:`_RejectError`."""

EMAIL = "user.contact.email"
PHONE = "user.contact.phone_number"
IBAN = "user.financial.bank_account"
DATE_OF_BIRTH = "user.demographic.date_of_birth"
POSTAL_CODE = "user.contact.address.postal_code"

PHONE_REGION = "NL"
"""Numbers without +country code are read as Dutch: Waarborg's organisations and their people are."""
MAX_TEXT = 500
MAX_FREE_TEXT = 20_000
MAX_EMAIL = 254  # RFC 5321 path limit
MAX_PHONE_INPUT = 64  # longer input is no phone number; spares phonenumbers the work
EARLIEST_BIRTH = dt.date(1900, 1, 1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Cc except tab and newline
_EMAIL_BAD = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_LOOKS_LIKE_IBAN = re.compile(r"[A-Za-z]{2}\d{2}[A-Za-z0-9 .-]{10,40}")
_DUTCH_POSTCODE = re.compile(r"\d{4} ?[A-Za-z]{2}", re.ASCII)
_PLAIN_DUTCH_NUMBER = re.compile(r"(?:\+31|0031|0)([1-9]\d{8})", re.ASCII)
_PHONE_SEPARATORS = str.maketrans("", "", " -().")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SHOWABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")

NOT_EMAIL = "not an e-mail address"
NOT_PHONE = "not a valid phone number (Dutch or international with +country code)"
NOT_IBAN = "not a valid IBAN"
NOT_BSN = "not a valid BSN (11-check)"
BSN_WITHOUT_LAW = "a BSN may only be stored where a law prescribes it (UAVG art 46): the register cites none"
NOT_DATE_OF_BIRTH = "not a date of birth (YYYY-MM-DD)"
NOT_POSTCODE = "not a valid Dutch postcode (1234 AB)"


@dataclass(frozen=True)
class Validated:
    """A record the register allows: normalised values and the identifiers to find the person by."""

    values: dict[str, Scalar]
    identifiers: dict[str, str] = field(default_factory=dict)


class _RejectError(Exception):
    """A value a check refuses; ``reason`` says what is allowed (never the value)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- checks per category ------------------------------------------------------------------------------


def _text(limit: int, value: object) -> Scalar:
    """Trimmed, NFC-normalised text; numbers and booleans as given. Line breaks become ``\\n``."""
    if isinstance(value, str):
        if "\r" in value:  # browsers post textarea line breaks as CRLF
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if _CONTROL.search(value):
            raise _RejectError("contains control characters")
        value = unicodedata.normalize("NFC", value)
        if len(value) > limit:
            raise _RejectError(f"too long (max {limit} characters)")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise _RejectError("not a finite number")
    if isinstance(value, bool | int | float):
        return value
    raise _RejectError(f"expected text, a number or true/false, got {type(value).__name__}")


def _email(value: object) -> Scalar:
    """One '@', a dotted domain, no spaces; the domain lower-cased (the local part is the owner's)."""
    if not isinstance(value, str) or len(value) > MAX_EMAIL or _EMAIL_BAD.search(value):
        raise _RejectError(NOT_EMAIL)
    local, at, domain = value.partition("@")
    if not local or not at or "@" in domain or "." not in domain or "" in domain.split("."):
        raise _RejectError(NOT_EMAIL)
    return unicodedata.normalize("NFC", f"{local}@{domain.lower()}")


def _phone(value: object) -> Scalar:
    """E.164, so '06 12345678' and '+31 6 1234 5678' are one identifier."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MAX_PHONE_INPUT:
        raise _RejectError(NOT_PHONE)
    dutch = _PLAIN_DUTCH_NUMBER.fullmatch(value.translate(_PHONE_SEPARATORS))
    if dutch:  # the common case, without phonenumbers.parse (2/3 of the time); same result
        number = phonenumbers.PhoneNumber(country_code=31, national_number=int(dutch[1]))
    else:
        try:
            number = phonenumbers.parse(value, PHONE_REGION)
        except phonenumbers.NumberParseException:
            raise _RejectError(NOT_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise _RejectError(NOT_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _iban(value: object) -> Scalar:
    """Compact upper case ('NL91ABNA0417164300'): the form banks and payment files use."""
    if not isinstance(value, str):
        raise _RejectError(NOT_IBAN)
    try:
        return str(stdnum_iban.validate(value))
    except ValidationError:
        raise _RejectError(NOT_IBAN) from None


def _iban_if_it_looks_like_one(value: object) -> Scalar:
    """Under a narrower bank-account category the value may be other account details: check IBANs only."""
    if isinstance(value, str) and _LOOKS_LIKE_IBAN.fullmatch(value):
        return _iban(value)
    return _text(MAX_TEXT, value)


def _bsn(value: object) -> Scalar:
    """The nine digits, after the 11-check (elfproef)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _RejectError(NOT_BSN)
    try:
        return str(stdnum_bsn.validate(value))
    except ValidationError:
        raise _RejectError(NOT_BSN) from None


def _bsn_refused(value: object) -> Scalar:
    """UAVG art 46: no BSN without a law that prescribes it, whatever the value."""
    raise _RejectError(BSN_WITHOUT_LAW)


def _today() -> dt.date:
    return dt.datetime.now(AMSTERDAM).date()


def _date_of_birth(today: Callable[[], dt.date], value: object) -> Scalar:
    """'YYYY-MM-DD' only: '01-02-1990' is ambiguous, so it is refused rather than guessed."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise _RejectError(NOT_DATE_OF_BIRTH) from None
    if type(value) is not dt.date or not EARLIEST_BIRTH <= value <= today():
        raise _RejectError(NOT_DATE_OF_BIRTH)
    return value.isoformat()


def _postal_code(value: object) -> Scalar:
    """Dutch postcodes as '1234 AB'. Anything else is kept as text: people also live in Belgium, Germany or
    the UK, and the register does not limit an activity to Dutch addresses, so refusing would lose them."""
    if isinstance(value, str) and _DUTCH_POSTCODE.fullmatch(value):
        try:
            return str(stdnum_postcode.validate(value))
        except ValidationError:
            raise _RejectError(NOT_POSTCODE) from None
    return _text(MAX_TEXT, value)


def _within(category: str, parent: str) -> bool:
    return category == parent or category.startswith(parent + ".")


def compile_check(spec: DataField, today: Callable[[], dt.date] = _today) -> Check:
    """The check for a field, chosen once by its category (and for a BSN, by whether a law is cited)."""
    return _check_for(spec.category, free_text=spec.free_text, lawful=bool(spec.law), today=today)


def _check_for(category: str, *, free_text: bool, lawful: bool, today: Callable[[], dt.date] = _today) -> Check:
    if _within(category, EMAIL):
        return _email
    if _within(category, PHONE):
        return _phone
    if _within(category, BSN_CATEGORY):
        return _bsn if lawful else _bsn_refused
    if category == IBAN:
        return _iban
    if _within(category, IBAN):
        return _iban_if_it_looks_like_one
    if _within(category, DATE_OF_BIRTH):
        return partial(_date_of_birth, today)
    if _within(category, POSTAL_CODE):
        return _postal_code
    return partial(_text, MAX_FREE_TEXT if free_text else MAX_TEXT)


def identifier_kind(category: str) -> str:
    """The kind an identifier is looked up by: 'email', 'phone', else its category."""
    if _within(category, EMAIL):
        return "email"
    if _within(category, PHONE):
        return "phone"
    return category


def normalise_identifier(kind: str, value: str) -> str:
    """An identifier as intake stores it, for lookups (``subject show --email``): a person is found however
    they type their address or number. ``kind`` is 'email', 'phone' or a category (see :func:`identifier_kind`).

    Raises :class:`InputError` (naming the kind, not the value) when the value cannot be such an identifier.
    """
    category = {"email": EMAIL, "phone": PHONE}.get(kind, kind)
    check = _check_for(category, free_text=False, lawful=True)  # looking a BSN up stores nothing
    text = value.strip()
    if not text:
        raise InputError(f"{kind}: empty")
    try:
        return linkable(kind, str(check(text)))
    except _RejectError as reject:
        raise InputError(f"{kind}: {reject.reason}") from None


def linkable(kind: str, value: str) -> str:
    """The form an identifier links people by: e-mail addresses case-insensitively, as mail systems treat
    them in practice (the stored field value keeps the person's own spelling)."""
    return value.lower() if kind == "email" else value


def identifier_fields(fields: Mapping[str, DataField]) -> tuple[tuple[str, str], ...]:
    """(field, kind) of the fields a person is found by, in declared order."""
    return tuple((name, identifier_kind(spec.category)) for name, spec in fields.items() if spec.identifier)


# --- per activity -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActivityChecks:
    """An activity's compiled checks, made once and used for every record."""

    checks: dict[str, Check]
    required: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]  # (field, kind), in declared order: the first of a kind wins
    names: tuple[str, ...]
    allowed: str


def _compile_activity(fields: Mapping[str, DataField], today: Callable[[], dt.date]) -> _ActivityChecks:
    return _ActivityChecks(
        checks={name: compile_check(spec, today) for name, spec in fields.items()},
        required=tuple(name for name, spec in fields.items() if spec.required),
        identifiers=identifier_fields(fields),
        names=tuple(fields),
        allowed=", ".join(fields),
    )


def _shown(name: str) -> str:
    """A name from the input, for a message: only when it looks like a key (a misplaced value must not leak)."""
    return name if _SHOWABLE_NAME.fullmatch(name) else "?"


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name.lower(), choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


@lru_cache(maxsize=256)
def _unknown_field(name: str, choices: tuple[str, ...], allowed: str) -> tuple[str, str]:
    """Cached: a bulk import with an extra column repeats the same unknown name on every row."""
    if _shown(name) == "?":
        return "?", f"a field name that is not a field of this activity; allowed: {allowed}"
    return name, f"not a field of this activity; allowed: {allowed}{_suggest(name, choices)}"


def _not_single(value: object) -> str | None:
    """Why a value is not one scalar, or None when it may be."""
    if isinstance(value, Mapping):
        return "expected a single value, got an object"
    if isinstance(value, list | tuple | set | frozenset):
        return "expected a single value, got a list"
    return None


class Validator:
    """Validates records against one register; compiles each activity's checks on first use."""

    def __init__(self, register: Register, *, today: Callable[[], dt.date] = _today) -> None:
        self.register = register
        self._today = today
        self._activities: dict[str, _ActivityChecks] = {}

    def _checks(self, activity: str) -> _ActivityChecks:
        compiled = self._activities.get(activity) if isinstance(activity, str) else None
        if compiled is None:
            spec = self.register.activities.get(activity) if isinstance(activity, str) else None
            if spec is None:
                declared = list(self.register.activities)
                name = _shown(activity) if isinstance(activity, str) else "?"
                why = f"unknown activity; declared: {', '.join(declared)}{_suggest(name, declared)}"
                raise RecordError(name, [("", why)])
            compiled = self._activities[activity] = _compile_activity(spec.fields, self._today)
        return compiled

    def validate(self, activity: str, data: Mapping[str, object]) -> Validated:
        """The record normalised, or :class:`RecordError` listing every problem."""
        compiled = self._checks(activity)
        values, problems = self._values(activity, compiled, data)
        # A rejected value already has its problem; "required" is for what is missing or empty.
        problems.extend(
            (name, "required") for name in compiled.required if name not in values and _empty(data.get(name))
        )
        if problems:
            raise RecordError(activity, problems)
        # Reversed, so that of two identifiers of one kind the first declared one is kept.
        identifiers = {
            kind: linkable(kind, str(values[name])) for name, kind in reversed(compiled.identifiers) if name in values
        }
        return Validated(values, identifiers)

    def validate_fields(self, activity: str, data: Mapping[str, object]) -> dict[str, Scalar]:
        """Some fields of a record (a correction) normalised, or :class:`RecordError` for them; emptying a
        required field is a problem, emptying another one is not (it removes the value)."""
        compiled = self._checks(activity)
        values, problems = self._values(activity, compiled, data)
        problems.extend((name, "required") for name in compiled.required if name in data and _empty(data[name]))
        if problems:
            raise RecordError(activity, problems)
        return values

    def _values(
        self, activity: str, compiled: _ActivityChecks, data: Mapping[str, object]
    ) -> tuple[dict[str, Scalar], list[tuple[str, str]]]:
        if not isinstance(data, Mapping):
            raise RecordError(activity, [("", f"expected field: value pairs, got {type(data).__name__}")])
        values: dict[str, Scalar] = {}
        problems: list[tuple[str, str]] = []
        checks = compiled.checks
        for name, value in data.items():
            check = checks.get(name) if isinstance(name, str) else None
            if check is None:
                problems.append(self._unknown(name, compiled))
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            elif value is None:
                continue
            elif reason := _not_single(value):
                problems.append((name, reason))
                continue
            try:
                values[name] = check(value)
            except _RejectError as reject:
                problems.append((name, reject.reason))
        return values, problems

    def _unknown(self, name: object, compiled: _ActivityChecks) -> tuple[str, str]:
        if not isinstance(name, str):
            return "?", f"field names must be text, got {type(name).__name__}"
        return _unknown_field(name, compiled.names, compiled.allowed)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_VALIDATORS: OrderedDict[int, Validator] = OrderedDict()
_MAX_CACHED = 8


def validator_for(register: Register) -> Validator:
    """The cached :class:`Validator` of a register (the cache holds the register, so its id stays unique)."""
    key = id(register)
    validator = _VALIDATORS.get(key)
    if validator is not None and validator.register is register:
        return validator
    validator = _VALIDATORS[key] = Validator(register)
    while len(_VALIDATORS) > _MAX_CACHED:
        _VALIDATORS.popitem(last=False)
    return validator


def validate_record(register: Register, activity: str, data: Mapping[str, object]) -> Validated:
    """Check and normalise one record for ``activity``; raises :class:`RecordError` with every problem."""
    return validator_for(register).validate(activity, data)


def validate_fields(register: Register, activity: str, data: Mapping[str, object]) -> dict[str, Scalar]:
    """Check and normalise some fields of ``activity`` (a correction), as a record's would be."""
    return validator_for(register).validate_fields(activity, data)


def validate_changes(register: Register, changes: Mapping[str, object], activity: str | None) -> None:
    """The values of a correction, checked as a record's are before a request is opened: in ``activity``, else
    in every activity that declares the field. :class:`RecordError` naming the field for a value the register
    does not allow; :class:`InputError` for a field no activity (or not ``activity``) declares."""
    activities = register.activities
    keys = [activity] if activity in activities else list(activities)
    unknown = sorted(name for name in changes if not any(name in activities[key].fields for key in keys))
    if unknown:
        where = f"a field of '{activity}'" if activity else "a field of the register"
        raise InputError(f"details.changes: {', '.join(unknown)} is not {where}")
    for key in keys:
        declared = {name: value for name, value in changes.items() if name in activities[key].fields}
        if declared:
            validate_fields(register, key, declared)
