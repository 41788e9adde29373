"""One activity of the statement in plain words: which data, why, on what basis, who gets it, how long."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from babel import Locale

from waarborg.core.periods import Period
from waarborg.register import taxonomy
from waarborg.register.lint.facts import applicable_rights, third_country
from waarborg.register.render import words
from waarborg.register.render.words import Voice
from waarborg.register.schema import Activity, Register, RetentionRule
from waarborg.register.types import tr


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


ARTICLES = {"US": ("de ", "the "), "GB": ("het ", "the "), "AE": ("de ", "the "), "NL": ("", "the "),
            "PH": ("de ", "the "), "CZ": ("", "the ")}  # fmt: skip


@cache
def country_name(code: str, lang: str) -> str:
    return str(Locale(lang).territories.get(code, code))


def in_country(code: str, lang: str) -> str:
    """'de Verenigde Staten', 'the United States', 'Duitsland': a country name that fits after 'in'."""
    article = ARTICLES.get(code, ("", ""))[0 if lang == "nl" else 1]
    return article + country_name(code, lang)


def build_activity(register: Register, key: str, activity: Activity, voice: Voice) -> ActivityView:
    lang = voice.lang
    view = ActivityView(key=key, title=tr(activity.label, lang, key), description=tr(activity.description, lang))
    view.fields = [_field_label(register, activity, name, voice) for name in activity.fields]
    view.purposes = [tr(p.text, lang) for p in activity.purposes]
    view.basis = _basis(activity, voice)
    view.sources = [_source(s.kind, s.name, tr(s.text, lang), voice) for s in activity.sources]
    view.recipients = _recipients(register, activity, voice)
    view.transfers = _transfers(register, activity, voice)
    view.systems = [register.systems[k].name for k in activity.systems if k in register.systems]
    view.retention = [_retention(register, activity, rule, voice) for rule in activity.retention]
    if activity.consent:
        view.options = [
            _option(o.label, o.frequency, tr(o.text, lang), voice) for o in activity.consent.options.values()
        ]
        view.withdrawal = _withdrawal(activity, voice)
    view.required = tr(activity.required, lang)
    view.automated = _automated(activity, voice)
    if activity.camera:
        places = words.join([tr(place, lang) for place in activity.camera.locations], lang)
        view.camera = voice.say("Camera's hangen bij: {places}.", "Cameras are placed at: {places}.").replace(
            "{places}", places
        ) + (" " + tr(activity.camera.viewers, lang) if activity.camera.viewers else "")
    view.rights = [words.right_name(r, voice) for r in applicable_rights(activity)]
    view.security = [tr(m, lang) for m in activity.security]
    return view


def _field_label(register: Register, activity: Activity, name: str, voice: Voice) -> str:
    spec = activity.fields[name]
    text = tr(spec.label, voice.lang) or taxonomy.label(spec.category, voice.lang)
    if spec.required:
        text += voice.say(" (verplicht)", " (required)")
    return text


def _basis(activity: Activity, voice: Voice) -> str:
    lang = voice.lang
    sentence = voice.say(
        "Wij mogen dit op grond van {basis} (artikel {article} AVG).",
        "We may do so on the basis of {basis} (Article {article} GDPR).",
    )
    sentence = sentence.replace("{basis}", words.basis(activity.basis, voice)).replace(
        "{article}", words.BASIS_ARTICLE[activity.basis]
    )
    extra = [
        voice.say("Ons belang: ", "Our interest: ") + tr(activity.interest, lang) if activity.interest else "",
        voice.say("De wet: ", "The law: ") + tr(activity.law, lang) if activity.law else "",
    ]
    for purpose in activity.purposes:
        if purpose.basis and purpose.basis != activity.basis:
            extra.append(f"{tr(purpose.text, lang)}: {words.basis(purpose.basis, voice)}.")
    if activity.special_category:
        extra.append(
            voice.say(
                "Voor bijzondere persoonsgegevens geldt de uitzondering van artikel {c} AVG.",
                "For special category data the exception of Article {c} GDPR applies.",
            ).replace("{c}", activity.special_category.condition)
            + " "
            + tr(activity.special_category.text, lang)
        )
    return " ".join([sentence, *(e.strip() for e in extra if e)]).strip()


def _source(kind: str, name: str | None, text: str, voice: Voice) -> str:
    kinds = {
        "data_subject": ("van {you} zelf", "from {you}"),
        "public": ("uit openbare bronnen", "from public sources"),
        "employer": ("van {your} werkgever", "from {your} employer"),
        "client": ("van onze opdrachtgever", "from our client"),
        "chamber_of_commerce": (
            "uit het Handelsregister van de Kamer van Koophandel",
            "from the Chamber of Commerce trade register",
        ),
        "third_party": ("van andere partijen", "from other parties"),
    }
    out = words.pick(kinds[kind], voice) + (f" ({name})" if name else "")
    out = out[0].upper() + out[1:]
    return f"{out}: {text}" if text else out


def _recipients(register: Register, activity: Activity, voice: Voice) -> list[str]:
    lang = voice.lang
    out = []
    for key in activity.processors:
        processor = register.processors[key]
        service = tr(processor.service, lang)
        role = voice.say("verwerker", "processor")
        out.append(
            f"{processor.name} ({role}, {country_name(processor.country, lang)})" + (f": {service}" if service else "")
        )
    kinds = {
        "internal": ("intern", "internal"),
        "controller": ("zelfstandig verantwoordelijke", "independent controller"),
        "joint_controller": ("gezamenlijk verantwoordelijke", "joint controller"),
        "public_authority": ("overheid", "public authority"),
        "processor_category": ("verwerker", "processor"),
    }
    for key in activity.recipients:
        recipient = register.recipients[key]
        text = tr(recipient.text, lang)
        out.append(
            f"{tr(recipient.name, lang)} ({words.pick(kinds[recipient.kind], voice)})" + (f": {text}" if text else "")
        )
    return out


def _transfers(register: Register, activity: Activity, voice: Voice) -> list[str]:
    parties = [
        (register.processors[k].name, register.processors[k].country, register.processors[k].transfer)
        for k in activity.processors
    ]
    parties += [
        (tr(register.recipients[k].name, voice.lang), register.recipients[k].country, register.recipients[k].transfer)
        for k in activity.recipients
    ]
    out = []
    for name, country, transfer in parties:
        if not third_country(country):
            continue
        sentence = voice.say(
            "{name} is gevestigd in {country}, buiten de Europese Economische Ruimte.",
            "{name} is established in {country}, outside the European Economic Area.",
        )
        sentence = sentence.replace("{name}", name).replace("{country}", in_country(country, voice.lang))
        if transfer:
            mechanism = words.pick(words.MECHANISMS[transfer.mechanism.value], voice)
            sentence += " " + voice.say("Wij geven gegevens door op basis van ", "We transfer data on the basis of ")
            sentence += mechanism + "."
        out.append(sentence)
    return out


def _event(register: Register, event: str, voice: Voice) -> str:
    if event in register.events:
        label = tr(register.events[event].label, voice.lang, event)
        return label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label
    return words.pick(words.BUILTIN_EVENTS[event], voice)


def _retention(register: Register, activity: Activity, rule: RetentionRule, voice: Voice) -> str:
    lang = voice.lang
    covered = rule.fields or []
    what = (
        words.join([_plain_label(activity, f, lang) for f in covered], lang)
        if covered
        else voice.say("deze gegevens", "these data")
    )
    after = words.join([_event(register, e, voice) for e in rule.after], lang, words.OR)
    if isinstance(rule.keep, Period):
        how_long = voice.say(
            "Wij bewaren {what} tot {period} na {after}", "We keep {what} until {period} after {after}"
        )
        how_long = how_long.replace("{period}", words.period(rule.keep, lang))
        action = words.pick(words.ACTIONS[rule.then.value], voice).replace(
            "{fields}", words.join([_plain_label(activity, f, lang) for f in rule.keep_fields], lang)
        )
        sentence = how_long + "; " + voice.say("daarna ", "then ") + action
    elif rule.keep == "as_long_as_necessary":
        sentence = voice.say("Wij bewaren {what} zo lang als nodig", "We keep {what} as long as necessary")
        if rule.criteria:
            sentence += ": " + tr(rule.criteria, lang)
    else:
        sentence = voice.say("Wij verwijderen {what} niet automatisch", "We do not delete {what} automatically")
    sentence = sentence.replace("{what}", what).replace("{after}", after)
    if rule.if_consent and activity.consent:
        option = tr(activity.consent.options[rule.if_consent].label, lang, rule.if_consent)
        sentence = (
            voice.say("Met {your} toestemming ({option}): ", "With {your} consent ({option}): ").replace(
                "{option}", option
            )
            + sentence[0].lower()
            + sentence[1:]
        )
    if rule.law:
        sentence += (
            voice.say(", omdat de wet dat vereist (", ", because the law requires it (") + tr(rule.law, lang) + ")"
        )
    if rule.do_not_contact:
        sentence += voice.say(", zodat wij {you} niet opnieuw benaderen", ", so that we do not approach {you} again")
    sentence += "."
    return sentence + (" " + tr(rule.text, lang) if rule.text else "")


def _plain_label(activity: Activity, name: str, lang: str) -> str:
    spec = activity.fields[name]
    label = tr(spec.label, lang) or taxonomy.label(spec.category, lang)
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def _option(label: dict[str, str], frequency: str | None, text: str, voice: Voice) -> str:
    out = tr(label, voice.lang)
    if frequency:
        out += f" ({words.pick(words.FREQUENCIES[frequency], voice)})"
    return out + (f": {text}" if text else "")


def _withdrawal(activity: Activity, voice: Voice) -> str:
    assert activity.consent is not None
    ways = {
        "unsubscribe_link": ("met de afmeldlink in elk bericht", "with the unsubscribe link in every message"),
        "preferences_page": ("op de voorkeurenpagina", "on the preferences page"),
        "email": ("met een e-mail aan ons", "by e-mailing us"),
        "portal": ("in {your} account", "in {your} account"),
        "phone": ("telefonisch", "by phone"),
        "post": ("per post", "by post"),
        "letter": ("per brief", "by letter"),
    }
    chosen = [words.pick(ways.get(w.value, (w.value, w.value)), voice) for w in activity.consent.withdrawal]
    if not chosen:
        return ""
    return (
        voice.say("{You} trekt {your} toestemming in ", "{You} withdraw {your} consent ")
        + words.join(chosen, voice.lang, words.OR)
        + "."
    )


def _automated(activity: Activity, voice: Voice) -> str:
    decisions = activity.automated_decisions
    if not decisions:
        return ""
    if not decisions.used:
        return voice.say("Wij nemen hier geen geautomatiseerde besluiten.", "We make no automated decisions here.")
    parts = [
        voice.say("Wij nemen hier geautomatiseerde besluiten.", "We make automated decisions here."),
        tr(decisions.logic, voice.lang),
        tr(decisions.consequences, voice.lang),
    ]
    if decisions.human_review:
        parts.append(
            voice.say(
                "{You} kunt vragen dat een mens het besluit beoordeelt.",
                "{You} may ask for a person to review the decision.",
            )
        )
    return " ".join(p for p in parts if p)
