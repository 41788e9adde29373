"""Consent receipts: the proof of every grant and withdrawal, and the state derived from them.

    consent.grant(vault, unit, subject_id, "newsletter", ["tips", "offers"], via="web_form", by=...)
    consent.withdraw(vault, unit, subject_id, "newsletter", ["offers"], via="unsubscribe_link", by=...)
    consent.state(unit, subject_id)        # {"newsletter": {"tips": True, "offers": False, ...}}

A receipt says who (the subject), what (activity and option), when, how (channel and the form's URL),
which wording (a SHA-256 of the text shown, rendered from the register in the person's language), and who
recorded it. Receipts are only ever added. An activity without options has one option, ``consent``.

When a withdrawal leaves nothing of an activity granted, the person has unsubscribed from it: the
lifecycle events ``consent_withdrawn`` and ``unsubscribed`` are recorded for that activity, so retention
rules that wait for them start (IkWerkindeZorg: "4 weken na uitschrijving"). Withdrawing one mailing of
several (ICM's Offers, keeping the Tips) starts nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from waarborg.access.events import ConsentRecorded
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError
from waarborg.core.timeutil import bounded, now
from waarborg.register.schema import Activity, Register
from waarborg.register.types import Channel, tr
from waarborg.vault import store
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import ConsentReceipt

WHOLE = "consent"
"""The one option of an activity whose consent has no options."""
ALL = "all"


@dataclass(frozen=True)
class Receipt:
    id: int
    activity: str
    option: str
    granted: bool
    at: datetime
    via: str
    form_url: str | None
    wording: str
    lang: str
    recorded_by: str
    soft_opt_in: bool

    def as_dict(self) -> dict[str, object]:
        return {**vars(self), "at": self.at.isoformat()}


def options_of(register: Register, activity: str) -> list[str]:
    """The options one can consent to for an activity; refuses an activity without consent."""
    spec = register.activities.get(activity)
    if spec is None:
        raise InputError(f"activity '{activity}' is not declared in the register")
    if spec.consent is None:
        raise InputError(f"activity '{activity}' does not ask for consent (no 'consent' in the register)")
    return list(spec.consent.options) or [WHOLE]


def chosen(register: Register, activity: str, options: list[str] | None) -> list[str]:
    """The options meant: all of them for None or 'all', else the named ones, each checked."""
    known = options_of(register, activity)
    if not options or ALL in options:
        return known
    for option in options:
        if option not in known:
            raise InputError(f"option '{option}' is not an option of '{activity}'; options: {', '.join(known)}")
    return list(dict.fromkeys(options))


def wording(spec: Activity, option: str, lang: str) -> tuple[str, str]:
    """The text a person agreed to for one option, rendered from the register, and its SHA-256."""
    assert spec.consent is not None
    parts = [tr(spec.consent.text, lang)]
    if option in spec.consent.options:
        choice = spec.consent.options[option]
        parts += [tr(choice.label, lang), tr(choice.text, lang)]
    text = "\n".join(part for part in parts if part)
    digest = hashlib.sha256(json.dumps([option, lang, text], ensure_ascii=False).encode()).hexdigest()
    return text, digest


def _channel(via: str) -> str:
    try:
        return Channel(via).value
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise InputError(f"via: '{via}' is not a channel; channels: {known}") from None


def record(
    vault: Vault,
    unit: Unit,
    subject_id: str,
    activity: str,
    options: list[str] | None,
    *,
    granted: bool,
    via: str,
    at: datetime | None = None,
    form_url: str | None = None,
    lang: str = "nl",
    soft_opt_in: bool = False,
    by: Principal,
) -> list[Receipt]:
    """Add one receipt per option; a withdrawal that leaves nothing granted is an unsubscribe (events)."""
    targets = chosen(vault.register, activity, options)
    channel = _channel(via)
    if lang not in ("nl", "en"):
        raise InputError(f"lang: '{lang}' is not nl or en")
    if form_url is not None and not form_url.startswith(("https://", "http://")):
        raise InputError("form_url: give the http(s) address of the form")
    by.require("add", activity)
    vault.require_subject(unit, subject_id)
    moment = bounded(at, "at", past=True) if at is not None else now()
    spec = vault.register.activities[activity]
    if soft_opt_in and granted:
        _check_soft_opt_in(vault, unit, subject_id, spec)
    before = current(unit, subject_id).get(activity, {})
    added = []
    for option in targets:
        _text, digest = wording(spec, option, lang)
        receipt = ConsentReceipt(
            subject_id=subject_id, activity=activity, option=option, granted=granted, at=moment, via=channel,
            form_url=form_url, wording=digest, lang=lang, recorded_by=by.actor, soft_opt_in=soft_opt_in,
        )  # fmt: skip
        unit.data.add(receipt)
        added.append(receipt)
    unit.data.flush()
    vault.audit(unit, by.actor, ConsentRecorded(subject_id, activity, tuple(targets), granted, channel))
    after = {**before, **dict.fromkeys(targets, granted)}
    if not granted and any(before.values()) and not any(after.values()):
        vault.add_events(unit, subject_id, ["consent_withdrawn", "unsubscribed"], at=moment, activity=activity, by=by)
    else:
        vault.refresh_due(unit, subject_id)
    return [_view(r) for r in added]


def _check_soft_opt_in(vault: Vault, unit: Unit, subject_id: str, spec: Activity) -> None:
    """Telecommunicatiewet 11.7(3): only where the register allows it, and for existing customers only
    when it says so (a record of an activity on the basis of a contract)."""
    soft = spec.marketing.soft_opt_in if spec.marketing else None
    if soft is None:
        raise InputError("soft opt-in: the register does not allow it for this activity (marketing.soft_opt_in)")
    if soft.existing_customers_only:
        held = store.activities_of(unit, subject_id, ["active"])
        if not any(
            vault.register.activities[a].basis.value == "contract" for a in held if a in vault.register.activities
        ):
            raise InputError("soft opt-in: only for existing customers, and this person has no contract with us")


def current(unit: Unit, subject_id: str) -> dict[str, dict[str, bool]]:
    """Per activity, per option: granted now or not (options never answered are absent)."""
    return state_of(history(unit, subject_id))


def state_of(receipts: list[Receipt]) -> dict[str, dict[str, bool]]:
    """The state a history of receipts (oldest first) leaves."""
    state: dict[str, dict[str, bool]] = {}
    for receipt in receipts:
        state.setdefault(receipt.activity, {})[receipt.option] = receipt.granted
    return state


def history(unit: Unit, subject_id: str) -> list[Receipt]:
    query = (
        select(ConsentReceipt)
        .where(ConsentReceipt.subject_id == subject_id)
        .order_by(ConsentReceipt.at, ConsentReceipt.id)
    )
    return [_view(r) for r in unit.data.execute(query).scalars()]


def _view(r: ConsentReceipt) -> Receipt:
    return Receipt(r.id, r.activity, r.option, r.granted, r.at, r.via, r.form_url, r.wording, r.lang,
                   r.recorded_by, r.soft_opt_in)  # fmt: skip
