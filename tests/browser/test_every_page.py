"""Every page, at phone and desktop size, in Dutch and English: no sideways scrolling and no table wider than the
screen, the site header with navigation and the language switch, no English word on a Dutch page, and no
serious or critical axe finding. One server and one browser for the module; each visitor signs in once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.checks import problems
from tests.browser.conftest import PHONE, Tour
from tests.browser.english import banned, register_texts

Dutch = tuple[frozenset[str], tuple[str, ...]]
SIZES = {"phone": PHONE, "desktop": {"width": 1280, "height": 800}}
LANGS = ("nl", "en")
UNKNOWN = "iemand@example.nl"  # the "check your mailbox" answer is the same for any address


def go(page: Any, tour: Tour, path: str, lang: str) -> None:
    joiner = "&" if "?" in path else "?"
    response = page.goto(f"{tour.url}{path}{joiner}lang={lang}")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '-'}"


@dataclass(frozen=True)
class Visit:
    who: str  # whose cookies: anyone, person, officer, instructor (see the ``sessions`` fixture)
    open: Callable[[Any, Tour, str], None]


def at(path: str | Callable[[Tour], str], who: str = "anyone") -> Visit:
    def open_page(page: Any, tour: Tour, lang: str) -> None:
        go(page, tour, path(tour) if callable(path) else path, lang)

    return Visit(who, open_page)


def mailbox_answer(page: Any, tour: Tour, lang: str) -> None:
    tour.forget_attempts()
    go(page, tour, "/portal", lang)
    page.locator("form[action='/portal'] input[type=email]").fill(UNKNOWN)
    with page.expect_navigation():
        page.locator("form[action='/portal'] [type=submit]").click()


def cookie_banner(page: Any, tour: Tour, lang: str) -> None:
    go(page, tour, "/demo/cookies", lang)
    page.locator("#waarborg-banner button").first.wait_for()


def first_breach(page: Any, tour: Tour, lang: str) -> None:
    """The breach list links each breach to its own page; open the first."""
    go(page, tour, "/office/breaches", lang)
    link = page.locator("main a[href^='/office/breaches/']")
    assert link.count() > 0, "the breach list links to no breach page (/office/breaches/{id})"
    with page.expect_navigation():
        link.first.click()


PAGES = {
    "landing": at("/"),
    "statement": at("/privacy"),
    "portal": at("/portal"),
    "mailbox": Visit("anyone", mailbox_answer),
    "my-data": at("/portal/data", "person"),
    "request-confirmation": at(lambda tour: tour.confirmation),
    "unsubscribe": at(lambda tour: tour.unsubscribe),
    "cookie-banner": Visit("anyone", cookie_banner),
    "office-login": at("/office/login"),
    "queue": at("/office", "officer"),
    "request": at(lambda tour: f"/office/requests/{tour.seeded.requests['open']}", "officer"),
    "person-search": at(lambda tour: f"/office/subjects?email={tour.seeded.people['an']}", "officer"),
    "register": at("/office/register", "officer"),
    "forecast": at("/office/forecast", "officer"),
    "breaches": at("/office/breaches", "officer"),
    "breach": Visit("officer", first_breach),
    "audit": at("/office/audit", "officer"),
    "instructor-search": at(lambda tour: f"/office/subjects?email={tour.seeded.people['an']}", "instructor"),
}


@pytest.fixture(scope="module")
def english(tour: Tour) -> Dutch:
    """The words a Dutch page may not show, and the register's texts it may quote."""
    return banned(tour.vault.register), register_texts(tour.vault.register)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_speaks_the_language_and_passes_axe(
    name: str, size: str, lang: str, browser: Any, tour: Tour, sessions: dict[str, Any], english: Dutch
) -> None:
    visit = PAGES[name]
    context = browser.new_context(viewport=SIZES[size], storage_state=sessions[visit.who])
    try:
        page = context.new_page()
        visit.open(page, tour, lang)
        found = problems(page, lang, *english)
    finally:
        context.close()
    assert not found, f"{name} at {size} size in {lang}: {found}"
