"""The screenshots in docs/screenshots/: `make screenshots` runs this module with WAARBORG_SCREENSHOTS set to
that folder; without it the module is skipped. Each page is taken at phone and desktop size, in Dutch, from
the seeded vault of the page tour (tests/browser/seed.py): synthetic people, consents and requests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Tour
from tests.browser.visits import PAGES, SIZES
from tests.factories import ROOT

FOLDER = os.environ.get("WAARBORG_SCREENSHOTS", "")
LANG = "nl"
SHOTS = {"portal-start": "portal", "my-data": "my-data", "office-queue": "queue", "office-request": "request"}

pytestmark = pytest.mark.skipif(not FOLDER, reason="`make screenshots` sets WAARBORG_SCREENSHOTS to the folder")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("shot", SHOTS)
def test_a_screenshot_of_the_page(shot: str, size: str, browser: Any, tour: Tour, sessions: dict[str, Any]) -> None:
    folder = ROOT / Path(FOLDER)  # relative to the working copy, whatever the current directory
    folder.mkdir(parents=True, exist_ok=True)
    visit = PAGES[SHOTS[shot]]
    context = browser.new_context(viewport=SIZES[size], storage_state=sessions[visit.who])
    try:
        page = context.new_page()
        visit.open(page, tour, LANG)
        target = folder / f"{shot}-{size}.png"
        page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
    assert target.stat().st_size > 0
