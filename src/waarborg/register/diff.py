"""What changed between two versions of a register, in plain words for the people concerned.

Statements promise to tell people about changes; this is the list to tell them. Only changes a data subject
would notice are reported: new or dropped processing, data, purposes, bases, recipients, transfers,
retention, consent options, response times and contact details, never formatting or comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from waarborg.core.periods import Period
from waarborg.register import taxonomy
from waarborg.register.render import words
from waarborg.register.render.activity import in_country
from waarborg.register.render.retention import after
from waarborg.register.schema import Activity, Register, RetentionRule
from waarborg.register.types import tr


@dataclass(frozen=True)
class Change:
    """One change, with the register path it concerns and a sentence in each language."""

    path: str
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "nl": self.nl, "en": self.en}


def diff_registers(old: Register, new: Register) -> list[Change]:
    return [
        *_organisation(old, new),
        *_activities(old, new),
        *_processors(old, new),
        *_requests(old, new),
        *_cookies(old, new),
    ]


def _label(register: Register, key: str, lang: str) -> str:
    return tr(register.activities[key].label, lang, key)


def _organisation(old: Register, new: Register) -> Iterator[Change]:
    a, b = old.organisation, new.organisation
    for attr, nl, en in (("email", "e-mailadres", "e-mail address"), ("phone", "telefoonnummer", "phone number")):
        if getattr(a, attr) != getattr(b, attr) and getattr(b, attr):
            yield Change(
                f"organisation.{attr}",
                f"Ons {nl} is nu {getattr(b, attr)}.",
                f"Our {en} is now {getattr(b, attr)}.",
            )
        elif getattr(a, attr) != getattr(b, attr):
            yield Change(f"organisation.{attr}", f"Wij noemen geen {nl} meer.", f"We no longer give a {en}.")
    old_dpo = a.dpo.name if a.dpo else None
    new_dpo = b.dpo.name if b.dpo else None
    if (a.dpo and (a.dpo.name, a.dpo.email)) != (b.dpo and (b.dpo.name, b.dpo.email)):
        if b.dpo:
            yield Change(
                "organisation.dpo",
                f"Onze functionaris gegevensbescherming is nu {new_dpo} ({b.dpo.email}).",
                f"Our data protection officer is now {new_dpo} ({b.dpo.email}).",
            )
        else:
            yield Change(
                "organisation.dpo",
                f"Wij hebben geen functionaris gegevensbescherming meer ({old_dpo}).",
                f"We no longer have a data protection officer ({old_dpo}).",
            )


def _activities(old: Register, new: Register) -> Iterator[Change]:
    for key in new.activities.keys() - old.activities.keys():
        yield Change(f"activities.{key}", f"Nieuw: {_label(new, key, 'nl')}.", f"New: {_label(new, key, 'en')}.")
    for key in old.activities.keys() - new.activities.keys():
        yield Change(
            f"activities.{key}",
            f"Wij doen dit niet meer: {_label(old, key, 'nl')}.",
            f"We no longer do this: {_label(old, key, 'en')}.",
        )
    for key in sorted(old.activities.keys() & new.activities.keys()):
        yield from _activity(key, old.activities[key], new.activities[key], old, new)


def _activity(key: str, a: Activity, b: Activity, old: Register, new: Register) -> Iterator[Change]:
    base = f"activities.{key}"
    nl_name, en_name = tr(b.label, "nl", key), tr(b.label, "en", key)
    for name in b.fields.keys() - a.fields.keys():
        nl_field, en_field = _field_names(b, name)
        yield Change(
            f"{base}.fields.{name}",
            f"{nl_name}: wij vragen nu ook {nl_field}.",
            f"{en_name}: we now also ask for {en_field}.",
        )
    for name in a.fields.keys() - b.fields.keys():
        nl_field, en_field = _field_names(a, name)
        yield Change(
            f"{base}.fields.{name}",
            f"{nl_name}: wij vragen niet meer om {nl_field}.",
            f"{en_name}: we no longer ask for {en_field}.",
        )
    old_purposes = {tr(p.text, "en") for p in a.purposes}
    for purpose in b.purposes:
        if tr(purpose.text, "en") not in old_purposes:
            yield Change(
                f"{base}.purposes",
                f"{nl_name}: nieuw doel: {tr(purpose.text, 'nl')}",
                f"{en_name}: new purpose: {tr(purpose.text, 'en')}",
            )
    if a.basis != b.basis:
        nl_voice, en_voice = words.Voice("nl", new.statement.tone == "formal"), words.Voice("en", False)
        yield Change(
            f"{base}.basis",
            f"{nl_name}: de grondslag is nu {words.basis(b.basis, nl_voice)}.",
            f"{en_name}: the legal basis is now {words.basis(b.basis, en_voice)}.",
        )
    for processor in set(b.processors) - set(a.processors):
        p = new.processors[processor]
        yield Change(
            f"{base}.processors",
            f"{nl_name}: {p.name} ({in_country(p.country, 'nl')}) verwerkt nu ook gegevens.",
            f"{en_name}: {p.name} ({in_country(p.country, 'en')}) now also processes data.",
        )
    for processor in set(a.processors) - set(b.processors):
        yield Change(
            f"{base}.processors",
            f"{nl_name}: {old.processors[processor].name} verwerkt geen gegevens meer.",
            f"{en_name}: {old.processors[processor].name} no longer processes data.",
        )
    for recipient in set(b.recipients) - set(a.recipients):
        r = new.recipients[recipient]
        yield Change(
            f"{base}.recipients",
            f"{nl_name}: nieuwe ontvanger: {tr(r.name, 'nl')}.",
            f"{en_name}: new recipient: {tr(r.name, 'en')}.",
        )
    if _retention_key(a.retention) != _retention_key(b.retention):
        yield Change(
            f"{base}.retention",
            f"{nl_name}: de bewaartermijnen zijn gewijzigd: {_periods(new, b, 'nl')}.",
            f"{en_name}: the retention periods changed: {_periods(new, b, 'en')}.",
        )
    old_options = set(a.consent.options) if a.consent else set()
    new_options = set(b.consent.options) if b.consent else set()
    for option in new_options - old_options:
        assert b.consent is not None
        label = b.consent.options[option].label
        yield Change(
            f"{base}.consent.options.{option}",
            f"{nl_name}: nieuwe keuze: {tr(label, 'nl')}.",
            f"{en_name}: new choice: {tr(label, 'en')}.",
        )
    for option in old_options - new_options:
        assert a.consent is not None
        label = a.consent.options[option].label
        yield Change(
            f"{base}.consent.options.{option}",
            f"{nl_name}: de keuze {tr(label, 'nl')} vervalt.",
            f"{en_name}: the choice {tr(label, 'en')} is dropped.",
        )


def _field_names(activity: Activity, name: str) -> tuple[str, str]:
    spec = activity.fields[name]
    return tuple(  # type: ignore[return-value]
        (tr(spec.label, lang) or taxonomy.label(spec.category, lang)).lower() for lang in ("nl", "en")
    )


def _retention_key(rules: list[RetentionRule]) -> list[tuple[str, tuple[str, ...], str, str | None]]:
    return [(str(r.keep), tuple(r.after), r.then.value, r.if_consent) for r in rules]


def _periods(register: Register, activity: Activity, lang: str) -> str:
    """'2 jaar na einde opleiding; zolang dat nodig is': every period in the chosen language."""
    voice = words.Voice(lang, register.statement.tone == "formal")
    parts = []
    for rule in activity.retention:
        keep = words.keep(rule.keep, lang)
        if isinstance(rule.keep, Period):
            keep += " " + after(register, rule.after, voice)[0]
        parts.append(keep)
    return "; ".join(parts) or voice.say("geen termijn meer genoemd", "no period stated any more")


def _processors(old: Register, new: Register) -> Iterator[Change]:
    for key in sorted(old.processors.keys() & new.processors.keys()):
        a, b = old.processors[key], new.processors[key]
        if a.country != b.country:
            yield Change(
                f"processors.{key}.country",
                f"{b.name} verwerkt gegevens nu in {in_country(b.country, 'nl')}.",
                f"{b.name} now processes data in {in_country(b.country, 'en')}.",
            )
        mechanism = b.transfer.mechanism.value if b.transfer else None
        if (a.transfer.mechanism.value if a.transfer else None) != mechanism and mechanism:
            nl, en = words.MECHANISMS[mechanism]
            yield Change(
                f"processors.{key}.transfer",
                f"Doorgifte aan {b.name} gebeurt nu op basis van {nl}.",
                f"Transfers to {b.name} now rely on {en}.",
            )


def _requests(old: Register, new: Register) -> Iterator[Change]:
    if old.requests.promise != new.requests.promise and new.requests.promise:
        yield Change(
            "requests.promise",
            f"Wij reageren op verzoeken nu binnen {words.promise(new.requests.promise, 'nl')}.",
            f"We now respond to requests within {words.promise(new.requests.promise, 'en')}.",
        )


def _cookies(old: Register, new: Register) -> Iterator[Change]:
    old_names = {c.name for c in old.cookies.items} if old.cookies else set()
    for cookie in new.cookies.items if new.cookies else []:
        if cookie.name not in old_names:
            yield Change("cookies.items", f"Nieuwe cookie: {cookie.name}.", f"New cookie: {cookie.name}.")
    new_names = {c.name for c in new.cookies.items} if new.cookies else set()
    for name in sorted(old_names - new_names):
        yield Change(
            "cookies.items", f"Wij plaatsen de cookie {name} niet meer.", f"We no longer place the cookie {name}."
        )
