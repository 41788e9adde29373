"""Every page, at phone and desktop size, in Dutch and English: no sideways scrolling and no table wider than the
screen, tables that read on a phone, the site header with navigation and the language switch, on a Dutch page
no English word and no "je" where the register says "u", and no serious or critical axe finding (see checks).
One server and one browser for the module; each visitor signs in once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.checks import Reader, problems
from tests.browser.conftest import PHONE, Tour
from tests.browser.visits import LANGS, PAGES, SIZES, go


@pytest.fixture(scope="module")
def reader(tour: Tour) -> Reader:
    return Reader.of(tour.vault.register)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_speaks_the_language_and_passes_axe(
    name: str, size: str, lang: str, browser: Any, tour: Tour, sessions: dict[str, Any], reader: Reader
) -> None:
    visit = PAGES[name]
    context = browser.new_context(viewport=SIZES[size], storage_state=sessions[visit.who])
    try:
        page = context.new_page()
        visit.open(page, tour, lang)
        found = problems(page, lang, reader)
    finally:
        context.close()
    assert not found, f"{name} at {size} size in {lang}: {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_request_confirmation_page_is_not_headed_unsubscribe(lang: str, browser: Any, tour: Tour) -> None:
    """The page behind the link in a request's receipt confirms the request; it was headed "Unsubscribe"."""
    page = browser.new_page(viewport=PHONE)
    try:
        go(page, tour, tour.confirmation, lang)
        heading = page.locator("h1").first.inner_text().strip()
    finally:
        page.close()
    assert heading not in ("Afmelden", "Unsubscribe")
