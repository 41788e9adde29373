"""Is it really them: a signed, expiring link and a code, to the address the request came from; rate-limited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.rights.helpers import BASE, BY, Post
from waarborg.core.errors import TooManyError, UnauthorisedError
from waarborg.rights import intake, requests, verification
from waarborg.vault.service import Vault

EMAIL = "an@example.nl"


@pytest.fixture
def vault(seeded: Callable[[str], Vault]) -> Vault:
    return seeded("ivio")


def _open(vault: Vault, post: Post) -> str:
    return intake.intake(vault, post.send, "access", EMAIL, base_url=BASE, by=BY).request.id


def test_the_link_confirms_once_and_a_new_message_makes_the_old_link_useless(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    first = post.link(EMAIL)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    second = post.link(EMAIL)
    now = datetime.now(UTC)
    with vault.unit() as unit, pytest.raises(UnauthorisedError, match="latest message"):
        verification.confirm_link(vault, unit, first, now)
    with vault.unit() as unit:
        assert verification.confirm_link(vault, unit, second, now).status == "verified"
    with vault.unit() as unit:
        steps = [s.step for s in requests.show(unit, request_id).steps]
    assert steps.count("verified") == 1 and steps.count("verification_sent") == 2


@pytest.mark.parametrize("change", ["tamper", "expire", "foreign"])
def test_a_tampered_expired_or_foreign_link_is_refused(vault: Vault, post: Post, change: str) -> None:
    _open(vault, post)
    token, at = post.link(EMAIL), datetime.now(UTC)
    if change == "tamper":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    elif change == "expire":
        at += timedelta(days=8)
    else:
        payload, _signature = token.split(".")
        token = f"{payload}.{'A' * 43}"
    with vault.unit() as unit, pytest.raises(UnauthorisedError):
        verification.confirm_link(vault, unit, token, at)


def test_the_code_allows_five_tries_within_a_day(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    code, now = post.code(EMAIL), datetime.now(UTC)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        with vault.unit() as unit, pytest.raises(UnauthorisedError, match=f"{left} tries left"):
            verification.confirm_code(vault, unit, request_id, wrong, now)
    with vault.unit() as unit, pytest.raises(UnauthorisedError, match="too many wrong codes"):
        verification.confirm_code(vault, unit, request_id, code, now)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    fresh = post.code(EMAIL)
    with vault.unit() as unit, pytest.raises(UnauthorisedError, match="no valid code"):
        verification.confirm_code(vault, unit, request_id, fresh, now + timedelta(hours=25))
    with vault.unit() as unit:
        assert verification.confirm_code(vault, unit, request_id, fresh, now).status == "verified"


def test_at_most_three_messages_a_day(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    with pytest.raises(TooManyError, match="try again tomorrow"):
        intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    assert post.count(EMAIL) == 3
