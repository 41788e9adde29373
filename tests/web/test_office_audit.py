"""The audit trail in the office: by person (an e-mail address, looked up and audited), request, actor and
kind, newest first, fifty a page with newer and older links, in words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from tests.rights.helpers import BY, Post
from tests.web.office_helpers import Office, open_office
from waarborg.access.audit import of_kind
from waarborg.access.events import SignedIn
from waarborg.vault.service import Vault


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


def _seqs(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td data-label="#">(\d+)</td>', html)]


def test_by_person_the_look_up_is_audited_and_only_their_entries_show(office: Office) -> None:
    ann = office.person(["courses"], 51, "ann@example.nl")
    office.person(["courses"], 52, "ben@example.nl")
    office.sign_in()
    page = office.client.get("/office/audit", params={"email": ann, "lang": "nl"}).text
    with office.vault.unit() as unit:
        subject = office.vault.find_subject(unit, "email", ann, by=BY)
        found = of_kind(unit.data, "subject.found")
    assert subject is not None and any(e.actor == "user:fg" and e.subject_id == subject for e in found)
    assert "Gegevens vastgelegd" in page and f'href="/office/audit?subject={subject}"' in page
    assert set(re.findall(r'href="/office/audit\?subject=(\w+)"', page)) == {subject}


def test_an_unknown_person_shows_nothing_and_says_so(office: Office) -> None:
    office.person(["courses"], 53, "cor@example.nl")
    office.sign_in()
    page = office.client.get("/office/audit", params={"email": "niemand@example.nl", "lang": "nl"}).text
    assert "Niemand gevonden met dit e-mailadres" in page and _seqs(page) == []


def test_by_request_actor_and_kind_in_words(office: Office) -> None:
    request_id = office.request("access", office.person(["courses"], 54, "dex@example.nl"))
    office.request("erasure", office.person(["courses"], 55, "els@example.nl"))
    office.sign_in()
    page = office.client.get("/office/audit", params={"request_id": request_id, "lang": "nl"}).text
    assert "Verzoek: ontvangen" in page and "Verzoek: identiteit vastgesteld" in page
    assert set(re.findall(r'href="/office/audit\?request_id=(\w+)"', page)) == {request_id}
    signed_in = office.client.get("/office/audit", params={"kind": SignedIn.kind, "lang": "en"}).text
    assert "Staff sign-in" in signed_in and len(_seqs(signed_in)) == 1 and "staff.signed_in<" not in signed_in
    mine = office.client.get("/office/audit", params={"actor": "user:fg", "lang": "en"}).text
    assert _seqs(mine) and "cli:dpo" not in mine.split("<tbody>", 1)[1]


def test_fifty_a_page_newest_first_with_newer_and_older_links(office: Office) -> None:
    for n in range(60):
        office.person(["newsletter"], 100 + n, f"n{n}@example.nl")
    office.sign_in()
    first = office.client.get("/office/audit", params={"kind": "record.added", "lang": "nl"}).text
    newest = _seqs(first)
    assert len(newest) == 50 and newest == sorted(newest, reverse=True)
    assert "Nieuwer" not in first and "Ouder" in first
    older_link = re.search(r'href="([^"]+)" rel="next"', first)
    assert older_link
    second = office.client.get(older_link.group(1).replace("&amp;", "&")).text
    older = _seqs(second)
    assert len(older) == 10 and max(older) < min(newest) and 'rel="next"' not in second
    newer_link = re.search(r'href="([^"]+)" rel="prev"', second)
    assert newer_link and "kind=record.added" in newer_link.group(1)
    back = office.client.get(newer_link.group(1).replace("&amp;", "&")).text
    assert _seqs(back) == newest


def test_the_columns_are_words_and_the_trail_is_not_for_an_instructor(office: Office) -> None:
    office.sign_in()
    page = office.client.get("/office/audit?lang=nl").text
    assert '<th scope="col">Tijd</th>' in page and "Persoon" in page and "Medewerker ingelogd" in page
    office.client.cookies.clear()
    office.sign_in("trainer")
    assert office.client.get("/office/audit").status_code == 403
