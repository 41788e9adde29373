"""Discovery scans in the office: the newest report per system, one report's findings in the reader's language
and its personal columns; for the privacy officer and roles with `audit` only. And the store under it: saved in
the caller's unit, gone with its rollback."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.rights.helpers import Post
from tests.web.office_helpers import PASSWORD, Office, open_office
from tests.web.test_office_words import RAW, visible
from waarborg.access.users import add_user
from waarborg.discovery import store
from waarborg.discovery.model import DiscoveryFinding, Report, TableResult, Verdict
from waarborg.vault.service import Vault


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


def report(system: str | None, made_at: str, *, source: str = "postgresql://db.example/crm",
           findings: int = 1) -> dict[str, Any]:  # fmt: skip
    """A report as `waarborg discover` makes it: a table with an e-mail column and a free-text one."""
    verdicts = (
        Verdict("customers", "id", None, 0.0, {}, 50),
        Verdict("customers", "mail", "user.contact.email", 0.96, {"EMAIL": 48}, 50, hint="mail", identity="email"),
        Verdict("customers", "notes", "user.content", 0.7, {"NAME": 3, "PHONE": 5}, 40, also=("user.contact",),
                free_text=True),
    )  # fmt: skip
    table = TableResult("customers", 1200, 50, "id", ("id",), verdicts)
    found = tuple(
        DiscoveryFinding(f"undeclared-{n}", "error" if n == 0 else "warning", "Art 30(1)(c) AVG", "customers",
                         "notes", {"nl": f"Kolom notes bevat persoonsgegevens die het register niet noemt ({n})",
                                   "en": f"Column notes holds personal data the register does not name ({n})"})
        for n in range(findings)
    )  # fmt: skip
    scan = Report(source, system, made_at, 50, 7, (table,), (), found, seconds=1.5)
    return scan.as_dict("en")


def save(vault: Vault, *reports: dict[str, Any]) -> list[int]:
    with vault.unit() as unit:
        return [store.save_report(unit, r) for r in reports]


def test_the_list_shows_the_newest_report_per_system(office: Office) -> None:
    lms = report("lms", "2026-11-15T09:00:00+00:00", source="sqlite:///lms.db", findings=0)
    old, new, other = save(office.vault, report("crm", "2026-11-01T09:00:00+00:00", findings=1),
                           report("crm", "2026-12-01T09:00:00+00:00", findings=3), lms)  # fmt: skip
    office.sign_in()
    page = office.client.get("/office/discovery", params={"lang": "nl"})
    assert page.status_code == 200
    linked = re.findall(r'href="/office/discovery/(\d+)"', page.text)
    assert linked == [str(new), str(other)], "crm's newest, then lms: by system"
    body = page.text.split("<tbody>", 1)[1]
    assert "1 dec 2026 10:00" in body and "1 nov 2026" not in body and "sqlite:///lms.db" in body
    cells = re.findall(r'<td data-label="(Fouten|Waarschuwingen|Tabellen|Kolommen met persoonsgegevens)">(\d+)</td>',
                       body)  # fmt: skip
    assert cells[:4] == [("Tabellen", "1"), ("Kolommen met persoonsgegevens", "2"), ("Fouten", "1"),
                         ("Waarschuwingen", "2")]  # fmt: skip
    assert 'href="/office/discovery"' in page.text, "the office's navigation links the page"
    assert f'href="/office/discovery/{old}"' not in page.text


def test_one_report_shows_its_findings_in_the_readers_language(office: Office) -> None:
    (kept,) = save(office.vault, report("crm", "2026-12-01T09:00:00Z", findings=2))
    office.sign_in()
    dutch = office.client.get(f"/office/discovery/{kept}", params={"lang": "nl"})
    english = office.client.get(f"/office/discovery/{kept}", params={"lang": "en"})
    assert dutch.status_code == english.status_code == 200
    assert "Kolom <code>notes</code> bevat persoonsgegevens die het register niet noemt (1)" in dutch.text, (
        "the system's own names stand in <code>: identifiers, not words"
    )
    assert "Column" not in visible(dutch.text) and "Column <code>notes</code> holds personal data" in english.text
    assert ">fout<" in dutch.text and ">waarschuwing<" in dutch.text and ">error<" in english.text
    assert "Art 30(1)(c) AVG" in dutch.text and "undeclared-0" in dutch.text and "customers.notes" in dutch.text
    assert "user.contact.email" in dutch.text and "e-mailadres 48 (van 50)" in dutch.text
    assert "telefoonnummer 5, naam 3" in dutch.text and "96%" in dutch.text and "<code>mail</code>" in dutch.text
    assert "e-mail address 48 (of 50)" in english.text and "Column name suggests" in english.text
    assert "<code>id</code></td>" not in dutch.text, "only the columns with personal data"
    for path in ("/office/discovery", f"/office/discovery/{kept}"):
        text = visible(office.client.get(path, params={"lang": "nl"}).text)
        assert [word for word in RAW if re.search(rf"(?<![\w.@-]){re.escape(word)}(?![\w.@-])", text)] == [], path


def test_a_scan_of_a_source_without_a_system_is_listed_by_its_source(office: Office) -> None:
    first, newer = save(office.vault, report(None, "2026-11-01T09:00:00Z", source="sqlite:///export.db"),
                        report(None, "2026-11-02T09:00:00Z", source="sqlite:///export.db"))  # fmt: skip
    (crm,) = save(office.vault, report("crm", "2026-10-01T09:00:00Z"))
    with office.vault.unit() as unit:
        latest = store.latest_reports(unit)
        one = store.report_by_id(unit, first)
    assert [(r["id"], r["system"], r["source"]) for r in latest] == [(crm, "crm", "postgresql://db.example/crm"),
                                                                     (newer, None, "sqlite:///export.db")]  # fmt: skip
    assert one is not None and one["report"]["findings"][0]["messages"]["nl"].startswith("Kolom notes")
    assert one["made_at"].isoformat() == "2026-11-01T09:00:00+00:00" and one["errors"] == 1 and one["warnings"] == 0


def test_not_for_staff_without_audit_and_an_unknown_report_is_not_found(office: Office) -> None:
    (kept,) = save(office.vault, report("crm", "2026-12-01T09:00:00Z"))
    office.sign_in()
    assert office.client.get(f"/office/discovery/{kept + 1}").status_code == 404
    office.sign_in("trainer")
    assert office.client.get("/office/discovery").status_code == 403
    assert office.client.get(f"/office/discovery/{kept}").status_code == 403
    assert 'href="/office/discovery"' not in office.client.get("/office/subjects").text


def test_saving_does_not_commit_the_unit_does(office: Office) -> None:
    class UndoneError(Exception):
        pass

    with pytest.raises(UndoneError), office.vault.unit() as unit:
        saved = store.save_report(unit, report("crm", "2026-12-01T09:00:00Z"))
        assert store.report_by_id(unit, saved) is not None, "seen inside the unit"
        raise UndoneError
    with office.vault.unit() as unit:
        assert store.report_by_id(unit, saved) is None and store.latest_reports(unit) == []


def test_a_role_with_audit_reads_the_scans(office: Office) -> None:
    register = office.vault.register
    instructor = register.roles["instructor"]
    auditing = instructor.model_copy(update={"audit": True, "scope": None})
    office.vault.register = register.model_copy(update={"roles": {**register.roles, "auditor": auditing}})
    with office.vault.unit() as unit:
        add_user(unit.data, office.vault.register, "controle", "auditor", PASSWORD)
    (kept,) = save(office.vault, report("crm", "2026-12-01T09:00:00Z"))
    office.sign_in("controle")
    assert office.client.get("/office/discovery").status_code == 200
    assert office.client.get(f"/office/discovery/{kept}").status_code == 200
