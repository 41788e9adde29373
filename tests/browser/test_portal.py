"""A person does every portal task in Chromium on a phone-sized screen, in Dutch and in English."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from tests.browser.conftest import PHONE, Site, portal_link, serious_violations
from tests.rights.helpers import BY
from waarborg.consent import receipts
from waarborg.rights import requests
from waarborg.web.pagekit import day_words

TEXT = {
    "nl": {"send": "Stuur mij de link", "sent": "Kijk in uw mailbox", "data": "Uw gegevens", "save": "Keuzes opslaan",
           "saved": "Uw keuzes zijn opgeslagen.", "correct": "Verbeteren", "ask_correction": "Verbetering aanvragen",
           "corrected": "Uw gegeven is verbeterd.",
           "made": "Uw verzoek is ingediend", "ask": "Verzoek indienen", "download": "Download al mijn gegevens (zip)",
           "out": "Afmelden", "erasure": "Verwijder mijn gegevens"},
    "en": {"send": "Send me the link", "sent": "Check your mailbox", "data": "Your data", "save": "Save my choices",
           "saved": "Your choices have been saved.", "correct": "Correct", "ask_correction": "Ask for the correction",
           "corrected": "Your data has been corrected.",
           "made": "Your request has been made", "ask": "Make a request", "download": "Download all my data (zip)",
           "out": "Sign out", "erasure": "Erase my data"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_portal_task_on_a_phone(site: Site, browser: Any, lang: str) -> None:
    words = TEXT[lang]
    email = site.people["an"]
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site.url}/portal?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert serious_violations(page) == []
    mails_before = site.post.count(email)
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name=words["send"]).click()
    page.get_by_role("heading", name=words["sent"]).wait_for()
    link = portal_link(site.post, email, mails_before)
    assert link is not None
    page.goto(link.group(1))
    page.get_by_role("heading", name=words["data"], exact=True).wait_for()
    assert "Excel" in page.content() and "bo@example.nl" not in page.content()
    assert serious_violations(page) == []
    site.shot(page, f"portal-data-{lang}")

    # withdraw one mailing option, keep the page's other choices
    boxes = page.locator("input[type=checkbox][name^='opt:newsletter']")
    boxes.first.uncheck()
    page.get_by_role("button", name=words["save"]).click()
    page.get_by_text(words["saved"]).wait_for()
    with site.vault.unit() as unit:
        subject = site.vault.find_subject(unit, "email", email, by=BY)
        assert subject is not None
        assert False in receipts.current(unit, subject)["newsletter"].values()

    # correct a field the person supplied: a rectification request, carried out at once
    page.get_by_text(words["correct"], exact=True).first.click()
    page.locator("select[name=field]").first.select_option("phone")
    page.locator("input[name=value]").first.fill("0687654321")
    page.get_by_role("button", name=words["ask_correction"]).first.click()
    page.get_by_text(words["corrected"]).wait_for()
    assert "+31687654321" in page.content()

    # a field the register does not let the person change themselves goes to staff: a request, nothing changed
    page.get_by_text(words["correct"], exact=True).first.click()
    page.locator("select[name=field]").first.select_option("position")
    page.locator("input[name=value]").first.fill("Opperhoofd")
    page.get_by_role("button", name=words["ask_correction"]).first.click()
    page.get_by_text(words["made"]).wait_for()
    assert "Opperhoofd" not in page.content()

    # ask for erasure, then follow it with its deadline
    page.get_by_label(words["ask"]).select_option("erasure")
    page.get_by_role("button", name=words["ask"]).click()
    page.get_by_text(words["made"]).wait_for()
    with site.vault.unit() as unit:
        asked = [r for r in requests.listed(unit, closed=True, subject_id=subject) if r.kind == "erasure"]
    assert asked and day_words(asked[0].due_on, lang) in page.inner_text("main"), "the due date, in words"

    # download everything
    with page.expect_download() as waiting:
        page.get_by_role("button", name=words["download"]).click()
    archive = zipfile.ZipFile(io.BytesIO(waiting.value.path().read_bytes()))
    assert {"data.json", "data.csv", f"overview-{lang}.html"} <= set(archive.namelist())

    page.get_by_role("button", name=words["out"]).click()
    page.get_by_label("E-mail").wait_for()
    context.close()


def test_a_forged_or_expired_portal_link_signs_no_one_in(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    response = page.goto(f"{site.url}/portal/t/eyJrIjoicG9ydGFsIn0.AAAA")
    assert response.status == 400
    page.goto(f"{site.url}/portal/data")
    assert page.url.endswith("/portal")
    page.close()


def test_the_statement_and_the_cookie_demo_render(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{site.url}/privacy?lang=nl")
    assert page.title().startswith("Privacyverklaring ·") and "ICM" in page.content()
    assert page.locator("header nav a[hreflang=en]").count() == 1  # the site header, with the language switch
    page.goto(f"{site.url}/demo/cookies?lang=en")
    page.get_by_role("button").first.wait_for(timeout=5000)  # the banner: accept / reject side by side
    site.shot(page, "cookie-banner-en")
    page.close()


def test_the_one_click_unsubscribe_page_on_a_phone(site: Site, browser: Any) -> None:
    from datetime import UTC, datetime

    from waarborg.consent import links

    with site.vault.unit() as unit:
        subject = site.vault.find_subject(unit, "email", site.people["an"], by=BY)
    assert subject is not None
    token = links.make(site.vault.ring.links_key, subject, "newsletter", "all", datetime.now(UTC))
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{site.url}/u/{token}?lang=nl")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ja, afmelden").click()
    page.get_by_text("U bent afgemeld").wait_for()
    with site.vault.unit() as unit:
        assert not any(receipts.current(unit, subject)["newsletter"].values())
    page.close()
