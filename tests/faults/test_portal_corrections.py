"""A signed-in participant tries to change what the organisation keeps about them (their attendance, their
course, which decides which instructor sees them) through the portal's correction form. Only fields the
register marks `self_correct` change at once; anything else waits for staff as a rectification request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.factories import ROOT
from tests.rights.helpers import BY, add_person
from waarborg.access import signed
from waarborg.core.errors import RegisterError
from waarborg.core.timeutil import now
from waarborg.register.loader import load_register
from waarborg.rights import requests
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

EMAIL = "an@example.nl"


@pytest.fixture
def icm(seeded: Callable[[str], Vault]) -> Vault:
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    return vault


@pytest.fixture
def signed_in(icm: Vault) -> Iterator[TestClient]:
    with icm.unit() as unit:
        subject = icm.find_subject(unit, "email", EMAIL, by=BY)
    link = signed.make(icm.ring.links_key, signed.PORTAL_LINK, {"s": subject}, now())
    with TestClient(create_app(icm), base_url="https://privacy.example.nl") as client:
        assert client.get(f"/portal/t/{link}", follow_redirects=False).status_code == 303
        yield client


def _correct(client: TestClient, field: str, value: str) -> str:
    page = client.get("/portal/data").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/portal/correct", data={"csrf": csrf, "activity": "courses", "field": field, "value": value},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def _course_values(vault: Vault) -> dict[str, object]:
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", EMAIL, by=BY)
        assert subject is not None
        view = vault.get_subject(unit, subject, by=BY)
    return next(record.values for record in view.records if record.activity == "courses") or {}


@pytest.mark.parametrize(("field", "value"), [("attendance", "100%"), ("course", "Projectmanagement")])
def test_what_the_organisation_keeps_goes_to_staff_unchanged(icm: Vault, signed_in: TestClient, field: str,
                                                             value: str) -> None:  # fmt: skip
    before = _course_values(icm)[field]
    assert _correct(signed_in, field, value).startswith("/portal/data?message=due:")
    assert _course_values(icm)[field] == before
    with icm.unit() as unit:
        waiting = [r for r in requests.listed(unit) if r.kind == "rectification"]
    assert len(waiting) == 1 and waiting[0].status == "verified", "open for staff, the person is known"


def test_what_the_person_supplied_is_corrected_at_once(icm: Vault, signed_in: TestClient) -> None:
    assert _correct(signed_in, "surname", "Jansen-de Vries") == "/portal/data?message=corrected"
    assert _course_values(icm)["surname"] == "Jansen-de Vries"


def test_the_register_refuses_self_correct_on_what_decides_access(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "registers" / "icm.yaml").read_text(encoding="utf-8")
    field = "      course:\n        category: user.education.course\n"
    changed = source.replace(field, field + "        self_correct: true\n", 1)
    assert changed != source
    bad = tmp_path / "icm.yaml"
    bad.write_text(changed, encoding="utf-8")
    with pytest.raises(RegisterError) as raised:
        load_register(bad)
    assert "'course' decides which staff see the record" in "\n".join(raised.value.lines())
