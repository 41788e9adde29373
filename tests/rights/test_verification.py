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


def _try(vault: Vault, post: Post, request_id: str, code: str, at: datetime) -> str:
    """One attempt as the shells make it: the unit commits, then the mail goes and the refusal is raised."""
    with vault.unit() as unit:
        check = verification.confirm_code(vault, unit, request_id, code, at, BASE)
    return check.settle(post.send).status


def test_the_code_allows_five_tries_then_a_new_one_comes_by_mail(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    code, now = post.code(EMAIL), datetime.now(UTC)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(UnauthorisedError, match=f"{left} tries left"):
            _try(vault, post, request_id, wrong, now)
    with pytest.raises(TooManyError, match="a new code is on its way"):
        _try(vault, post, request_id, wrong, now)
    assert post.count(EMAIL) == 2, "the fifth wrong code sends a new one"
    with pytest.raises(UnauthorisedError, match="not right; 4 tries left"):
        _try(vault, post, request_id, code, now)  # the old code is locked, even though it was the right one
    fresh = post.code(EMAIL)
    with pytest.raises(UnauthorisedError, match="no valid code"):
        _try(vault, post, request_id, fresh, now + timedelta(hours=25))
    assert _try(vault, post, request_id, fresh, now) == "verified"


def test_after_three_messages_a_locked_code_waits_for_tomorrow(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    code, now = post.code(EMAIL), datetime.now(UTC)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        with pytest.raises(UnauthorisedError, match="tries left"):
            _try(vault, post, request_id, wrong, now)
    with pytest.raises(TooManyError, match="tomorrow"):
        _try(vault, post, request_id, wrong, now)
    assert post.count(EMAIL) == 3
    with pytest.raises(UnauthorisedError, match="no valid code"):
        _try(vault, post, request_id, code, now)


def test_at_most_three_messages_a_day(vault: Vault, post: Post) -> None:
    request_id = _open(vault, post)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    with pytest.raises(TooManyError, match="try again tomorrow"):
        intake.resend(vault, post.send, request_id, base_url=BASE, by=BY)
    assert post.count(EMAIL) == 3
