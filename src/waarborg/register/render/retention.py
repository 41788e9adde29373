"""Retention sentences from grammatical templates: 'tot 1 jaar na het einde van je opleiding', 'tot 1 jaar
nadat wij contact met je hebben opgenomen', 'Wij verwijderen ze direct na je afmelding'.

An event is said as a noun phrase (after 'na'/'after') or as a clause (after 'nadat'/'after', Dutch verb
last). Several events share one preposition when they are all the same kind, else each has its own. A rule
with the organisation's own ``text`` in this language is published as that text instead of the generated
sentence: the statement says what the organisation says, once.
"""

from __future__ import annotations

from waarborg.core.periods import Period
from waarborg.register import taxonomy
from waarborg.register.render import words
from waarborg.register.render.words import CLAUSE, NOUN, Voice, lower_first, upper_first
from waarborg.register.schema import Activity, Register, RetentionRule
from waarborg.register.types import Action

PREPOSITION = {NOUN: ("na", "after"), CLAUSE: ("nadat", "after")}
SEVERAL = ("(wat het laatst komt)", "(whichever is later)")

TEMPLATES: dict[str, tuple[str, str]] = {
    "period": ("Wij bewaren {what} tot {period} {after}", "We keep {what} for {period} {after}"),
    "zero.delete": ("Wij verwijderen {what} direct {after}", "We delete {what} immediately {after}"),
    "zero.anonymise": ("Wij maken {what} direct {after} anoniem", "We make {what} anonymous immediately {after}"),
    "zero.minimise": ("Direct {after} bewaren wij alleen nog {fields}", "Immediately {after} we keep only {fields}"),
    "necessary": ("Wij bewaren {what} zolang dat nodig is", "We keep {what} as long as necessary"),
    "necessary.after": ("{After} bewaren wij {what} zolang dat nodig is",
                        "{After} we keep {what} as long as necessary"),
    "indefinite": ("Wij verwijderen {what} niet automatisch", "We do not delete {what} automatically"),
    "indefinite.after": ("{After} verwijderen wij {what} niet automatisch",
                         "{After} we do not delete {what} automatically"),
    "then": ("; daarna {action}", "; then {action}"),
    "criteria": ("Dat bepalen wij aan de hand van {criteria}.", "We decide this based on {criteria}."),
    "law": (", omdat de wet dat vereist ({law})", ", because the law requires it ({law})"),
    "do_not_contact": (", zodat wij {you} niet opnieuw benaderen", ", so that we do not approach {you} again"),
    "consent": ("Met {your} toestemming ({option}): ", "With {your} consent ({option}): "),
}  # fmt: skip
"""Every retention sentence is built from these (docs/publishing.md lists them with examples)."""


def event_forms(register: Register, event: str, voice: Voice) -> dict[str, str]:
    """The ways this event can be said: {'noun': ...} and/or {'clause': ...}."""
    if event in register.events:
        spec = register.events[event]
        if spec.noun:
            return {NOUN: voice.text(spec.noun)}
        if spec.clause:
            return {CLAUSE: voice.text(spec.clause)}
        return {NOUN: lower_first(voice.text(spec.label, event))}
    forms = words.BUILTIN_EVENTS[event]
    preferred = words.PREFERRED_EVENT_FORM[event][0 if voice.lang == "nl" else 1]
    return {kind: voice.say(*forms[kind]) for kind in sorted(forms, key=lambda k: k != preferred)}


def after(register: Register, events: list[str], voice: Voice) -> tuple[str, str]:
    """'na het einde van je opleiding', 'nadat wij contact met je hebben opgenomen', and the kind it ends in."""
    forms = [event_forms(register, e, voice) for e in events]
    common = [kind for kind in forms[0] if all(kind in f for f in forms)]
    lang = 0 if voice.lang == "nl" else 1
    if common:
        kind = common[0]
        text = f"{PREPOSITION[kind][lang]} {words.join([f[kind] for f in forms], voice.lang, words.OR)}"
    else:
        parts = [f"{PREPOSITION[k][lang]} {f[k]}" for f in forms for k in list(f)[:1]]
        text, kind = words.join(parts, voice.lang, words.OR), next(iter(forms[-1]))
    if len(events) > 1:
        text += " " + SEVERAL[lang]
    return text, kind


def fronted(text: str, kind: str) -> str:
    """An 'after' phrase at the start of a sentence: capitalised, a comma after a clause."""
    return upper_first(text) + ("," if kind == CLAUSE else "")


def retention_sentence(register: Register, activity: Activity, rule: RetentionRule, voice: Voice) -> str:
    """The rule in one sentence (or the organisation's own), '' when its period is not stated."""
    sentence = voice.own(rule.text) or _generated(register, activity, rule, voice)
    for name in ("after", "keep"):
        sentence = voice.shown(rule, sentence, name)
    return voice.shown(rule, sentence)


def _generated(register: Register, activity: Activity, rule: RetentionRule, voice: Voice) -> str:
    what = _what(activity, rule.fields or [], voice)
    phrase, kind = after(register, rule.after, voice)
    keep_fields = words.join([plain_label(activity, f, voice.lang) for f in rule.keep_fields], voice.lang)
    fill = {"what": what, "after": phrase, "After": fronted(phrase, kind), "fields": keep_fields}
    criteria = ""
    if isinstance(rule.keep, Period) and rule.keep.max_days() > 0:
        main = _say("period", voice, {**fill, "period": words.period(rule.keep, voice.lang)})
        main += voice.shown(rule, _say("law", voice, {"law": voice.text(rule.law)}) if rule.law else "", "law")
        main += voice.shown(rule, _then(activity, rule, voice), "then")
    elif isinstance(rule.keep, Period):
        main = _say(f"zero.{rule.then.value}", voice, fill)
    elif rule.keep == "as_long_as_necessary":
        only_collected = rule.after == ["collected"]
        main = _say("necessary" if only_collected else "necessary.after", voice, fill)
        main += voice.shown(rule, _then(activity, rule, voice), "then")
        criteria = voice.shown(rule, _criteria(rule, voice), "criteria")
    else:
        main = _say("indefinite" if rule.after == ["collected"] else "indefinite.after", voice, fill)
    if rule.do_not_contact:
        main += _say("do_not_contact", voice, {})
    if rule.if_consent and activity.consent and rule.if_consent in activity.consent.options:
        option = voice.text(activity.consent.options[rule.if_consent].label, rule.if_consent)
        main = _say("consent", voice, {"option": option}) + lower_first(main)
    return " ".join(p for p in (main + ".", criteria) if p)


def _say(template: str, voice: Voice, fill: dict[str, str]) -> str:
    return voice.sentence(TEMPLATES[template], **fill)


def _then(activity: Activity, rule: RetentionRule, voice: Voice) -> str:
    fields = words.join([plain_label(activity, f, voice.lang) for f in rule.keep_fields], voice.lang)
    if rule.then == Action.minimise and not fields:
        return ""
    action = voice.say(*words.ACTIONS[rule.then.value]).replace("{fields}", fields)
    return _say("then", voice, {"action": action})


def _criteria(rule: RetentionRule, voice: Voice) -> str:
    criteria = voice.text(rule.criteria)
    if not criteria or is_sentence(criteria):
        return criteria
    return _say("criteria", voice, {"criteria": criteria.rstrip(".")})


def _what(activity: Activity, fields: list[str], voice: Voice) -> str:
    if not fields:
        return voice.say("deze gegevens", "these data")
    return words.join([plain_label(activity, f, voice.lang) for f in fields], voice.lang)


def plain_label(activity: Activity, name: str, lang: str) -> str:
    spec = activity.fields[name]
    label = (spec.label or {}).get(lang) or (spec.label or {}).get("*") or taxonomy.label(spec.category, lang)
    return lower_first(label)


def is_sentence(text: str) -> bool:
    """Whether a register text is a whole sentence (capital first, full stop last) or a phrase."""
    text = text.strip()
    return bool(text) and text[0].isupper() and text[-1] in ".!?"
