"""What every page must be, checked in the browser: as wide as the screen at most, tables readable (headers
beside each other, or each value with its label), in the asked language, with the site header (navigation and
the language switch), on a Dutch page no English and one form of address (the register's tone), and no serious
axe finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.browser.conftest import serious_violations
from tests.browser.english import banned, english_on, register_texts
from waarborg.register.schema import Register

# The words of the other form of address: a formal page ("u") may not say "je", an informal one not "u".
OTHER_TONE = {"formal": ("je", "jij", "jou", "jouw", "jezelf"), "informal": ("u", "uw", "uzelf")}

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


TABLES = """() => {
  const shown = (element) => {
    const box = element.getBoundingClientRect(), style = getComputedStyle(element);
    const drawn = style.display !== "none" && style.visibility !== "hidden";
    return drawn && box.width > 1 && box.height > 1 && box.right > 0;  // not hidden, nor moved off the screen
  };
  const labelled = (cell) => !["none", "normal", '""', ""].includes(getComputedStyle(cell, "::before").content);
  const unreadable = [];
  for (const table of document.querySelectorAll("table")) {
    const first = table.rows[0];
    if (!first || first.cells.length < 2 || [...first.cells].some((cell) => cell.tagName !== "TH")) continue;
    const heads = [...first.cells], visible = heads.filter(shown);
    const tops = new Set(visible.map((head) => Math.round(head.getBoundingClientRect().top)));
    if (visible.length === heads.length && tops.size === 1) continue;  // the headers side by side
    const values = [...table.querySelectorAll("td")].filter(shown);
    if (visible.length === 0 && values.every(labelled)) continue;  // cards: each value shows its own label
    unreadable.push(heads.map((head) => head.innerText.trim()).join(" | ").slice(0, 60));
  }
  return unreadable;
}"""


@dataclass(frozen=True)
class Reader:
    """What a Dutch reader of this register may not meet: English words, and the other form of address; the
    register's own texts (which pages quote) are left out of both."""

    banned: frozenset[str]
    quoted: tuple[str, ...]
    tone: str

    @classmethod
    def of(cls, register: Register) -> Reader:
        return cls(banned(register), register_texts(register), register.statement.tone)

    def wrong_tone(self, text: str) -> list[str]:
        text = " ".join(text.split())
        for sentence in self.quoted:
            text = text.replace(sentence, " ")
        words = OTHER_TONE[self.tone]
        return sorted({m.group().lower() for m in re.finditer(r"[\w'’-]+", text) if m.group().lower() in words})


PROSE = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll("code").forEach((code) => code.replaceWith(" "));
    document.documentElement.appendChild(body);  // innerText needs the copy laid out
    body.style.position = "absolute"; body.style.left = "-99999px";
    const text = body.innerText;
    body.remove();
    return text;
}"""
"""The page's prose: its text without what stands in <code>, which is an identifier shown as it is (a username,
a scanned system's column name, a taxonomy key), data like an e-mail address, not words of the page."""


def unreadable_tables(page: Any) -> list[str]:
    """Tables whose column headers stand apart from their values (one above the other on a phone), by header."""
    return [f"a table's headers ({heads}) stand in a column apart from its values" for heads in page.evaluate(TABLES)]


def too_wide(page: Any) -> list[str]:
    """The page scrolls sideways, or a table reaches past the screen's right edge."""
    measured = page.evaluate(WIDTHS)
    room = measured["room"]
    found = [f"the page is {measured['page']} px wide on a {room} px screen"] if measured["page"] > room else []
    found += [f"a table ('{t['first']}...') ends at {t['right']} px on a {room} px screen" for t in measured["tables"]]
    return found


def header_problem(page: Any, lang: str) -> str:
    return str(page.evaluate(HEADER, "en" if lang == "nl" else "nl"))


def problems(page: Any, lang: str, reader: Reader) -> dict[str, Any]:
    """Everything wrong with the page as it is shown now, by check (empty when nothing is)."""
    found: dict[str, Any] = {}
    shown = page.locator("html").get_attribute("lang")
    if shown != lang:
        found["language"] = f"the page says lang={shown!r}, asked for {lang!r}"
    if wide := too_wide(page):
        found["width"] = wide
    if tables := unreadable_tables(page):
        found["tables"] = tables
    if missing := header_problem(page, lang):
        found["header"] = missing
    if lang == "nl":
        text = page.evaluate(PROSE)
        if english := english_on(text, reader.banned, reader.quoted):
            found["english"] = english
        if tone := reader.wrong_tone(text):
            found["tone"] = f"the register's tone is {reader.tone}, the page says {', '.join(tone)}"
    if axe := serious_violations(page):
        found["axe"] = axe
    return found
