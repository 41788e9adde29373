"""The messages a requester receives, in Dutch or English, in the register's tone ('u' or 'je'):
the receipt with the deadline, the verification link and code, the extension notice, the result, a refusal.

Texts name the organisation, the deadline, what was done and, where something stays, why and until when,
citing the law; every message ends with how to complain to the supervisory authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from waarborg.core.mail import Attachment, Mail
from waarborg.register.render.words import Voice
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights.clock import promise_for

KIND_NAMES = {
    "access": ("inzage in {your} gegevens", "access to {your} data"),
    "rectification": ("correctie van {your} gegevens", "correction of {your} data"),
    "erasure": ("verwijdering van {your} gegevens", "erasure of {your} data"),
    "restriction": ("beperking van de verwerking", "restriction of processing"),
    "portability": ("overdracht van {your} gegevens", "a copy of {your} data to take elsewhere"),
    "objection": ("bezwaar tegen de verwerking", "objection to processing"),
    "withdraw_consent": ("intrekking van {your} toestemming", "withdrawal of {your} consent"),
    "question": ("{your} vraag over privacy", "{your} question about privacy"),
}

RESULTS = {
    "access": (
        "In de bijlage vindt {you} alle gegevens die wij over {you} hebben (JSON en CSV) en een overzicht "
        "(HTML en PDF) met per verwerking waarom wij ze hebben, van wie, met wie wij ze delen en hoe lang "
        "wij ze bewaren.",
        "Attached {you} find all the data we hold about {you} (JSON and CSV) and an overview (HTML and PDF) "
        "saying per activity why we hold it, where it came from, with whom we share it and how long we "
        "keep it.",
    ),
    "portability": (
        "In de bijlage vindt {you} de gegevens die {you} ons zelf hebt gegeven, in JSON en CSV, om "
        "mee te nemen naar een andere organisatie.",
        "Attached {you} find the data {you} gave us yourself, as JSON and CSV, to take to another organisation.",
    ),
    "rectification": (
        "Wij hebben {your} gegevens verbeterd: {fields}. De oude waarden bewaren wij niet.",
        "We have corrected {your} data: {fields}. We do not keep the old values.",
    ),
    "erasure": (
        "Wij hebben {your} gegevens verwijderd ({erased} registraties).",
        "We have erased {your} data ({erased} records).",
    ),
    "restriction": (
        "Wij gebruiken {your} gegevens niet meer; wij bewaren ze alleen ({count} registraties).",
        "We no longer use {your} data; we only store it ({count} records).",
    ),
    "objection": ("Wij hebben {your} bezwaar verwerkt. {detail}", "We have acted on {your} objection. {detail}"),
    "withdraw_consent": (
        "Wij hebben {your} toestemming ingetrokken voor: {activities}.",
        "We have withdrawn {your} consent for: {activities}.",
    ),
    "question": ("Ons antwoord op {your} vraag:", "Our answer to {your} question:"),
}
NOTHING = (
    "Wij hebben onder dit e-mailadres geen persoonsgegevens van {you}.",
    "We hold no personal data about {you} under this e-mail address.",
)


@dataclass(frozen=True)
class Kept:
    """Data an erasure could not remove yet: what, why (the law or claim), and until when."""

    activity: str
    fields: list[str]
    reference: str
    reason: str
    until: str | None  # ISO date, or None when the period has not started

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class Writer:
    """Messages for one request's requester."""

    def __init__(self, register: Register, lang: str) -> None:
        self.register = register
        self.voice = Voice(lang, register.statement.tone == "formal")
        self.lang = lang

    def say(self, nl: str, en: str, **values: object) -> str:
        text = self.voice.say(nl, en)
        return text.format(**values) if values else text

    def day(self, value: date) -> str:
        return str(format_date(value, format="long", locale=self.lang))

    def kind(self, kind: str) -> str:
        return self.say(*KIND_NAMES[kind])

    def mail(self, to: str, subject: str, body: list[str], attachments: tuple[Attachment, ...] = ()) -> Mail:
        org = self.register.organisation
        authority = org.supervisory_authority
        closing = [
            "",
            self.say(
                "Bent {you} het niet eens met hoe wij met {your} verzoek omgaan? Dan kunt {you} een klacht "
                "indienen bij de {authority}{url}.",
                "If {you} disagree with how we handle {your} request, {you} can complain to the {authority}{url}.",
                authority=authority.name,
                url=f" ({authority.url})" if authority.url else "",
            ),
            "",
            self.say("Met vriendelijke groet,", "Kind regards,"),
            org.name,
        ]
        return Mail(
            to=to,
            subject=f"{org.name}: {subject}",
            text="\n".join([*body, *closing]) + "\n",
            lang=self.lang,
            attachments=attachments,
        )

    def receipt(self, to: str, kind: str, reference: str, due_on: date, verify: tuple[str, str] | None) -> Mail:
        wording = self.register.requests.wording
        body = [
            self.say(
                "Wij hebben {your} verzoek ontvangen: {kind}.",
                "We have received {your} request: {kind}.",
                kind=self.kind(kind),
            ),
            self.say(
                "Wij antwoorden uiterlijk op {day}.", "We will answer by {day} at the latest.", day=self.day(due_on)
            ),
        ]
        if wording and wording.get(self.lang) and promise_for(self.register, kind) is not None:
            body.append(wording[self.lang])
        body += ["", self.say("Kenmerk: {ref}", "Reference: {ref}", ref=reference)]
        if verify is not None:
            body += ["", *self._verify_lines(*verify)]
        return self.mail(to, self.say("ontvangst van {your} verzoek", "{your} request was received"), body)

    def _verify_lines(self, url: str, code: str) -> list[str]:
        return [
            self.say(
                "Om zeker te weten dat het verzoek van {you} komt, vragen wij {you} dit te bevestigen met deze "
                "link (7 dagen geldig):",
                "To be sure the request comes from {you}, please confirm it with this link (valid for 7 days):",
            ),
            url,
            self.say(
                "Of geef deze code op (24 uur geldig): {code}",
                "Or enter this code (valid for 24 hours): {code}",
                code=code,
            ),
            self.say(
                "Hebt {you} geen verzoek gedaan? Dan kunt {you} dit bericht negeren.",
                "Did {you} not make a request? Then {you} can ignore this message.",
            ),
        ]

    def verification(self, to: str, url: str, code: str) -> Mail:
        return self.mail(
            to, self.say("bevestig {your} verzoek", "confirm {your} request"), self._verify_lines(url, code)
        )

    def extension(self, to: str, kind: str, reason: str, due_on: date) -> Mail:
        body = [
            self.say(
                "{Your} verzoek ({kind}) vraagt meer tijd dan een maand.",
                "{Your} request ({kind}) needs more time than one month.",
                kind=self.kind(kind),
            ),
            self.say("De reden: {reason}", "The reason: {reason}", reason=reason),
            self.say(
                "De wet staat ons toe de termijn met twee maanden te verlengen (artikel 12, lid 3, AVG). Wij "
                "antwoorden uiterlijk op {day}.",
                "The law allows us to extend the period by two months "
                "(Article 12(3) GDPR). We will answer by {day} at the latest.",
                day=self.day(due_on),
            ),
        ]
        return self.mail(to, self.say("meer tijd voor {your} verzoek", "more time for {your} request"), body)

    def result(
        self,
        to: str,
        kind: str,
        outcome: dict[str, Any],
        extra: str | None = None,
        attachments: tuple[Attachment, ...] = (),
    ) -> Mail:
        body = [
            self.say(
                "Wij hebben {your} verzoek afgehandeld: {kind}.",
                "We have handled {your} request: {kind}.",
                kind=self.kind(kind),
            ),
            "",
            *self.outcome_lines(kind, outcome, extra),
        ]
        return self.mail(
            to, self.say("{your} verzoek is afgehandeld", "{your} request has been handled"), body, attachments
        )

    def outcome_lines(self, kind: str, outcome: dict[str, Any], extra: str | None = None) -> list[str]:
        """What was done, in sentences: the answer's body (and the office's account of a fulfilled request)."""
        body: list[str] = []
        if outcome.get("held_nothing"):
            body.append(self.say(*NOTHING))
        elif kind == "withdraw_consent" and not outcome.get("activities"):
            body.append(
                self.say(
                    "Wij vonden geen toestemming die nog gold; er was niets in te trekken.",
                    "We found no consent still in force; there was nothing to withdraw.",
                )
            )
        else:
            words = {
                "fields": self._fields(outcome.get("fields", []), outcome.get("activities", [])),
                "erased": outcome.get("erased", 0),
                "count": outcome.get("restricted", 0),
                "activities": self._labels(outcome.get("activities", [])),
                "detail": self._objection(outcome) if kind == "objection" else "",
            }
            body.append(self.say(*RESULTS[kind], **words).strip())
        if extra:
            body += ["", extra]
        kept = [Kept(**item) for item in outcome.get("kept", [])]
        if kept:
            body += [
                "",
                self.say(
                    "Deze gegevens moeten wij nog bewaren; wij gebruiken ze nergens meer voor:",
                    "We must still keep this data; we no longer use it for anything:",
                ),
            ]
            body += [self._kept_line(item) for item in kept]
        places = outcome.get("done_where", [])
        if places:
            body += ["", self.say("Wat er waar is gebeurd:", "What was done where:")]
            body += [self._place(place) for place in places]
        if outcome.get("override"):
            body += ["", self.say("Niet alles is al afgerond: {why}", "Not everything is finished yet: {why}",
                                  why=outcome["override"])]  # fmt: skip
        return body

    def _place(self, place: dict[str, Any]) -> str:
        status = {
            "done": ("gedaan", "done"),
            "refused": ("niet gedaan", "not done"),
            "open": ("nog open", "still open"),
        }
        word = self.say(*status.get(str(place.get("status")), ("?", "?")))
        note = f": {place['note']}" if place.get("note") else ""
        return f"- {place.get('name')}: {word}{note}"

    def _fields(self, names: list[str], activities: list[str]) -> str:
        """Fields by their labels: as the given activities (else any activity) declare them."""
        return ", ".join(self._field(name, activities) for name in names)

    def _field(self, name: str, activities: list[str]) -> str:
        declared = self.register.activities
        for key in [*activities, *declared]:
            spec = declared.get(key)
            if spec is not None and name in spec.fields:
                return tr(spec.fields[name].label, self.lang, name)
        return name

    def _labels(self, keys: list[str]) -> str:
        activities = self.register.activities
        return ", ".join(tr(activities[k].label, self.lang, k) if k in activities else k for k in keys) or "-"

    def _objection(self, outcome: dict[str, Any]) -> str:
        parts = []
        if outcome.get("direct_marketing"):
            parts.append(
                self.say(
                    "Wij gebruiken {your} gegevens niet meer voor direct marketing ({names}).",
                    "We no longer use {your} data for direct marketing ({names}).",
                    names=self._labels(outcome.get("marketing_stopped", [])),
                )
            )
        if outcome.get("erase"):
            parts.append(self.say("Verwijderd: {names}.", "Erased: {names}.", names=self._labels(outcome["erase"])))
        if outcome.get("not_applicable"):
            parts.append(
                self.say(
                    "Bezwaar is hier niet mogelijk, omdat wij deze gegevens op een andere grondslag "
                    "verwerken: {names}.",
                    "Objection does not apply here, as we process this data on another legal basis: {names}.",
                    names=self._labels(outcome["not_applicable"]),
                )
            )
        return " ".join(parts)

    def _kept_line(self, item: Kept) -> str:
        until = (
            self.day(date.fromisoformat(item.until))
            if item.until
            else self.say("het einde van de wettelijke termijn", "the end of the legal period")
        )
        return self.say(
            "- {activity} ({fields}): {reason} ({reference}), tot {until}",
            "- {activity} ({fields}): {reason} ({reference}), until {until}",
            activity=self._labels([item.activity]),
            fields=self._fields(item.fields, [item.activity]),
            reason=item.reason,
            reference=item.reference,
            until=until,
        )

    def refusal(self, to: str, kind: str, reason: str) -> Mail:
        body = [
            self.say(
                "Wij kunnen {your} verzoek ({kind}) niet uitvoeren.",
                "We cannot carry out {your} request ({kind}).",
                kind=self.kind(kind),
            ),
            self.say("De reden: {reason}", "The reason: {reason}", reason=reason),
            self.say(
                "Hieraan zijn geen kosten verbonden. {You} kunt ook naar de rechter stappen.",
                "This costs {you} nothing. {You} may also go to court.",
            ),
        ]
        return self.mail(to, self.say("over {your} verzoek", "about {your} request"), body)
