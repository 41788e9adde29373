"""The website part of the statement: the cookie banner, the cookie table, embedded content and analytics."""

from __future__ import annotations

from waarborg.register.render import words
from waarborg.register.render.activity import party
from waarborg.register.render.table import Table
from waarborg.register.render.words import Voice
from waarborg.register.schema import Register

SENTENCES: dict[str, tuple[str, str]] = {
    "session": ("tot {you} de browser sluit", "until {you} close the browser"),
    "first_party": ("wijzelf", "ourselves"),
    "party": ("{name} ({details})", "{name} ({details})"),
    "embed_consent": ("pas na {your} toestemming", "only after {your} consent"),
    "embed_no_consent": ("zonder toestemming", "without consent"),
}
"""The website's sentence templates (docs/publishing.md lists them with examples)."""


def say(key: str, voice: Voice, **fill: str) -> str:
    return voice.sentence(SENTENCES[key], **fill)


BANNER = {
    "opt_in": (
        "Cookies die niet strikt nodig zijn plaatsen wij pas nadat {you} daarvoor kiest.",
        "We place cookies that are not strictly necessary only after {you} choose so.",
    ),
    "close_notice": (
        "Wij gaan ervan uit dat {you} cookies accepteert door de melding te sluiten.",
        "We take closing the notice as accepting cookies.",
    ),
    "continue_browsing": (
        "Wij gaan ervan uit dat {you} cookies accepteert door de melding te sluiten of verder te surfen.",
        "We take closing the notice or continuing to browse as accepting cookies.",
    ),
    "browser_settings": (
        "{You} kiest met de instellingen van {your} browser welke cookies {you} toestaat.",
        "{You} choose in {your} browser settings which cookies {you} allow.",
    ),
    "none": ("", ""),
}


def cookie_banner(register: Register, voice: Voice) -> str:
    cookies = register.cookies
    parts = [voice.text(cookies.text)] if cookies else []
    banner = cookies.banner if cookies else None
    if banner:
        parts.append(voice.shown(banner, voice.say(*BANNER[banner.consent_by.value]), "consent_by"))
    return " ".join(p for p in parts if p)


def _party(register: Register, key: str, voice: Voice) -> str:
    """'Google (Verenigde Staten, verwerker)': a recipient or processor with what is stated about it."""
    name, country, role = party(register, key, voice)
    details = ", ".join(d for d in (country, role) if d)
    return say("party", voice, name=name, details=details) if details and name else name


def cookies(register: Register, voice: Voice, heading: dict[str, str]) -> Table:
    headers = [
        heading[k] for k in ("cookie_name", "cookie_category", "cookie_lifetime", "cookie_party", "cookie_purpose")
    ]
    rows = []
    for cookie in register.cookies.items if register.cookies else []:
        if not voice.states(cookie):
            continue
        if cookie.lifetime is None:
            lifetime = ""
        elif cookie.lifetime == "session":
            lifetime = say("session", voice)
        else:
            lifetime = words.period(cookie.lifetime, voice.lang)  # type: ignore[arg-type]
        if cookie.recipient:
            who = _party(register, cookie.recipient, voice)
        else:
            who = say("first_party", voice) if cookie.party == "first" else cookie.party
        row = [
            cookie.name,
            voice.shown(cookie, words.pick(words.COOKIE_CATEGORIES[cookie.category.value], voice), "category"),
            voice.shown(cookie, lifetime, "lifetime"),
            voice.shown(cookie, who, "recipient" if cookie.recipient else "party"),
            voice.shown(cookie, voice.text(cookie.purpose), "purpose"),
        ]
        rows.append([voice.shown(cookie, row[0]), *row[1:]])
    return Table.of(headers, rows)


def embeds(register: Register, voice: Voice, heading: dict[str, str]) -> Table:
    headers = [
        heading[k] for k in ("cookie_name", "cookie_category", "cookie_party", "embed_consent", "cookie_purpose")
    ]
    rows = []
    for embed in register.cookies.embeds if register.cookies else []:
        if not voice.states(embed):
            continue
        consent = say("embed_consent" if embed.consent else "embed_no_consent", voice)
        rows.append([
            voice.shown(embed, embed.name),
            voice.shown(embed, voice.say(*words.EMBED_KINDS[embed.kind]), "kind"),
            voice.shown(embed, _party(register, embed.recipient, voice), "recipient"),
            voice.shown(embed, consent, "consent"),
            voice.shown(embed, voice.text(embed.purpose), "purpose"),
        ])  # fmt: skip
    return Table.of(headers, rows)


def analytics(register: Register, voice: Voice) -> list[str]:
    out = []
    for analytics in register.cookies.analytics if register.cookies else []:
        facts = [
            voice.say("het laatste deel van {your} IP-adres maskeren wij", "we mask the last part of {your} IP address")
            if analytics.ip_masking
            else "",
            voice.say("gegevens delen staat uit", "data sharing is off") if not analytics.data_sharing else "",
            voice.say("wij hebben een verwerkersovereenkomst", "we have a processor agreement")
            if analytics.processor_agreement
            else "",
            voice.say("wij bewaren de gegevens ", "we keep the data for ")
            + words.period(analytics.retention, voice.lang)
            if analytics.retention
            else "",
        ]
        names = ("ip_masking", "data_sharing", "processor_agreement", "retention")
        facts = [voice.shown(analytics, f, n) for f, n in zip(facts, names, strict=True) if f]
        text = analytics.tool + (": " + words.join(facts, voice.lang) if any(facts) else "")
        out.append(voice.shown(analytics, text + "."))
    return [line for line in out if line]
