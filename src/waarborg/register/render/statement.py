"""The whole privacy statement as plain-word parts, ready for a template (HTML, Markdown) to lay out."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.dates import format_date

from waarborg.register.lint.facts import applicable_rights, third_country
from waarborg.register.render import words
from waarborg.register.render.activity import ActivityView, build_activity, country_name
from waarborg.register.render.words import Voice
from waarborg.register.schema import Register
from waarborg.register.types import Right, tr

HEADINGS = {
    "who": ("Wie zijn wij", "Who we are"),
    "activities": ("Wat wij met {your} gegevens doen", "What we do with {your} data"),
    "fields": ("Welke gegevens", "Which data"),
    "purposes": ("Waarvoor", "What for"),
    "basis": ("Grondslag", "Legal basis"),
    "sources": ("Waar de gegevens vandaan komen", "Where the data come from"),
    "recipients": ("Wie de gegevens ontvangt", "Who receives the data"),
    "systems": ("Waar de gegevens staan", "Where the data is kept"),
    "transfers": ("Buiten de Europese Economische Ruimte", "Outside the European Economic Area"),
    "retention": ("Hoe lang wij de gegevens bewaren", "How long we keep the data"),
    "options": ("Waar {you} uit kunt kiezen", "What {you} can choose"),
    "required": ("Verplicht of niet", "Required or not"),
    "automated": ("Geautomatiseerde besluiten", "Automated decisions"),
    "camera": ("Camerabeelden", "Camera images"),
    "rights_here": ("{Your} rechten hier", "{Your} rights here"),
    "security": ("Beveiliging", "Security"),
    "cookies": ("Cookies", "Cookies"),
    "rights": ("{Your} rechten", "{Your} rights"),
    "exercise": ("Een verzoek doen", "Making a request"),
    "complaint": ("Klacht", "Complaint"),
    "changes": ("Wijzigingen", "Changes"),
    "contents": ("Inhoud", "Contents"),
    "cookie_name": ("Naam", "Name"),
    "cookie_category": ("Soort", "Kind"),
    "cookie_lifetime": ("Bewaartermijn", "Lifetime"),
    "cookie_party": ("Partij", "Party"),
    "cookie_purpose": ("Doel", "Purpose"),
    "right": ("Recht", "Right"),
    "meaning": ("Wat het inhoudt", "What it means"),
    "applies_to": ("Geldt voor", "Applies to"),
}


@dataclass
class CookieRow:
    name: str
    category: str
    lifetime: str
    party: str
    purpose: str


@dataclass
class RightRow:
    name: str
    text: str
    applies_to: str


@dataclass
class StatementView:
    lang: str
    title: str
    intro: str
    heading: dict[str, str]
    organisation: list[str]
    dpo: str
    activities: list[ActivityView]
    transfers: str
    automated: str
    cookies_intro: str
    cookies: list[CookieRow]
    analytics: list[str]
    rights: list[RightRow]
    exercise: list[str]
    complaint: str
    security: list[str]
    changes: str
    version: str
    notes: list[str] = field(default_factory=list)


def build_statement(register: Register, lang: str, tone: str | None = None) -> StatementView:
    voice = Voice(lang, (tone or register.statement.tone) == "formal")
    org = register.organisation
    activities = [build_activity(register, key, a, voice) for key, a in register.activities.items()]
    return StatementView(
        lang=lang,
        title=tr(register.statement.title, lang)
        or voice.say("Privacyverklaring", "Privacy statement") + f" {org.name}",
        intro=tr(register.statement.intro, lang)
        or voice.say(
            "{org} is verantwoordelijk voor de verwerking van persoonsgegevens zoals beschreven in deze "
            "privacyverklaring.",
            "{org} is responsible for processing personal data as described in this privacy statement.",
        ).replace("{org}", org.name),
        heading={key: voice.say(*pair) for key, pair in HEADINGS.items()},
        organisation=_organisation(register, voice),
        dpo=_dpo(register, voice),
        activities=activities,
        transfers=_transfer_policy(register, voice),
        automated=tr(register.statement.automated_decisions, lang),
        cookies_intro=_cookie_banner(register, voice),
        cookies=_cookies(register, voice),
        analytics=_analytics(register, voice),
        rights=_rights(register, voice),
        exercise=_exercise(register, voice),
        complaint=_complaint(register, voice),
        security=[tr(m, lang) for m in register.security],
        changes=tr(register.statement.changes, lang),
        version=_version(register, voice),
    )


def _organisation(register: Register, voice: Voice) -> list[str]:
    org = register.organisation
    lines = [org.name]
    if org.trade_names:
        lines.append(voice.say("Ook actief als: ", "Also trading as: ") + ", ".join(org.trade_names))
    for address in org.addresses:
        street = address.street or address.po_box or ""
        country = "" if address.country == "NL" else ", " + country_name(address.country, voice.lang)
        lines.append(f"{street}, {address.postcode} {address.city}{country}".strip(", "))
    lines += [value for value in (org.email, org.phone, org.website) if value]
    if org.kvk:
        lines.append(voice.say("KvK-nummer: ", "Chamber of Commerce number: ") + org.kvk)
    return lines


def _dpo(register: Register, voice: Voice) -> str:
    dpo = register.organisation.dpo
    if not dpo:
        return ""
    contact = ", ".join(v for v in (dpo.email, dpo.phone) if v)
    text = voice.say("Onze functionaris gegevensbescherming is {name}", "Our data protection officer is {name}")
    return (
        text.replace("{name}", dpo.name or "")
        + (voice.say(", bereikbaar via ", ", reachable at ") + contact if contact else "")
        + "."
    )


def _transfer_policy(register: Register, voice: Voice) -> str:
    policy = register.transfers
    if not policy:
        return ""
    parts = [tr(policy.text, voice.lang)]
    if policy.mechanisms:
        names = [words.pick(words.MECHANISMS[m.value], voice) for m in policy.mechanisms]
        parts.append(
            voice.say("Wij steunen daarbij op ", "We rely on ") + words.join(names, voice.lang, words.OR) + "."
        )
    if policy.copy_on_request:
        parts.append(
            voice.say(
                "{You} krijgt op verzoek een kopie van de waarborgen.",
                "{You} can have a copy of the safeguards on request.",
            )
        )
    return " ".join(p for p in parts if p)


def _cookie_banner(register: Register, voice: Voice) -> str:
    cookies = register.cookies
    parts = [tr(cookies.text, voice.lang)] if cookies else []
    banner = cookies.banner if cookies else None
    if banner:
        ways = {
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
        parts.append(voice.say(*ways[banner.consent_by.value]))
    return " ".join(p for p in parts if p)


def _cookies(register: Register, voice: Voice) -> list[CookieRow]:
    if not register.cookies:
        return []
    rows = []
    for cookie in register.cookies.items:
        if cookie.lifetime is None:
            lifetime = "—"
        elif cookie.lifetime == "session":
            lifetime = voice.say("tot {you} de browser sluit", "until {you} close the browser")
        else:
            lifetime = words.period(cookie.lifetime, voice.lang)  # type: ignore[arg-type]
        party = voice.say("wijzelf", "ourselves") if cookie.party == "first" else cookie.party
        rows.append(
            CookieRow(
                cookie.name,
                words.pick(words.COOKIE_CATEGORIES[cookie.category.value], voice),
                lifetime,
                party,
                tr(cookie.purpose, voice.lang),
            )
        )
    return rows


def _analytics(register: Register, voice: Voice) -> list[str]:
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
        facts = [f for f in facts if f]
        text = analytics.tool + (": " + words.join(facts, voice.lang) if facts else "")
        out.append(text + ".")
    return out


def _rights(register: Register, voice: Voice) -> list[RightRow]:
    applies: dict[Right, list[str]] = {}
    for key, activity in register.activities.items():
        for right in applicable_rights(activity):
            applies.setdefault(right, []).append(tr(activity.label, voice.lang, key))
    everywhere = voice.say("alle verwerkingen", "all processing")
    rows = []
    for right in sorted(applies, key=list(Right).index):
        titles = applies.get(right, [])
        scope = everywhere if right == Right.complaint or len(titles) == len(register.activities) else ", ".join(titles)
        rows.append(RightRow(words.right_name(right, voice), words.right_text(right, voice), scope))
    return rows


def _exercise(register: Register, voice: Voice) -> list[str]:
    requests = register.requests
    contact = requests.contact or register.organisation.privacy_contact
    channel = ", ".join(v for v in ((contact.email, contact.address, contact.phone) if contact else ()) if v) or (
        register.organisation.email or ""
    )
    lines = [voice.say("{You} stuurt een verzoek naar ", "Send {your} request to ") + channel + "."] if channel else []
    if contact and contact.name:
        lines.append(voice.say("T.a.v. ", "For the attention of ") + contact.name + ".")
    if requests.promise:
        lines.append(
            voice.say("Wij reageren binnen {p}.", "We respond within {p}.").replace(
                "{p}", words.promise(requests.promise, voice.lang)
            )
        )
    for right, promise in requests.per_right.items():
        lines.append(
            voice.say("{right}: wij reageren binnen {p}.", "{right}: we respond within {p}.")
            .replace("{right}", words.right_name(right, voice))
            .replace("{p}", words.promise(promise, voice.lang))
        )
    lines.append(
        voice.say(
            "De wet geeft ons hiervoor hooguit één maand; bij ingewikkelde verzoeken kunnen wij die termijn met twee "
            "maanden verlengen, en dan laten wij {you} dat binnen de eerste maand weten.",
            "The law gives us at most one month; for complex requests we may extend this by two months, and we then "
            "tell {you} so within the first month.",
        )
    )
    if requests.wording:
        lines.append(tr(requests.wording, voice.lang))
    if requests.identification:
        lines.append(
            tr(requests.identification.text, voice.lang) or _identification(requests.identification.method, voice)
        )
    return [line for line in lines if line]


def _identification(method: str, voice: Voice) -> str:
    ways = {
        "id_copy": (
            "Wij vragen een kopie van {your} identiteitsbewijs; maak daarop {your} pasfoto en BSN onleesbaar.",
            "We ask for a copy of {your} ID; black out {your} photo and citizen service number on it.",
        ),
        "email_link": (
            "Wij sturen een bevestigingslink naar het e-mailadres dat wij van {you} kennen.",
            "We send a confirmation link to the e-mail address we know for {you}.",
        ),
        "account": ("{You} doet het verzoek vanuit {your} account.", "{You} make the request from {your} account."),
        "in_person": ("Wij stellen {your} identiteit persoonlijk vast.", "We verify {your} identity in person."),
        "agreed_personally": (
            "Hoe wij {your} identiteit vaststellen, spreken wij persoonlijk met {you} af.",
            "We agree with {you} personally how we verify {your} identity.",
        ),
    }
    return voice.say(*ways[method])


def _complaint(register: Register, voice: Voice) -> str:
    authority = register.organisation.supervisory_authority
    text = voice.say(
        "{You} kunt een klacht indienen bij de {name} als {you} niet tevreden bent over hoe wij met "
        "{your} gegevens omgaan",
        "{You} may lodge a complaint with the {name} if {you} are not satisfied with how we handle {your} data",
    ).replace("{name}", authority.name)
    return text + (f" ({authority.url})." if authority.url else ".")


def _version(register: Register, voice: Voice) -> str:
    statement = register.statement
    parts = []
    if statement.version:
        parts.append(voice.say("Versie ", "Version ") + statement.version)
    if statement.last_amended:
        parts.append(
            voice.say("laatst gewijzigd op ", "last amended on ")
            + format_date(statement.last_amended, format="long", locale=voice.lang)
        )
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "." if text else ""


def has_third_country(register: Register) -> bool:
    return any(third_country(p.country) for p in register.processors.values())
