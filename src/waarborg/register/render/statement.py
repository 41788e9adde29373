"""The whole privacy statement as plain-word parts, ready for a template (HTML, Markdown) to lay out."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.dates import format_date

from waarborg.register.lint.facts import rights_view, third_country
from waarborg.register.render import website, words
from waarborg.register.render.activity import ActivityView, build_activity, country_name
from waarborg.register.render.table import Table
from waarborg.register.render.words import Voice, upper_first
from waarborg.register.schema import Register
from waarborg.register.types import Right

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
    "retention_exception": ("Uitzondering op de bewaartermijnen", "Exception to the retention periods"),
    "embeds": ("Inhoud van anderen op onze website", "Content from others on our website"),
    "embed_consent": ("Toestemming", "Consent"),
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
class StatementView:
    lang: str
    title: str
    intro: str
    heading: dict[str, str]
    organisation: list[str]
    dpo: str
    activities: list[ActivityView]
    retention_exception: str
    transfers: str
    automated: str
    cookies_intro: str
    cookies: Table
    embeds: Table
    analytics: list[str]
    rights: Table
    exercise: list[str]
    complaint: list[str]
    security: list[str]
    changes: str
    version: str
    notes: list[str] = field(default_factory=list)


def build_statement(register: Register, lang: str, tone: str | None = None, draft: bool = False) -> StatementView:
    voice = Voice(lang, (tone or register.statement.tone) == "formal", draft)
    org = register.organisation
    activities = [build_activity(register, key, a, voice) for key, a in register.activities.items()]
    heading = {key: voice.say(*pair) for key, pair in HEADINGS.items()}
    return StatementView(
        lang=lang,
        title=voice.text(register.statement.title) or say("title", voice, org=org.name),
        intro=voice.text(register.statement.intro) or say("intro", voice, org=org.name),
        heading=heading,
        organisation=_organisation(register, voice),
        dpo=voice.shown(org.dpo, _dpo(register, voice)),
        activities=activities,
        retention_exception=voice.shown(
            register.statement, voice.text(register.statement.retention_exception), "retention_exception"
        ),
        transfers=_transfer_policy(register, voice),
        automated=voice.shown(
            register.statement, voice.text(register.statement.automated_decisions), "automated_decisions"
        ),
        cookies_intro=website.cookie_banner(register, voice),
        cookies=website.cookies(register, voice, heading),
        embeds=website.embeds(register, voice, heading),
        analytics=website.analytics(register, voice),
        rights=_rights(register, voice),
        exercise=_exercise(register, voice),
        complaint=_complaint(register, voice),
        security=[voice.text(m) for m in register.security],
        changes=voice.shown(register.statement, voice.text(register.statement.changes), "changes"),
        version=_version(register, voice),
    )


SENTENCES: dict[str, tuple[str, str]] = {
    "title": ("Privacyverklaring {org}", "Privacy statement {org}"),
    "intro": ("{org} is verantwoordelijk voor de verwerking van persoonsgegevens zoals beschreven in deze "
              "privacyverklaring.",
              "{org} is responsible for processing personal data as described in this privacy statement."),
    "trade_names": ("Ook actief als: {names}", "Also trading as: {names}"),
    "kvk": ("KvK-nummer: {kvk}", "Chamber of Commerce number: {kvk}"),
    "dpo": ("Onze functionaris gegevensbescherming is {name}.", "Our data protection officer is {name}."),
    "dpo_contact": ("Onze functionaris gegevensbescherming is {name}, bereikbaar via {contact}.",
                    "Our data protection officer is {name}, reachable at {contact}."),
    "dpo_unnamed": ("{You} bereikt onze functionaris gegevensbescherming via {contact}.",
                    "{You} can reach our data protection officer at {contact}."),
    "mechanisms": ("Wij steunen daarbij op {mechanisms}.", "We rely on {mechanisms}."),
    "copy": ("{You} krijgt op verzoek een kopie van de waarborgen.",
             "{You} can have a copy of the safeguards on request."),
    "send": ("{You} kunt {your} verzoek {ways} sturen.", "{You} can send {your} request {ways}."),
    "send_email": ("per e-mail naar {email}", "by e-mail to {email}"),
    "send_post": ("per post naar {address}", "by post to {address}"),
    "call": ("{You} kunt ons ook bellen: {phone}.", "{You} can also call us on {phone}."),
    "call_only": ("{You} kunt {your} verzoek telefonisch doen: {phone}.",
                  "{You} can make {your} request by phone: {phone}."),
    "attention": ("T.a.v. {name}.", "For the attention of {name}."),
    "promise": ("Wij reageren binnen {promise}.", "We respond within {promise}."),
    "promise_right": ("{right}: wij reageren binnen {promise}.", "{right}: we respond within {promise}."),
    "law_month": ("De wet geeft ons hiervoor hooguit één maand; bij ingewikkelde verzoeken kunnen wij die termijn "
                  "met twee maanden verlengen, en dan laten wij {you} dat binnen de eerste maand weten.",
                  "The law gives us at most one month; for complex requests we may extend this by two months, and "
                  "we then tell {you} so within the first month."),
    "authority": ("{You} kunt een klacht indienen bij de {name} als {you} niet tevreden bent over hoe wij met "
                  "{your} gegevens omgaan",
                  "{You} may lodge a complaint with the {name} if {you} are not satisfied with how we handle "
                  "{your} data"),
    "authority_also": ("Komen wij er samen niet uit? {You} kunt dan ook een klacht indienen bij de {name}",
                       "If we cannot resolve it together, {you} may also lodge a complaint with the {name}"),
    "version": ("Versie {version}", "Version {version}"),
    "amended": ("laatst gewijzigd op {date}", "last amended on {date}"),
    "everywhere": ("alle verwerkingen", "all processing"),
}  # fmt: skip
"""The statement's own sentence templates (docs/publishing.md lists them with examples)."""


def say(key: str, voice: Voice, **fill: str) -> str:
    return voice.sentence(SENTENCES[key], **fill)


def _organisation(register: Register, voice: Voice) -> list[str]:
    org = register.organisation
    lines = [org.name]
    if org.trade_names:
        lines.append(voice.shown(org, say("trade_names", voice, names=", ".join(org.trade_names)), "trade_names"))
    for address in org.addresses:
        street = address.street or address.po_box or ""
        country = "" if address.country == "NL" else ", " + country_name(address.country, voice.lang)
        lines.append(voice.shown(address, f"{street}, {address.postcode} {address.city}{country}".strip(", ")))
    lines += [voice.shown(org, getattr(org, name) or "", name) for name in ("email", "phone", "website")]
    if org.kvk:
        lines.append(voice.shown(org, say("kvk", voice, kvk=org.kvk), "kvk"))
    return [line for line in lines if line]


def _dpo(register: Register, voice: Voice) -> str:
    dpo = register.organisation.dpo
    if not dpo:
        return ""
    name = voice.shown(dpo, dpo.name or "", "name")
    contact = ", ".join(
        v for v in (voice.shown(dpo, dpo.email or "", "email"), voice.shown(dpo, dpo.phone or "", "phone")) if v
    )
    if name and contact:
        return say("dpo_contact", voice, name=name, contact=contact)
    if contact:
        return say("dpo_unnamed", voice, contact=contact)
    return say("dpo", voice, name=name) if name else ""


def _transfer_policy(register: Register, voice: Voice) -> str:
    policy = register.transfers
    if not policy:
        return ""
    parts = [voice.text(policy.text)]
    if policy.mechanisms:
        names = [words.pick(words.MECHANISMS[m.value], voice) for m in policy.mechanisms]
        parts.append(
            voice.shown(
                policy, say("mechanisms", voice, mechanisms=words.join(names, voice.lang, words.OR)), "mechanisms"
            )
        )
    if policy.copy_on_request:
        parts.append(voice.shown(policy, say("copy", voice), "copy_on_request"))
    return voice.shown(policy, " ".join(p for p in parts if p))


def _rights(register: Register, voice: Voice) -> Table:
    """The rights published for some activity: promised there and given by law (facts.rights_view)."""
    applies: dict[Right, list[str]] = {}
    for key, activity in register.activities.items():
        for right in rights_view(register, activity).published:
            applies.setdefault(right, []).append(voice.text(activity.label, key))
    everywhere = say("everywhere", voice)
    rows = []
    for right in sorted(applies, key=list(Right).index):
        titles = applies[right]
        scope = everywhere if right == Right.complaint or len(titles) == len(register.activities) else ", ".join(titles)
        rows.append([words.right_name(right, voice), words.right_text(right, voice), scope])
    headers = [voice.say(*HEADINGS[k]) for k in ("right", "meaning", "applies_to")]
    return Table.of(headers, rows)


def _exercise(register: Register, voice: Voice) -> list[str]:
    requests = register.requests
    lines = [voice.shown(requests, voice.text(requests.self_service), "self_service")]
    contact = requests.contact or register.organisation.privacy_contact
    lines.append(_channels(register, voice))
    if contact and contact.name:
        lines.append(voice.shown(contact, say("attention", voice, name=contact.name), "name"))
    if requests.promise:
        lines.append(
            voice.shown(requests, say("promise", voice, promise=words.promise(requests.promise, voice.lang)), "promise")
        )
    for right, promise in requests.per_right.items():
        text = say(
            "promise_right", voice, right=words.right_name(right, voice), promise=words.promise(promise, voice.lang)
        )
        lines.append(voice.shown(requests, text, "per_right"))
    lines.append(say("law_month", voice))
    lines.append(voice.shown(requests, voice.text(requests.wording), "wording"))
    if requests.identification:
        identification = requests.identification
        text = voice.own(identification.text) or voice.shown(
            identification, _identification(identification.method, voice), "method"
        )
        lines.append(voice.shown(identification, text))
    return [line for line in lines if line]


def _channels(register: Register, voice: Voice) -> str:
    """Where a request goes, by kind: e-mail and post are where one sends it; a phone number one calls."""
    contact = register.requests.contact or register.organisation.privacy_contact
    org = register.organisation
    email = voice.shown(contact, contact.email or "", "email") if contact else ""
    address = voice.shown(contact, contact.address or "", "address") if contact else ""
    phone = voice.shown(contact, contact.phone or "", "phone") if contact else ""
    if not (email or address or phone):
        email = voice.shown(org, org.email or "", "email")
    ways = [
        say("send_email", voice, email=email) if email else "",
        say("send_post", voice, address=address) if address else "",
    ]
    ways = [w for w in ways if w]
    if not ways:
        return say("call_only", voice, phone=phone) if phone else ""
    sentence = say("send", voice, ways=words.join(ways, voice.lang, words.OR))
    return sentence + (" " + say("call", voice, phone=phone) if phone else "")


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


def _complaint(register: Register, voice: Voice) -> list[str]:
    """The organisation's own complaint route first, then the supervisory authority (Art 13(2)(d), 77)."""
    authority = register.organisation.supervisory_authority
    own = voice.shown(register.statement, voice.text(register.statement.complaints), "complaints")
    text = say("authority_also" if own else "authority", voice, name=authority.name)
    text += f" ({authority.url})." if authority.url else "."
    return [line for line in (own, text) if line]


def _version(register: Register, voice: Voice) -> str:
    statement = register.statement
    parts = []
    if statement.version:
        parts.append(voice.shown(statement, say("version", voice, version=statement.version), "version"))
    if statement.last_amended:
        date = format_date(statement.last_amended, format="long", locale=voice.lang)
        parts.append(voice.shown(statement, say("amended", voice, date=date), "last_amended"))
    text = ", ".join(p for p in parts if p)
    return upper_first(text) + "." if text else ""


def has_third_country(register: Register) -> bool:
    return any(third_country(p.country) for p in register.processors.values())
