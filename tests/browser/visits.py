"""The site's pages, and how a visitor reaches each one: a path, or the steps that lead there (a form's answer,
a link on another page). Shared by the page tour (test_every_page) and the screenshots (test_screenshots)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.browser.conftest import PHONE, Tour

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


def first_scan(page: Any, tour: Tour, lang: str) -> None:
    """The list of scans links each system's newest scan to its report; open the first."""
    go(page, tour, "/office/discovery", lang)
    link = page.locator("main a[href^='/office/discovery/']")
    assert link.count() > 0, "the scan list links to no report (/office/discovery/{id})"
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
    "discovery": at("/office/discovery", "officer"),
    "discovery-report": Visit("officer", first_scan),
    "instructor-search": at(lambda tour: f"/office/subjects?email={tour.seeded.people['an']}", "instructor"),
}
