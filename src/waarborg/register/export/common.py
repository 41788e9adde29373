"""Facts both exports need, derived once from a register so fideslang and DPV never disagree.

Each export speaks its own vocabulary, but what an activity *is* (its categories, its subjects, where its
data goes, which rights apply, how long it is kept) is the register's, and is worked out here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from waarborg.core.periods import Period
from waarborg.register.lint.facts import third_country
from waarborg.register.schema import Activity, Purpose, Register, RetentionRule, Transfer
from waarborg.register.types import Basis, Mechanism, tr

INVALID_MECHANISMS: dict[Mechanism, str] = {
    Mechanism.privacy_shield: "Privacy Shield was invalidated by the CJEU in C-311/18 (Schrems II), 16 July 2020.",
    Mechanism.safe_harbour: "Safe Harbour was invalidated by the CJEU in C-362/14 (Schrems I), 6 October 2015.",
    Mechanism.scc_2010: "The pre-2021 standard contractual clauses may not be relied on after 27 December 2022.",
}
"""Mechanisms a register may still name but that no longer make a transfer lawful (LEGAL.md)."""


def text(value: dict[str, str] | None, lang: str = "en") -> str:
    """A register text in one language ('' when absent): exports carry one language where a tool wants one."""
    return tr(value, lang)


def slug(name: str) -> str:
    """A key from a name (``Voorbeeld B.V.`` -> ``voorbeeld_b_v``), valid as fides key and in an IRI."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "organisation"


def categories(activity: Activity) -> list[str]:
    """The data categories of an activity's fields, each once, in field order."""
    return list(dict.fromkeys(field.category for field in activity.fields.values()))


def subject_taxonomy(register: Register, activity: Activity) -> list[str]:
    """The fideslang data subject keys of an activity's subjects, each once."""
    return list(dict.fromkeys(register.subjects[key].taxonomy for key in activity.subjects))


def purpose_basis(activity: Activity, purpose: Purpose) -> Basis:
    """A purpose's own basis where it states one, else the activity's."""
    return purpose.basis or activity.basis


@dataclass(frozen=True)
class Party:
    """Someone an activity's data goes to: a processor (or sub-processor) or a recipient."""

    key: str
    name: str
    kind: str
    """'processor', 'sub_processor', or the recipient's kind ('controller', 'public_authority', ...)."""
    country: str
    transfer: Transfer | None

    @property
    def is_processor(self) -> bool:
        return self.kind in ("processor", "sub_processor", "processor_category")

    @property
    def outside_eea(self) -> bool:
        return third_country(self.country)

    @property
    def invalid_reason(self) -> str | None:
        """Why the named transfer mechanism is no longer valid; None when it is (or none is named)."""
        return INVALID_MECHANISMS.get(self.transfer.mechanism) if self.transfer else None


def parties(register: Register, activity: Activity) -> list[Party]:
    """Processors (with their sub-processors, once each) and recipients of an activity, in register order."""
    out = list(_processors(register, activity.processors, set()))
    for key in activity.recipients:
        recipient = register.recipients[key]
        out.append(Party(key, text(recipient.name), recipient.kind, recipient.country, recipient.transfer))
    return out


def _processors(register: Register, keys: list[str], seen: set[str]) -> Iterator[Party]:
    for key in keys:
        if key in seen or key not in register.processors:
            continue
        seen.add(key)
        processor = register.processors[key]
        yield Party(key, processor.name, processor.role, processor.country, processor.transfer)
        yield from _processors(register, processor.sub_processors, seen)


def transfers(register: Register, activity: Activity) -> list[Party]:
    """Parties outside the EEA, and parties for which the register names a transfer mechanism anyway."""
    return [p for p in parties(register, activity) if p.outside_eea or p.transfer is not None]


def xsd_duration(period: Period) -> str:
    """An ISO 8601 period as an xsd:duration lexical form: XSD has no weeks, so P4W becomes P28D."""
    days = period.weeks * 7 + period.days
    parts = [(period.years, "Y"), (period.months, "M"), (days, "D")]
    return "P" + ("".join(f"{n}{unit}" for n, unit in parts if n) or "0D")


def retention_summary(rule: RetentionRule) -> str:
    """One rule in a line a tool can show: 'P1Y after course_completed, then delete (fields: cv)'."""
    line = f"{rule.keep} after {' or '.join(rule.after)}, then {rule.then.value}"
    if rule.fields:
        line += f" (fields: {', '.join(rule.fields)})"
    if rule.if_consent:
        line += f" (with consent: {rule.if_consent})"
    return line


def address_line(register: Register) -> str:
    """The organisation's first address on one line ('' when it has none)."""
    if not register.organisation.addresses:
        return ""
    address = register.organisation.addresses[0]
    street = address.street or address.po_box or ""
    return ", ".join(part for part in (street, f"{address.postcode} {address.city}", address.country) if part)


def web_address(value: str | None) -> str | None:
    """A URL with a scheme, or None: 'www.example.nl' is text for people, not an IRI or a fides URL."""
    return value if value and re.match(r"^https?://", value) else None


def contact_email(register: Register) -> str:
    """Where privacy questions go: the DPO, else the privacy contact, else the organisation ('' if none)."""
    organisation = register.organisation
    for person in (organisation.dpo, organisation.privacy_contact):
        if person and person.email:
            return person.email
    return organisation.email or ""
