"""Flagged free text in an access package, worked in the office: what was flagged (kinds and places, not the
text), then mask and send, or release with a required reason; the same library calls as the CLI flags."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator

import pytest

from tests.rights.helpers import Post
from tests.web.office_helpers import Office, open_office
from waarborg.rights import requests
from waarborg.rights.review import WITHHELD
from waarborg.vault import tasks
from waarborg.vault.service import Vault


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


NOTE = "Overleg met mijn collega Piet Jansen via piet.jansen@example.org of 06-98765432 over mijn doelen."


def _flagged(office: Office, seed: int, email: str) -> str:
    office.person(["courses"], seed, email, learning_objectives=NOTE)
    return office.request("access", email)


def _finish(office: Office, request_id: str, action: str, reason: str = "") -> None:
    """Mask or release; when the request waits for its tasks, close them here and choose again at the answer."""
    token = office.token(f"/office/requests/{request_id}")
    office.client.post(f"/office/requests/{request_id}/{action}", data={"csrf": token, "reason": reason})
    with office.vault.unit() as unit:
        open_tasks = [t.id for t in tasks.listed(unit, request_id=request_id) if t.status == "open"]
    for task_id in open_tasks:
        done = office.client.post(f"/office/tasks/{task_id}/done", data={"csrf": token, "note": "exported"},
                                  follow_redirects=False)  # fmt: skip
        assert done.status_code == 303
    if open_tasks:
        assert "message=task_answer_held" in done.headers["location"]
        held = office.client.get(done.headers["location"] + "&lang=en").text
        assert "The answer waits" in held and 'id="do-mask"' in held
        office.client.post(f"/office/requests/{request_id}/{action}", data={"csrf": token, "reason": reason})


def _package(office: Office, email: str) -> dict[str, bytes]:
    message = office.post.last(email)
    [attachment] = [p for p in message.iter_attachments() if str(p.get_filename()).endswith(".zip")]
    archive = zipfile.ZipFile(io.BytesIO(attachment.get_content()))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_office_shows_what_was_flagged_and_where_without_the_text(office: Office) -> None:
    request_id = _flagged(office, 31, "kim@example.nl")
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}?lang=nl").text
    assert "Controleer eerst de vrije tekst" in page and "Leerdoelen (intake)" in page
    assert "e-mailadres" in page and "telefoonnummer" in page
    assert "piet.jansen" not in page and "98765432" not in page and "Piet Jansen" not in page
    assert 'id="do-mask"' in page and 'id="do-release"' in page and 'id="do-fulfil"' not in page
    assert "--mask-flagged" not in page and "--release-flagged" not in page


def test_mask_and_send(office: Office) -> None:
    email = "lot@example.nl"
    request_id = _flagged(office, 32, email)
    office.sign_in()
    _finish(office, request_id, "mask")
    with office.vault.unit() as unit:
        shown = requests.show(unit, request_id)
    assert shown.status == "fulfilled" and shown.outcome is not None and shown.outcome["masked"] is True
    data = _package(office, email)["data.json"]
    assert b"piet.jansen@example.org" not in data and b"98765432" not in data
    masked = json.loads(data)["records"][0]["values"]["learning_objectives"]
    assert masked.count(WITHHELD[shown.lang]) == 3 and "Overleg met mijn collega" in masked


def test_release_needs_a_reason_and_then_sends_the_text_as_it_is(office: Office) -> None:
    email = "max@example.nl"
    request_id = _flagged(office, 33, email)
    office.sign_in()
    token = office.token(f"/office/requests/{request_id}")
    blank = office.client.post(f"/office/requests/{request_id}/release?lang=en", data={"csrf": token, "reason": ""})
    assert blank.status_code == 422 and "Give the reason to release the text as it is." in blank.text
    with office.vault.unit() as unit:
        assert requests.show(unit, request_id).status == "verified"
    assert office.post.count(email) == 1, "only the receipt"
    _finish(office, request_id, "release", "the colleague agreed")
    with office.vault.unit() as unit:
        shown = requests.show(unit, request_id)
    assert shown.status == "fulfilled" and shown.outcome is not None
    assert shown.outcome["released_flagged"] == "the colleague agreed"
    assert b"piet.jansen@example.org" in _package(office, email)["data.json"]
    page = office.client.get(f"/office/requests/{request_id}?lang=nl").text
    assert re.search(r"Uitgevoerd: In de bijlage vindt u", page), "the step tells what the answer said"
