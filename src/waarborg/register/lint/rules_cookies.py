"""Rules on cookies and analytics (Telecommunicatiewet 11.7a; Planet49; EDPB Guidelines 05/2020)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, rule
from waarborg.register.schema import Analytics, Register
from waarborg.register.types import ConsentBy, CookieCategory

NEEDS_CONSENT = {CookieCategory.marketing, CookieCategory.social}


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
            yield Hit(("cookies", "items", i), {"cookie": cookie.name, "category": cookie.category.value})


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
