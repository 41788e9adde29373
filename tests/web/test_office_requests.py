"""The office's queue and request page: who asked, what is held, steps as sentences, the actions in words, an
erasure only after its confirmation, and a refusal only with its reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from tests.rights.helpers import BY, Post
from tests.web.office_helpers import Office, open_office
from waarborg.rights import requests
from waarborg.vault import store
from waarborg.vault.service import Vault


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


RAW = re.compile(r">\s*(erasure|verified|unverified|fulfilled|receipt_sent|fulfil|received)\s*<")


def _status(office: Office, request_id: str) -> str:
    with office.vault.unit() as unit:
        return requests.show(unit, request_id).status


def _records(office: Office, email: str) -> int:
    with office.vault.unit() as unit:
        subject = office.vault.find_subject(unit, "email", email, by=BY)
        return len(store.records_of(unit, subject)) if subject else 0


def test_the_queue_names_the_requester_the_day_received_and_the_type_in_words(office: Office) -> None:
    email = office.person(["courses"], 1, "an@example.nl")
    request_id = office.request("erasure", email, verified=None)
    office.sign_in()
    dutch = office.client.get("/office?lang=nl").text
    assert "an@example.nl" in dutch and "Verwijdering" in dutch and "Wacht op bevestiging" in dutch
    assert f"/office/requests/{request_id}" in dutch and 'class="cards"' in dutch and 'data-label="Verzoeker"' in dutch
    assert not RAW.search(dutch), RAW.search(dutch)
    english = office.client.get("/office?lang=en").text
    assert "Requester" in english and "Erasure" in english and "Awaiting confirmation" in english


def test_reading_the_requesters_is_audited_once_per_page(office: Office) -> None:
    from waarborg.access.audit import of_kind

    for n in range(3):
        office.request("access", office.person(["courses"], 10 + n, f"p{n}@example.nl"))
    office.sign_in()
    office.client.get("/office")
    with office.vault.unit() as unit:
        reads = of_kind(unit.data, "request.read")
    assert len(reads) == 1 and len(reads[0].payload["requests"]) == 3 and reads[0].actor == "user:fg"


def test_a_request_page_says_who_asked_what_is_held_and_the_steps_in_sentences(office: Office) -> None:
    email = office.person(["courses", "newsletter"], 2, "bo@example.nl")
    request_id = office.request("erasure", email, details={"no_contact": True})
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}?lang=nl").text
    assert "bo@example.nl" in page and "door een medewerker (seen in person)" in page
    assert "Inschrijving voor en deelname aan opleidingen" in page and "Mailings met inspiratie en aanbiedingen" in page
    assert "Wil daarna nooit meer benaderd worden" in page
    assert "Ontvangen via het portaal; uiterlijk" in page and "Ontvangstbevestiging verstuurd." in page
    assert "{" not in page.split("<main", 1)[1], "no JSON on the page"
    assert not RAW.search(page), RAW.search(page)


def test_an_erasure_is_carried_out_only_after_its_confirmation(office: Office) -> None:
    email = office.person(["courses", "newsletter"], 3, "cas@example.nl")
    request_id = office.request("erasure", email)
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}?lang=en").text
    assert f'href="/office/requests/{request_id}/confirm"' in page and "What the erasure does" in page
    token = office.token(f"/office/requests/{request_id}")
    unconfirmed = office.client.post(f"/office/requests/{request_id}/fulfil", data={"csrf": token},
                                     follow_redirects=False)  # fmt: skip
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"].endswith("/confirm")
    assert _status(office, request_id) == "verified" and _records(office, email) == 2, "nothing erased yet"
    confirm = office.client.get(f"/office/requests/{request_id}/confirm?lang=en").text
    assert "Yes, erase and answer" in confirm and "2 / 2" not in confirm  # one record per activity
    assert "1 / 1" in confirm and "nothing of this person remains" in confirm
    done = office.client.post(f"/office/requests/{request_id}/fulfil", data={"csrf": token, "confirmed": "yes"},
                              follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].endswith("?message=fulfil")
    assert _status(office, request_id) in ("waiting", "fulfilled") and _records(office, email) == 0
    shown = office.client.get(done.headers["location"] + "&lang=nl").text
    assert "Het verzoek is uitgevoerd." in shown and "?message" not in shown.split("<main", 1)[1]


def test_the_confirmation_shows_what_a_hold_keeps(office: Office) -> None:
    from datetime import timedelta

    from waarborg.core.timeutil import now
    from waarborg.retention import holds

    email = office.person(["courses", "newsletter"], 4, "dirk@example.nl")
    with office.vault.unit() as unit:
        subject = office.vault.find_subject(unit, "email", email, by=BY)
        assert subject is not None
        holds.place(office.vault, unit, subject, kind="legal", reference="Zaak 2026/17", reason="lopend geschil",
                    until=now() + timedelta(days=90), activities=["courses"], by=BY)  # fmt: skip
    request_id = office.request("erasure", email)
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}/confirm?lang=nl").text
    assert "Zaak 2026/17" in page and "lopend geschil" in page and "Telefoonnummer" in page
    assert "0 / 1" in page and "1 / 1" in page, "the held course record stays, the newsletter goes"
    assert "Daarna is niets meer van deze persoon over" not in page


def test_refuse_looks_dangerous_and_needs_its_reason(office: Office) -> None:
    email = office.person(["courses"], 5, "eva@example.nl")
    request_id = office.request("access", email)
    office.sign_in()
    page = office.client.get(f"/office/requests/{request_id}?lang=nl").text
    assert re.search(r'<form[^>]*/refuse" class="card danger"', page)
    assert re.search(r'id="reason-refuse" name="reason" type="text" required', page)
    assert 'id="do-refuse" class="danger"' in page
    token = office.token(f"/office/requests/{request_id}")
    blank = office.client.post(f"/office/requests/{request_id}/refuse?lang=nl", data={"csrf": token, "reason": "  "})
    assert blank.status_code == 422 and "Een weigering heeft een reden nodig" in blank.text
    assert _status(office, request_id) == "verified" and office.post.count(email) == 1, "only the receipt"
    refused = office.client.post(f"/office/requests/{request_id}/refuse", data={"csrf": token, "reason": "dubbel"},
                                 follow_redirects=False)  # fmt: skip
    assert refused.status_code == 303 and _status(office, request_id) == "refused"
    assert "dubbel" in office.post.text(email)
    shown = office.client.get(refused.headers["location"] + "&lang=en").text
    assert "The request has been refused" in shown and "Refused: dubbel" in shown


def test_verify_and_extend_need_a_reason_and_then_read_as_sentences(office: Office) -> None:
    email = office.person(["courses"], 6, "fien@example.nl")
    request_id = office.request("restriction", email, verified=None)
    office.sign_in()
    token = office.token(f"/office/requests/{request_id}")
    missing = office.client.post(f"/office/requests/{request_id}/verify?lang=en", data={"csrf": token})
    assert missing.status_code == 422 and "Say how the identity was established." in missing.text
    office.client.post(f"/office/requests/{request_id}/verify", data={"csrf": token, "reason": "called back"})
    office.client.post(f"/office/requests/{request_id}/extend", data={"csrf": token, "reason": "many systems"})
    page = office.client.get(f"/office/requests/{request_id}?lang=en").text
    assert "Identity established: by staff (called back)." in page and "Extended to" in page
    assert "many systems" in page and _status(office, request_id) == "verified"


def test_a_question_is_answered_and_a_correction_is_made_from_the_page(office: Office) -> None:
    email = office.person(["courses"], 7, "gijs@example.nl")
    question = office.request("question", email, details={"text": "Welke cursus staat op mijn naam?"})
    correction = office.request("rectification", email)
    office.sign_in()
    page = office.client.get(f"/office/requests/{question}?lang=nl").text
    assert "Welke cursus staat op mijn naam?" in page and 'name="answer"' in page
    token = office.token(f"/office/requests/{question}")
    office.client.post(f"/office/requests/{question}/fulfil", data={"csrf": token, "answer": "Excel, in maart."})
    assert _status(office, question) == "fulfilled" and "Excel, in maart." in office.post.text(email)
    page = office.client.get(f"/office/requests/{correction}?lang=nl").text
    assert '<option value="phone">Telefoonnummer</option>' in page
    office.client.post(f"/office/requests/{correction}/fulfil",
                       data={"csrf": token, "field": "phone", "value": "0611111111"})  # fmt: skip
    assert _status(office, correction) in ("waiting", "fulfilled")
    with office.vault.unit() as unit:
        subject = office.vault.find_subject(unit, "email", email, by=BY)
        assert subject is not None
        values = office.vault.get_subject(unit, subject, by=BY).records[0].values
    assert values is not None and str(values["phone"]).endswith("611111111")


def test_only_the_privacy_officer_works_requests(office: Office) -> None:
    email = office.person(["courses"], 8, "hans@example.nl", course="Excel")
    request_id = office.request("erasure", email)
    office.sign_in("trainer")
    assert office.client.get(f"/office/requests/{request_id}").status_code == 403
    assert office.client.get(f"/office/requests/{request_id}/confirm").status_code == 403
    token = office.token("/office/subjects")
    refused = office.client.post(f"/office/requests/{request_id}/fulfil", data={"csrf": token, "confirmed": "yes"})
    assert refused.status_code == 403 and _status(office, request_id) == "verified" and _records(office, email) == 1


def test_an_unknown_action_and_a_forged_form_are_refused(office: Office) -> None:
    request_id = office.request("access", office.person(["courses"], 9, "ina@example.nl"))
    office.sign_in()
    token = office.token(f"/office/requests/{request_id}")
    assert office.client.post(f"/office/requests/{request_id}/explode", data={"csrf": token}).status_code == 403
    forged = office.client.post(f"/office/requests/{request_id}/refuse", data={"csrf": "x", "reason": "r"})
    assert forged.status_code == 403 and _status(office, request_id) == "verified"
