"""A request's steps as sentences in the reader's language, for the office's timeline: "Ontvangen via het
portaal; uiterlijk 4 januari beantwoorden", "Uitgevoerd: wij hebben uw gegevens verwijderd (2 registraties)."

What was done is told with the answer's own sentences (``answers.Writer.outcome_lines``), so the office reads
what the person read. Notes are the ones ``requests``, ``fulfil`` and ``intake`` write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from waarborg.register.schema import Register
from waarborg.rights.answers import Writer
from waarborg.rights.requests import RequestView, StepView

CHANNELS = {
    "email": ("e-mail", "e-mail"), "sms": ("sms", "text message"), "phone": ("de telefoon", "the phone"),
    "post": ("de post", "the post"), "portal": ("het portaal", "the portal"),
    "web_form": ("het webformulier", "the web form"), "paper": ("een papieren formulier", "a paper form"),
    "unsubscribe_link": ("de afmeldlink", "the unsubscribe link"),
    "preferences_page": ("de voorkeurenpagina", "the preferences page"), "in_person": ("een bezoek", "a visit"),
}  # fmt: skip
VERIFIED_HOW = {
    "e-mail link": ("met de link in de bevestigingsmail", "with the link in the confirmation message"),
    "e-mail code": ("met de code uit de bevestigingsmail", "with the code from the confirmation message"),
}
FIXED = {
    "receipt_sent": ("Ontvangstbevestiging verstuurd.", "Acknowledgement sent."),
    "verification_sent": ("Bevestigingslink en code verstuurd.", "Confirmation link and code sent."),
    "mail_failed": ("Het bericht kon niet worden verstuurd.", "The message could not be sent."),
    "extension_sent": (
        "De verlenging en de reden zijn aan de verzoeker gemeld.",
        "The extension and its reason were told to the requester.",
    ),
    "answer_sent": (
        "Antwoord verstuurd; het e-mailadres van de verzoeker is gewist.",
        "Answer sent; the requester's address has been removed.",
    ),
}
RECEIVED = re.compile(r"via (?P<channel>\w+); due (?P<due>\d{4}-\d{2}-\d{2})")
EXTENDED = re.compile(r"due (?P<due>\d{4}-\d{2}-\d{2}): (?P<reason>.*)", re.DOTALL)
WAITING = re.compile(r"(?P<count>\d+) tasks open")


@dataclass(frozen=True)
class StepLine:
    at: datetime
    actor: str
    text: str


class Steps:
    """Sentences for one request's steps in one language."""

    def __init__(self, register: Register, lang: str) -> None:
        self.writer = Writer(register, lang)
        self.lang = lang

    def say(self, nl: str, en: str, **values: object) -> str:
        return self.writer.say(nl, en, **values)

    def lines(self, request: RequestView) -> list[StepLine]:
        return [StepLine(s.at, s.actor, self.sentence(request, s)) for s in request.steps]

    def sentence(self, request: RequestView, step: StepView) -> str:
        note = step.note or ""
        if step.step in FIXED:
            return self.say(*FIXED[step.step])
        if step.step == "received":
            return self._received(note)
        if step.step == "verified":
            return self._verified(note)
        if step.step == "extended" and (found := EXTENDED.match(note)):
            day = self.writer.day(date.fromisoformat(found["due"]))
            return self.say("Verlengd tot {day}: {reason}", "Extended to {day}: {reason}", day=day,
                            reason=found["reason"])  # fmt: skip
        if step.step == "waiting":
            count = int(found["count"]) if (found := WAITING.match(note)) else 0
            return self.say("Hier uitgevoerd; wacht op {n} taken elders.", "Done here; waiting for {n} tasks "
                            "elsewhere.", n=count)  # fmt: skip
        if step.step == "override":
            return self.say("Afgesloten ondanks open taken: {why}", "Closed despite open tasks: {why}", why=note)
        if step.step == "fulfilled":
            done = " ".join(line.strip() for line in self.writer.outcome_lines(request.kind, request.outcome or {})
                            if line.strip())  # fmt: skip
            return self.say("Uitgevoerd: {done}", "Carried out: {done}", done=done)
        if step.step == "refused":
            reason = str((request.outcome or {}).get("reason", ""))
            return self.say("Geweigerd: {reason}", "Refused: {reason}", reason=reason)
        return self.say("Stap: {name}", "Step: {name}", name=step.step.replace("_", " "))

    def _received(self, note: str) -> str:
        found = RECEIVED.match(note)
        if found is None:
            return self.say("Ontvangen.", "Received.")
        channel = self.say(*CHANNELS.get(found["channel"], (found["channel"], found["channel"])))
        day = self.writer.day(date.fromisoformat(found["due"]))
        return self.say("Ontvangen via {channel}; uiterlijk {day} beantwoorden.",
                        "Received via {channel}; to be answered by {day}.", channel=channel, day=day)  # fmt: skip

    def _verified(self, note: str) -> str:
        how = self.verified_how(note)
        return self.say("Identiteit vastgesteld: {how}.", "Identity established: {how}.", how=how)

    def verified_how(self, how: str) -> str:
        """How the requester was identified, in words: the link, the code, or what staff wrote."""
        if how in VERIFIED_HOW:
            return self.say(*VERIFIED_HOW[how])
        if how.startswith("staff: "):
            told = how.removeprefix("staff: ").replace("; ID copy checked and deleted", "")
            copy = self.say("; kopie identiteitsbewijs gecontroleerd en verwijderd",
                            "; ID copy checked and deleted") if "ID copy" in how else ""  # fmt: skip
            return self.say("door een medewerker ({told}){copy}", "by staff ({told}){copy}", told=told, copy=copy)
        return how

    def channel(self, channel: str) -> str:
        return self.say(*CHANNELS.get(channel, (channel, channel)))
