"""A privacy officer works a request from the queue to the answer; an instructor sees only their own people."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site, serious_violations
from tests.browser.seed import PASSWORD
from tests.rights.helpers import BASE, BY
from waarborg.rights import intake, requests


def sign_in(page: Any, site: Site, username: str) -> None:
    page.goto(f"{site.url}/office/login?lang=en")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_request_from_the_queue_to_the_answer(site: Site, browser: Any) -> None:
    email = site.people["bo"]
    opened = intake.intake(site.vault, site.post.send, "erasure", email, base_url=BASE, by=BY, channel="post")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, site, "fg")
    page.get_by_role("link", name="erasure").wait_for()
    assert serious_violations(page) == []
    site.shot(page, "office-queue")
    page.get_by_role("link", name="erasure").click()
    page.locator("#reason-verify").fill("called back on the number we hold")
    page.locator("#do-verify").click()
    page.locator("#do-fulfil").click()
    page.locator("#do-confirm").click()  # an erasure is carried out after its confirmation page
    for _ in range(5):  # each processor's task, done with a note
        task = page.locator("form[action^='/office/tasks/']").first
        if task.count() == 0:
            break
        task.locator("input[name=note]").fill("removed")
        task.get_by_role("button", name="Done").click()
    page.get_by_text("Answer sent").first.wait_for()
    site.shot(page, "office-request")
    with site.vault.unit() as unit:
        assert requests.show(unit, opened.request.id).status == "fulfilled"
    assert "gedaan" in site.post.text(email) or "done" in site.post.text(email)
    for where in ("register", "forecast", "breaches", "audit"):
        page.goto(f"{site.url}/office/{where}?lang=en")
        assert page.locator("h1").count() == 1
    page.close()


def test_an_instructor_sees_only_their_own_participants(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, site, "trainer")
    page.get_by_label("E-mail address").fill(site.people["an"])
    page.get_by_role("button", name="Search").click()
    assert "Excel" in page.content()
    page.get_by_label("E-mail address").fill(site.people["bo"])
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Not found").wait_for()
    assert page.goto(f"{site.url}/office/audit").status == 403
    page.close()
