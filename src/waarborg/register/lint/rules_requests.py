"""Rules on how requests are answered: the promised response time and how people identify (Art 12 AVG)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.core.periods import Promise
from waarborg.register.lint.engine import Hit, rule
from waarborg.register.lint.wording import ID_PARTS, listed, promise_words
from waarborg.register.schema import Register
from waarborg.register.source import Path

LEGAL_MONTH_MIN_DAYS = 28  # February: the shortest legal month
LEGAL_MONTH_MAX_DAYS = 31  # a promise longer than every month is longer than the law


def _promises(register: Register) -> Iterator[tuple[Path, Promise]]:
    if register.requests.promise:
        yield ("requests", "promise"), register.requests.promise
    for right, promise in register.requests.per_right.items():
        yield ("requests", "per_right", right.value), promise


@rule(
    "WB034",
    "error",
    "Promised response time longer than the law allows",
    source="Art 12(3) AVG",
    nl="De beloofde termijn '{promise}' is langer dan de wettelijke maand; dat mag niet. Beloof 'één maand' of korter.",
    en="The promised response time '{promise}' is longer than the legal one month; that is not allowed. "
    "Promise 'one month' or less.",
)
def promise_too_long(register: Register) -> Iterator[Hit]:
    for path, promise in _promises(register):
        if promise.min_days() > LEGAL_MONTH_MAX_DAYS:
            yield Hit(path, {"promise": promise_words(promise)})


@rule(
    "WB076",
    "info",
    "Promised response time can run past a short month",
    source="Art 12(3) AVG; Regulation 1182/71 (counting a month)",
    nl="'{promise}' valt meestal binnen de wettelijke maand, maar niet elke maand is even lang: bij een verzoek "
    "eind januari eindigt de maand eerder. De kortste van beide termijnen geldt; 'één maand' of '4 weken' "
    "zegt hetzelfde zonder uitzondering.",
    en="'{promise}' is within the legal month in most cases, but months differ: for a request at the end of "
    "January the month ends sooner. The shorter of the two applies; 'one month' or '4 weeks' says the same "
    "without an exception.",
)
def promise_past_short_month(register: Register) -> Iterator[Hit]:
    for path, promise in _promises(register):
        if LEGAL_MONTH_MIN_DAYS < promise.min_days() <= LEGAL_MONTH_MAX_DAYS:
            yield Hit(path, {"promise": promise_words(promise)})


@rule(
    "WB035",
    "info",
    "No response time stated",
    source="Art 12(3) AVG",
    nl="Het register noemt geen reactietermijn voor verzoeken; dan geldt één maand.",
    en="The register states no response time for requests; one month then applies.",
)
def no_promise(register: Register) -> Iterator[Hit]:
    if not register.requests.promise and not register.requests.per_right:
        yield Hit(("requests",))


@rule(
    "WB047",
    "warning",
    "ID copy without masking photo and BSN",
    source="Art 12(6) AVG; Autoriteit Persoonsgegevens, kopie identiteitsbewijs",
    nl="Wie een kopie identiteitsbewijs vraagt, moet laten afschermen: {missing}.",
    en="Whoever asks for an ID copy must have these masked: {missing}.",
)
def id_copy_masking(register: Register) -> Iterator[Hit]:
    identification = register.requests.identification
    if identification and identification.method == "id_copy":
        missing = [part for part in ("photo", "bsn") if part not in identification.masked]
        if missing:
            yield Hit(("requests", "identification"), {"missing": listed(ID_PARTS, missing)})


@rule(
    "WB048",
    "info",
    "ID copy as the standard way to identify",
    source="Art 12(6) AVG; Autoriteit Persoonsgegevens",
    nl="Een kopie identiteitsbewijs mag alleen als het niet anders kan; bij twijfel eerst een lichter middel "
    "(bijv. een bevestigingslink naar het bekende e-mailadres).",
    en="An ID copy is allowed only where unavoidable; try a lighter means first (e.g. a confirmation link "
    "to the e-mail address already known).",
)
def id_copy_default(register: Register) -> Iterator[Hit]:
    identification = register.requests.identification
    if identification and identification.method == "id_copy":
        yield Hit(("requests", "identification", "method"))
