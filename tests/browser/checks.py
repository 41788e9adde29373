"""What every page must be, checked in the browser: as wide as the screen at most, in the asked language, with
the site header (navigation and the language switch), no English on a Dutch page, and no serious axe finding."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import serious_violations
from tests.browser.english import english_on

WIDTHS = """() => {
  const room = window.innerWidth;
  const tables = [...document.querySelectorAll("table")]
    .map((table) => ({right: Math.ceil(table.getBoundingClientRect().right),
                      first: (table.querySelector("th, td")?.innerText || "").trim().slice(0, 30)}))
    .filter((table) => table.right > room);
  return {room, page: document.documentElement.scrollWidth, tables};
}"""

HEADER = """(other) => {
  const header = document.querySelector("header, [role=banner]");
  if (!header) return "no site header";
  const nav = header.querySelector("nav, [role=navigation]");
  if (!nav || !nav.querySelector("a[href]")) return "no navigation in the header";
  const switches = [...header.querySelectorAll("a[href]")].some((link) =>
    link.getAttribute("hreflang") === other || new URL(link.href).searchParams.get("lang") === other);
  return switches ? "" : `no switch to '${other}' in the header`;
}"""


def too_wide(page: Any) -> list[str]:
    """The page scrolls sideways, or a table reaches past the screen's right edge."""
    measured = page.evaluate(WIDTHS)
    room = measured["room"]
    found = [f"the page is {measured['page']} px wide on a {room} px screen"] if measured["page"] > room else []
    found += [f"a table ('{t['first']}...') ends at {t['right']} px on a {room} px screen" for t in measured["tables"]]
    return found


def header_problem(page: Any, lang: str) -> str:
    return str(page.evaluate(HEADER, "en" if lang == "nl" else "nl"))


def problems(page: Any, lang: str, banned: frozenset[str], quoted: tuple[str, ...] = ()) -> dict[str, Any]:
    """Everything wrong with the page as it is shown now, by check (empty when nothing is)."""
    found: dict[str, Any] = {}
    shown = page.locator("html").get_attribute("lang")
    if shown != lang:
        found["language"] = f"the page says lang={shown!r}, asked for {lang!r}"
    if wide := too_wide(page):
        found["width"] = wide
    if missing := header_problem(page, lang):
        found["header"] = missing
    if lang == "nl" and (english := english_on(page.evaluate("document.body.innerText"), banned, quoted)):
        found["english"] = english
    if axe := serious_violations(page):
        found["axe"] = axe
    return found
