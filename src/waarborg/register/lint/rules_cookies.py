"""Rules on cookies and analytics (Telecommunicatiewet 11.7a; Planet49; EDPB Guidelines 05/2020)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, rule
from waarborg.register.lint.facts import party
from waarborg.register.lint.wording import cookie_category, embed_kind
from waarborg.register.schema import Analytics, Embed, Recipient, Register
from waarborg.register.source import Path
from waarborg.register.types import ConsentBy, CookieCategory

NEEDS_CONSENT = {CookieCategory.marketing, CookieCategory.social}
GOOGLE_ANALYTICS = re.compile(r"google[\s-]*analytics|universal analytics|\bGA4?\b", re.IGNORECASE)
"""The AP's privacy-friendly checklist is written for Google Analytics; other tools are not judged by it."""
KNOWN_TRACKERS = re.compile(
    r"facebook|\bmeta\b|instagram|linkedin|google|doubleclick|youtube|vimeo|hotjar|tiktok|twitter|pinterest"
    r"|\bbing\b|clarity|hubspot|snapchat|criteo|adform|taboola|outbrain",
    re.IGNORECASE,
)
"""Third parties whose cookies and embeds pass the visit on: they are recipients to declare."""
TRACKING_EMBEDS = frozenset({"pixel", "social_plugin", "video", "map"})
"""Embed kinds that set or read cookies for their own purposes: never strictly necessary."""
JOINT_EMBEDS = frozenset({"pixel", "social_plugin"})
"""Embeds that collect and transmit the visit for the other party: joint control (C-40/17 Fashion ID)."""


def _privacy_friendly(analytics: Analytics) -> list[tuple[str, str]]:
    """What keeps this analytics set-up from being exempt from consent, in (nl, en) (empty: it is exempt)."""
    return [
        problem
        for problem, present in (
            (("IP-adressen niet gemaskeerd", "no IP masking"), not analytics.ip_masking),
            (("gegevens delen staat aan", "data sharing on"), analytics.data_sharing),
            (("geen verwerkersovereenkomst", "no processor agreement"), not analytics.processor_agreement),
            (("advertentiefuncties aan", "advertising features on"), analytics.advertising_features),
            (("User-ID aan", "User-ID on"), analytics.user_id),
        )
        if present
    ]


def is_google_analytics(register: Register, analytics: Analytics) -> bool:
    processor = register.processors.get(analytics.processor or "")
    names = [analytics.tool, processor.name if processor else ""]
    return any(GOOGLE_ANALYTICS.search(name) for name in names)


def _both(parts: list[tuple[str, str]], joiner: tuple[str, str] = (", ", ", ")) -> dict[str, str]:
    return {"nl": joiner[0].join(p[0] for p in parts), "en": joiner[1].join(p[1] for p in parts)}


@rule(
    "WB028",
    "error",
    "Cookie consent by continuing to browse or closing a notice",
    source="Telecommunicatiewet 11.7a; CJEU C-673/17 Planet49; EDPB Guidelines 05/2020",
    nl="Doorsurfen of een melding sluiten is geen toestemming voor cookies; vraag een actieve keuze.",
    en="Continuing to browse or closing a notice is not consent to cookies; ask for an active choice.",
)
def browse_consent(register: Register) -> Iterator[Hit]:
    banner = register.cookies.banner if register.cookies else None
    if banner and banner.consent_by in (ConsentBy.continue_browsing, ConsentBy.close_notice):
        yield Hit(("cookies", "banner", "consent_by"))


@rule(
    "WB029",
    "error",
    "Cookie wall",
    source="EDPB Guidelines 05/2020 on consent, §39-41",
    nl="Een cookiewall maakt toestemming niet vrij gegeven.",
    en="A cookie wall means consent is not freely given.",
)
def cookie_wall(register: Register) -> Iterator[Hit]:
    banner = register.cookies.banner if register.cookies else None
    if banner and banner.cookie_wall:
        yield Hit(("cookies", "banner", "cookie_wall"))


@rule(
    "WB030",
    "error",
    "Pre-ticked cookie choices",
    source="CJEU C-673/17 Planet49",
    nl="Vooraf aangevinkte cookiekeuzes zijn geen toestemming.",
    en="Pre-ticked cookie choices are not consent.",
)
def pre_ticked_cookies(register: Register) -> Iterator[Hit]:
    banner = register.cookies.banner if register.cookies else None
    if banner and banner.pre_ticked:
        yield Hit(("cookies", "banner", "pre_ticked"))


@rule(
    "WB031",
    "error",
    "Tracking cookies without prior consent",
    source="Telecommunicatiewet 11.7a",
    nl="Cookie '{cookie}' ({category}) vraagt vooraf toestemming, maar er is geen opt-in-banner.",
    en="Cookie '{cookie}' ({category}) needs prior consent, but there is no opt-in banner.",
)
def tracking_without_opt_in(register: Register) -> Iterator[Hit]:
    cookies = register.cookies
    if not cookies or (cookies.banner and cookies.banner.consent_by == ConsentBy.opt_in):
        return
    for i, cookie in enumerate(cookies.items):
        if cookie.category in NEEDS_CONSENT:
            yield Hit(("cookies", "items", i), {"cookie": cookie.name, "category": cookie_category(cookie.category)})


@rule(
    "WB032",
    "error",
    "Analytics without consent that is not set up privacy-friendly",
    source="Telecommunicatiewet 11.7a; Autoriteit Persoonsgegevens, Google Analytics handleiding",
    nl="{tool} draait zonder toestemming maar is niet privacyvriendelijk ingesteld: {problems}.",
    en="{tool} runs without consent but is not set up privacy-friendly: {problems}.",
)
def analytics_settings(register: Register) -> Iterator[Hit]:
    for i, analytics in enumerate(register.cookies.analytics if register.cookies else []):
        if not is_google_analytics(register, analytics):
            continue
        problems = _privacy_friendly(analytics)
        if not analytics.consent and problems:
            yield Hit(("cookies", "analytics", i), {"tool": analytics.tool, "problems": _both(problems)})


@rule(
    "WB033",
    "warning",
    "Cookie table incomplete",
    source="Telecommunicatiewet 11.7a(1)(a); Art 13 AVG",
    nl="Cookie '{cookie}' mist {missing} in de cookietabel.",
    en="Cookie '{cookie}' lacks {missing} in the cookie table.",
)
def cookie_table(register: Register) -> Iterator[Hit]:
    for i, cookie in enumerate(register.cookies.items if register.cookies else []):
        missing = [
            what
            for what, absent in (
                (("een bewaarduur", "a lifetime"), cookie.lifetime is None),
                (("een doel", "a purpose"), cookie.purpose is None),
            )
            if absent
        ]
        if missing:
            yield Hit(("cookies", "items", i), {"cookie": cookie.name, "missing": _both(missing, (" en ", " and "))})


def _embeds(register: Register) -> Iterator[tuple[Path, Embed]]:
    for i, embed in enumerate(register.cookies.embeds if register.cookies else []):
        yield ("cookies", "embeds", i), embed


def _recipient_path(register: Register, key: str) -> Path:
    return ("recipients" if key in register.recipients else "processors", key)


@rule(
    "WB065",
    "warning",
    "A pixel or social plugin whose party is not a joint controller",
    source="Art 26 AVG; CJEU C-40/17 Fashion ID; C-210/16 Wirtschaftsakademie",
    nl="'{embed}' ({kind}) stuurt bezoekersgegevens naar '{party}'. Voor het verzamelen en doorgeven ben je "
    "samen met die partij verantwoordelijk (Fashion ID): maak '{party}' een joint_controller, sluit de "
    "regeling uit art 26 (bij een bedrijfspagina: Wirtschaftsakademie) en zeg in de verklaring wat erin staat.",
    en="'{embed}' ({kind}) sends visitor data to '{party}'. For the collection and transmission you are a joint "
    "controller with that party (Fashion ID): make '{party}' a joint_controller, make the Art 26 arrangement "
    "(for a company page: Wirtschaftsakademie) and say in the statement what it holds.",
)
def embed_joint_control(register: Register) -> Iterator[Hit]:
    for path, embed in _embeds(register):
        receiver = party(register, embed.recipient)
        if embed.kind in JOINT_EMBEDS and receiver is not None and not _joint(receiver):
            yield Hit(
                (*path, "recipient"),
                {"embed": embed.name, "kind": embed_kind(embed.kind), "party": embed.recipient},
                rests_on=((*_recipient_path(register, embed.recipient), "kind"),),
            )


def _joint(receiver: object) -> bool:
    return isinstance(receiver, Recipient) and receiver.kind == "joint_controller"


@rule(
    "WB066",
    "info",
    "Joint controller without the essence of the arrangement",
    source="Art 26(1)-(2) AVG; CJEU C-210/16 Wirtschaftsakademie",
    nl="'{party}' is gezamenlijk verwerkingsverantwoordelijke, maar de verklaring zegt niet wat de regeling "
    "inhoudt: wie informeert, bij wie mensen hun rechten uitoefenen (text).",
    en="'{party}' is a joint controller, but the statement does not give the essence of the arrangement: who "
    "informs people and where they exercise their rights (text).",
)
def joint_arrangement(register: Register) -> Iterator[Hit]:
    for key, recipient in register.recipients.items():
        if recipient.kind == "joint_controller" and not recipient.text:
            yield Hit(("recipients", key, "kind"), {"party": key})


@rule(
    "WB067",
    "error",
    "Embed loaded without consent",
    source="Telecommunicatiewet 11.7a; CJEU C-673/17 Planet49",
    nl="'{embed}' ({kind}) laadt zonder toestemming en stuurt het bezoek naar '{party}'; dat is niet strikt "
    "noodzakelijk. Laad het pas na toestemming (bijv. een klik-om-te-laden-blok) en zet consent: true.",
    en="'{embed}' ({kind}) loads without consent and passes the visit to '{party}'; that is not strictly "
    "necessary. Load it only after consent (e.g. a click-to-load placeholder) and set consent: true.",
)
def embed_without_consent(register: Register) -> Iterator[Hit]:
    for path, embed in _embeds(register):
        if embed.kind in TRACKING_EMBEDS and not embed.consent:
            yield Hit(path, {"embed": embed.name, "kind": embed_kind(embed.kind), "party": embed.recipient})


@rule(
    "WB068",
    "info",
    "A tracker's cookie without its recipient",
    source="Art 13(1)(e), 13(1)(f) AVG; Telecommunicatiewet 11.7a",
    nl="Cookie '{cookie}' is van '{party}', die het bezoek ontvangt. Noem die partij met recipient (een sleutel "
    "onder recipients of processors, met land en doorgifte){hint}.",
    en="Cookie '{cookie}' belongs to '{party}', which receives the visit. Name that party with recipient (a key "
    "under recipients or processors, with its country and transfer){hint}.",
)
def tracker_without_recipient(register: Register) -> Iterator[Hit]:
    for i, cookie in enumerate(register.cookies.items if register.cookies else []):
        tracker = KNOWN_TRACKERS.search(cookie.party)
        if cookie.party != "first" and cookie.recipient is None and tracker:
            yield Hit(
                ("cookies", "items", i, "party"),
                {"cookie": cookie.name, "party": cookie.party, "hint": _declared_as(register, tracker.group(0))},
            )


def _declared_as(register: Register, tracker: str) -> dict[str, str] | str:
    """A hint naming the declared party the tracker's cookie probably belongs to ('' when none)."""
    names = {key: p.name for key, p in register.processors.items()}
    names |= {key: " ".join(r.name.values()) for key, r in register.recipients.items()}
    for key, name in names.items():
        if tracker.casefold() in f"{key} {name}".casefold():
            return {"nl": f"; misschien '{key}', dat al is vastgelegd", "en": f"; perhaps '{key}', already declared"}
    return ""
