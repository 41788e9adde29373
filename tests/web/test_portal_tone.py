"""Every page word, the cookie banner and the portal's link mail follow the register's tone: 'u' in a formal
register (ICM), 'je' in an informal one (ikwerkindezorg); never both on one page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import add_person
from tests.web.portal_helpers import BASE, Seeded, signed_in
from waarborg.consent import cookies, notices
from waarborg.web.app import create_app
from waarborg.web.words import EN, NL, voiced

FORMAL = re.compile(r"\b([Uu]|[Uu]w)\b")
INFORMAL = re.compile(r"\b([Jj]e|[Jj]ij|[Jj]ouw)\b")
TONES = [("icm", FORMAL, INFORMAL), ("ikwerkindezorg", INFORMAL, FORMAL)]


def _words(html: str) -> str:
    """The page's visible text, roughly: tags dropped."""
    return re.sub(r"<[^>]+>", " ", html.split("<body>", 1)[1])


@pytest.mark.parametrize(("register", "own", "other"), TONES)
def test_the_portal_pages_speak_in_the_registers_tone(seeded: Seeded, register: str, own: re.Pattern[str],
                                                      other: re.Pattern[str]) -> None:  # fmt: skip
    vault = seeded(register)
    email, _ = add_person(vault, ["newsletter"], seed=7)
    with TestClient(create_app(vault), base_url=BASE) as client:
        start = _words(client.get("/portal?lang=nl").text)
    with signed_in(vault, email) as client:
        data = _words(client.get("/portal/data?lang=nl").text)
    for text in (start, data):
        assert own.search(text), "the register's tone"
        assert not other.search(text), f"the other tone: {other.search(text)}"


@pytest.mark.parametrize(("register", "own", "other"), TONES)
def test_the_cookie_banner_speaks_in_the_registers_tone(seeded: Seeded, register: str, own: re.Pattern[str],
                                                        other: re.Pattern[str]) -> None:  # fmt: skip
    body = cookies.banner(seeded(register).register, "nl")["texts"]["body"]
    assert own.search(body) and not other.search(body)


def test_no_dutch_word_is_written_in_one_tone() -> None:
    """The Dutch table leaves 'u'/'je' to the tone ({you}, {your}); every placeholder is filled."""
    for key, text in NL.items():
        assert not FORMAL.search(text) and not INFORMAL.search(text), key
    for lang, formal in (("nl", True), ("nl", False), ("en", True)):
        assert not any("{you" in t.lower() for t in voiced(lang, formal).values())
    assert set(NL) == set(EN)


@pytest.mark.parametrize(("register", "own", "other"), TONES)
def test_the_notice_mail_speaks_in_the_registers_tone(seeded: Seeded, register: str, own: re.Pattern[str],
                                                      other: re.Pattern[str]) -> None:  # fmt: skip
    spec = seeded(register).register.activities["newsletter"]
    subject, text = notices.compose(seeded(register).register, spec, "nl", None)
    opening_and_rights = " ".join([subject, *[line for line in text.splitlines() if "mag" in line or "Beste" in line]])
    assert own.search(opening_and_rights) and not other.search(opening_and_rights)
