"""One activity of the statement in plain words: which data, why, on what basis, who gets it, how long.

Every value goes through ``Voice.shown``: an inferred value is left out (or marked 'to confirm' in a draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from waarborg.register import taxonomy
from waarborg.register.lint.facts import rights_view, third_country
from waarborg.register.render import words
from waarborg.register.render.retention import is_sentence, plain_label, retention_sentence
from waarborg.register.render.words import Voice, country_name, in_country, upper_first
from waarborg.register.schema import Activity, Processor, Recipient, Register, Transfer
from waarborg.register.types import Basis

__all__ = ["ActivityView", "build_activity", "country_name", "in_country", "party", "plain_label"]


@dataclass
class ActivityView:
    key: str
    title: str
    description: str = ""
    fields: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    basis: str = ""
    sources: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    retention: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    withdrawal: str = ""
    required: str = ""
    automated: str = ""
    camera: str = ""
    rights: list[str] = field(default_factory=list)
    security: list[str] = field(default_factory=list)


SOURCES = {
    "data_subject": ("van {yourself}", "from {you}"),
    "public": ("uit openbare bronnen", "from public sources"),
    "employer": ("van {your} werkgever", "from {your} employer"),
    "client": ("van onze opdrachtgever", "from our client"),
    "chamber_of_commerce": (
        "uit het Handelsregister van de Kamer van Koophandel",
        "from the Chamber of Commerce trade register",
    ),
    "third_party": ("van andere partijen", "from other parties"),
}

ROLES = {
    "internal": ("intern", "internal"),
    "controller": ("zelfstandig verwerkingsverantwoordelijke", "independent controller"),
    "joint_controller": ("gezamenlijk verwerkingsverantwoordelijke", "joint controller"),
    "public_authority": ("overheidsinstantie", "public authority"),
    "processor_category": ("verwerker", "processor"),
    "processor": ("verwerker", "processor"),
    "sub_processor": ("subverwerker", "sub-processor"),
}

SENTENCES: dict[str, tuple[str, str]] = {
    "basis": ("Wij mogen dit op grond van {basis} (artikel {article} AVG).",
              "We may do so on the basis of {basis} (Article {article} GDPR)."),
    "purpose_basis": ("Voor het doel ‘{purpose}’ is de grondslag {basis} (artikel {article} AVG).",
                      "For the purpose ‘{purpose}’ the basis is {basis} (Article {article} GDPR)."),
    "interest": ("Ons gerechtvaardigd belang daarbij is {interest}.", "Our legitimate interest in this is {interest}."),
    "law": ("De wet die dit voorschrijft: {law}.", "The law that requires this: {law}."),
    "special": ("Voor bijzondere persoonsgegevens geldt de uitzondering van artikel {condition} AVG.",
                "For special category data the exception of Article {condition} GDPR applies."),
    "outside_eea": ("{name} is gevestigd in {country}, buiten de Europese Economische Ruimte.",
                    "{name} is established in {country}, outside the European Economic Area."),
    "mechanism": ("Wij geven gegevens door op basis van {mechanism}.", "We transfer data on the basis of {mechanism}."),
    "camera": ("Camera's hangen bij: {places}.", "Cameras are placed at: {places}."),
    "withdrawal": ("{You} trekt {your} toestemming in {ways}.", "{You} withdraw {your} consent {ways}."),
    "no_automated": ("Wij nemen hier geen geautomatiseerde besluiten.", "We make no automated decisions here."),
    "automated": ("Wij nemen hier geautomatiseerde besluiten.", "We make automated decisions here."),
    "human_review": ("{You} kunt vragen dat een mens het besluit beoordeelt.",
                     "{You} may ask for a person to review the decision."),
    "required": ("(verplicht)", "(required)"),
}  # fmt: skip
"""The activity's sentence templates (docs/publishing.md lists them with examples)."""


def say(key: str, voice: Voice, **fill: str) -> str:
    return voice.sentence(SENTENCES[key], **fill)


def build_activity(register: Register, key: str, activity: Activity, voice: Voice) -> ActivityView:
    view = ActivityView(key=key, title=voice.text(activity.label, key), description=voice.text(activity.description))
    view.fields = [_field_label(activity, name, voice) for name in activity.fields]
    view.purposes = [voice.text(p.text) for p in activity.purposes]
    view.basis = _basis(activity, voice)
    view.sources = [_source(s.kind, s.name, voice.text(s.text), voice) for s in activity.sources]
    view.recipients = _recipients(register, activity, voice)
    view.transfers = _transfers(register, activity, voice)
    view.systems = [
        voice.shown(register.systems[k], register.systems[k].name) for k in activity.systems if k in register.systems
    ]
    view.retention = [retention_sentence(register, activity, rule, voice) for rule in activity.retention]
    if activity.consent:
        view.options = [
            _option(o.label, o.frequency, voice.text(o.text), voice) for o in activity.consent.options.values()
        ]
        view.withdrawal = voice.shown(activity.consent, _withdrawal(activity, voice), "withdrawal")
    view.options += [voice.text(choice) for choice in activity.opt_outs]
    view.required = voice.shown(activity, voice.text(activity.required), "required")
    view.automated = voice.shown(activity, _automated(activity, voice), "automated_decisions")
    view.camera = voice.shown(activity, _camera(activity, voice), "camera")
    view.rights = [words.right_name(r, voice) for r in rights_view(register, activity).published]
    view.security = [voice.text(m) for m in activity.security]
    return _without_empty(view)


def _without_empty(view: ActivityView) -> ActivityView:
    """No empty item is ever published as content."""
    for name in ("fields", "purposes", "sources", "recipients", "transfers", "systems", "retention", "options"):
        setattr(view, name, [item for item in getattr(view, name) if item])
    return view


def _field_label(activity: Activity, name: str, voice: Voice) -> str:
    spec = activity.fields[name]
    text = voice.text(spec.label) or taxonomy.label(spec.category, voice.lang)
    if spec.required:
        text += " " + voice.shown(spec, say("required", voice), "required")
    return voice.shown(spec, text.strip())


def _basis(activity: Activity, voice: Voice) -> str:
    sentence = say(
        "basis", voice, basis=words.basis(activity.basis, voice), article=words.BASIS_ARTICLE[activity.basis]
    )
    parts = [voice.shown(activity, sentence, "basis")]
    for purpose in activity.purposes:
        if purpose.basis and purpose.basis != activity.basis:
            text = say(
                "purpose_basis",
                voice,
                purpose=voice.text(purpose.text).rstrip("."),
                basis=words.basis(purpose.basis, voice),
                article=words.BASIS_ARTICLE[purpose.basis],
            )
            parts.append(voice.shown(purpose, text, "basis"))
    parts.append(voice.shown(activity, _interest(activity, voice), "interest"))
    if activity.law:
        parts.append(voice.shown(activity, _as_sentence(voice.text(activity.law), "law", "law", voice), "law"))
    if activity.special_category:
        special = activity.special_category
        text = say("special", voice, condition=special.condition) + " " + voice.text(special.text)
        parts.append(voice.shown(activity, voice.shown(special, text.strip()), "special_category"))
    return " ".join(p for p in parts if p)


def _interest(activity: Activity, voice: Voice) -> str:
    """The legitimate interest, only where a basis is legitimate interests (Art 13(1)(d))."""
    with_li = activity.basis == Basis.legitimate_interests or any(
        p.basis == Basis.legitimate_interests for p in activity.purposes
    )
    if not (with_li and activity.interest):
        return ""
    return _as_sentence(voice.text(activity.interest), "interest", "interest", voice)


def _as_sentence(text: str, template: str, slot: str, voice: Voice) -> str:
    """The organisation's own sentence as it is; a phrase put into the template."""
    if is_sentence(text):
        return text
    return say(template, voice, **{slot: text.rstrip(".")})


def _source(kind: str, name: str | None, text: str, voice: Voice) -> str:
    out = upper_first(voice.say(*SOURCES[kind]) + (f" ({name})" if name else ""))
    return f"{out}: {text}" if text else out


def party(register: Register, key: str, voice: Voice) -> tuple[str, str, str]:
    """A processor's or recipient's name, country and role, each '' where not stated."""
    entry: Processor | Recipient | None = register.processors.get(key) or register.recipients.get(key)
    if entry is None:
        return key, "", ""
    name = entry.name if isinstance(entry, Processor) else voice.text(entry.name)
    role = entry.role if isinstance(entry, Processor) else entry.kind
    return (
        voice.shown(entry, name),
        voice.shown(entry, country_name(entry.country, voice.lang), "country"),
        voice.shown(entry, voice.say(*ROLES[role]), "role" if isinstance(entry, Processor) else "kind"),
    )


def _recipients(register: Register, activity: Activity, voice: Voice) -> list[str]:
    out = []
    for key in [*activity.processors, *activity.recipients]:
        entry: Processor | Recipient | None = register.processors.get(key) or register.recipients.get(key)
        if entry is None or not voice.states(entry):
            continue
        name, country, role = party(register, key, voice)
        if isinstance(entry, Processor):
            text = voice.shown(entry, voice.text(entry.service), "service")
        else:
            text = voice.text(entry.text)
        details = ", ".join(d for d in (role, country) if d)
        out.append(voice.shown(entry, name + (f" ({details})" if details else "") + (f": {text}" if text else "")))
    return out


def _transfers(register: Register, activity: Activity, voice: Voice) -> list[str]:
    out = []
    for key in [*activity.processors, *activity.recipients]:
        entry: Processor | Recipient | None = register.processors.get(key) or register.recipients.get(key)
        if entry is None or not third_country(entry.country):
            continue
        name = entry.name if isinstance(entry, Processor) else voice.text(entry.name)
        sentence = say("outside_eea", voice, name=name, country=in_country(entry.country, voice.lang))
        sentence += _mechanism(entry.transfer, voice)
        out.append(voice.shown(entry, voice.shown(entry, sentence, "country")))
    return out


def _mechanism(transfer: Transfer | None, voice: Voice) -> str:
    """The transfer in the organisation's own words, else the mechanism it relies on."""
    if transfer is None:
        return ""
    own = voice.own(transfer.text)
    mechanism = words.pick(words.MECHANISMS[transfer.mechanism.value], voice)
    text = own or voice.shown(transfer, say("mechanism", voice, mechanism=mechanism), "mechanism")
    return " " + voice.shown(transfer, text) if text else ""


def _option(label: dict[str, str], frequency: str | None, text: str, voice: Voice) -> str:
    out = voice.text(label)
    if frequency:
        out += f" ({words.pick(words.FREQUENCIES[frequency], voice)})"
    return out + (f": {text}" if text else "")


WITHDRAWAL = {
    "unsubscribe_link": ("met de afmeldlink in elk bericht", "with the unsubscribe link in every message"),
    "preferences_page": ("op de voorkeurenpagina", "on the preferences page"),
    "email": ("met een e-mail aan ons", "by e-mailing us"),
    "portal": ("in {your} account", "in {your} account"),
    "phone": ("telefonisch", "by phone"),
    "post": ("per post", "by post"),
    "letter": ("per brief", "by letter"),
}


def _withdrawal(activity: Activity, voice: Voice) -> str:
    assert activity.consent is not None
    chosen = [words.pick(WITHDRAWAL.get(w.value, (w.value, w.value)), voice) for w in activity.consent.withdrawal]
    return say("withdrawal", voice, ways=words.join(chosen, voice.lang, words.OR)) if chosen else ""


def _camera(activity: Activity, voice: Voice) -> str:
    if not activity.camera:
        return ""
    places = words.join([voice.text(place) for place in activity.camera.locations], voice.lang)
    viewers = voice.text(activity.camera.viewers)
    return say("camera", voice, places=places) + (" " + viewers if viewers else "")


def _automated(activity: Activity, voice: Voice) -> str:
    decisions = activity.automated_decisions
    if not decisions:
        return ""
    if not decisions.used:
        return say("no_automated", voice)
    parts = [say("automated", voice), voice.text(decisions.logic), voice.text(decisions.consequences)]
    if decisions.human_review:
        parts.append(say("human_review", voice))
    return " ".join(p for p in parts if p)
