"""Breaches from the office alone: added, updated, reported to the AP (with the reason when late), and the
people of a high-risk breach told; each with its 72-hour clock, and bad input answered in words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from tests.rights.helpers import Post
from tests.web.office_helpers import Office, open_office
from waarborg.access import breaches
from waarborg.core.timeutil import AMSTERDAM, now
from waarborg.vault.service import Vault


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


def _add(office: Office, **fields: object) -> tuple[int, str]:
    data = {"description": "Laptop met cursistenlijst gestolen", "activity": ["courses"], "fields": "",
            "risk": "high", "decision": "", "aware_at": "", **fields}  # fmt: skip
    added = office.post_form("/office/breaches?lang=nl", data)
    if added.status_code != 303:
        return 0, added.text
    return int(added.headers["location"].split("/")[-1].split("?")[0]), added.headers["location"]


def _breach(office: Office, breach_id: int) -> breaches.Breach:
    with office.vault.unit() as unit:
        found = breaches.get(unit.data, breach_id)
        unit.data.expunge(found)
    return found


def test_a_breach_is_added_and_shown_with_its_clock(office: Office) -> None:
    office.person(["courses"], 41, "nina@example.nl", course="Excel")
    office.sign_in()
    breach_id, location = _add(office)
    assert breach_id and location.endswith("?message=breach_added")
    page = office.client.get(location + "&lang=nl").text
    assert "Het datalek is geregistreerd; de klok loopt." in page
    assert "om te melden bij de AP" in page and "melden vóór" in page
    assert "1 personen" in page and "Inschrijving voor en deelname aan opleidingen" in page
    assert "datalek waarbij" in page or "datalek ontdekt" in page, "the draft message to the people"
    listed = office.client.get("/office/breaches?lang=en").text
    assert f"/office/breaches/{breach_id}" in listed and "left to notify the AP" in listed
    assert 'class="cards"' in listed and "high risk" in listed


def test_bad_breaches_are_refused_in_words_and_keep_what_was_typed(office: Office) -> None:
    office.sign_in()
    _, empty = _add(office, description=" ")
    assert "Beschrijf wat er is gebeurd." in empty
    _, unexplained = _add(office, risk="none", description="Mail aan verkeerde ontvanger, direct verwijderd")
    assert "leg uit waarom er geen risico is" in unexplained and "Mail aan verkeerde ontvanger" in unexplained
    _, future = _add(office, aware_at=(now() + timedelta(days=2)).astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M"))
    assert "ligt in de toekomst" in future
    _, nothing = _add(office, activity=[])
    assert "Kies de verwerkingen" in nothing
    _, garbage = _add(office, aware_at="gisteren")
    assert "geen geldige datum" in garbage
    with office.vault.unit() as unit:
        assert breaches.all_breaches(unit.data) == []


def test_a_breach_is_updated_and_its_clock_stays(office: Office) -> None:
    office.sign_in()
    aware = (now() - timedelta(hours=10)).astimezone(AMSTERDAM)
    breach_id, _ = _add(office, risk="risk", aware_at=aware.strftime("%Y-%m-%dT%H:%M"))
    before = _breach(office, breach_id)
    updated = office.post_form(f"/office/breaches/{breach_id}/update",
                               {"description": "Laptop gestolen, versleuteld", "activity": ["courses", "newsletter"],
                                "fields": "email", "risk": "none", "decision": "schijf versleuteld"})  # fmt: skip
    assert updated.status_code == 303
    after = _breach(office, breach_id)
    assert after.aware_at == before.aware_at and after.risk == "none" and after.fields == ["email"]
    assert after.activities == ["courses", "newsletter"] and after.decision == "schijf versleuteld"
    bad = office.post_form(f"/office/breaches/{breach_id}/update?lang=en",
                           {"description": "x", "activity": ["courses"], "risk": "none", "decision": ""})  # fmt: skip
    assert bad.status_code == 422 and "explain why there is no risk" in bad.text
    assert _breach(office, breach_id).description == "Laptop gestolen, versleuteld"
    page = office.client.get(f"/office/breaches/{breach_id}?lang=en").text
    assert "no notification needed" in page and "Record the notification" not in page


def test_reporting_after_72_hours_needs_the_reason_for_the_delay(office: Office) -> None:
    office.sign_in()
    aware = (now() - timedelta(hours=80)).astimezone(AMSTERDAM)
    breach_id, _ = _add(office, aware_at=aware.strftime("%Y-%m-%dT%H:%M"))
    page = office.client.get(f"/office/breaches/{breach_id}?lang=nl").text
    assert "te laat: melden bij de AP" in page and 'name="late_reason" type="text" required' in page
    late = office.post_form(f"/office/breaches/{breach_id}/report?lang=nl", {"reference": "AP-2026-1", "at": ""})
    assert late.status_code == 422 and "geef de reden van de vertraging" in late.text
    nameless = office.post_form(f"/office/breaches/{breach_id}/report?lang=nl", {"reference": " ", "late_reason": "x"})
    assert nameless.status_code == 422 and "Geef het kenmerk" in nameless.text
    assert _breach(office, breach_id).reported_at is None
    done = office.post_form(f"/office/breaches/{breach_id}/report",
                            {"reference": "AP-2026-1", "late_reason": "omvang pas maandag bekend"})  # fmt: skip
    assert done.status_code == 303
    reported = _breach(office, breach_id)
    assert reported.reference == "AP-2026-1" and breaches.clock(reported).state == "reported_late"
    page = office.client.get(f"/office/breaches/{breach_id}?lang=nl").text
    assert "te laat gemeld bij de AP (met reden)" in page and "omvang pas maandag bekend" in page


def test_the_people_of_a_high_risk_breach_are_told_by_mail(office: Office) -> None:
    first = office.person(["courses"], 42, "olga@example.nl")
    second = office.person(["courses", "newsletter"], 43, "piet@example.nl")
    office.person(["newsletter"], 44, "quinten@example.nl")
    office.sign_in()
    breach_id, _ = _add(office)
    page = office.client.get(f"/office/breaches/{breach_id}?message_lang=en&lang=nl").text
    assert "Dear reader" in page and "(2 personen)" in page
    sent = office.post_form(f"/office/breaches/{breach_id}/message", {"lang": "en"})
    assert sent.status_code == 303
    for email in (first, second):
        assert "Laptop met cursistenlijst gestolen" in office.post.text(email)
    assert office.post.count("quinten@example.nl") == 0, "only the people the breach concerns"
    told = _breach(office, breach_id)
    assert told.messaged_count == 2 and told.messaged_at is not None
    low, _ = _add(office, risk="risk")
    refused = office.post_form(f"/office/breaches/{low}/message?lang=en", {"lang": "nl"})
    assert refused.status_code == 422 and _breach(office, low).messaged_at is None


def test_breaches_are_for_the_privacy_officer(office: Office) -> None:
    office.sign_in("trainer")
    assert office.client.get("/office/breaches").status_code == 403
    token = office.token("/office/subjects")
    posted = office.client.post("/office/breaches", data={"csrf": token, "description": "x", "activity": "courses",
                                                          "risk": "high"})  # fmt: skip
    assert posted.status_code == 403
    with office.vault.unit() as unit:
        assert breaches.all_breaches(unit.data) == []
