"""Typed tokens: each kind reads back under its own key and lifetime, and is refused by every other kind."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from waarborg.access import signed
from waarborg.core.errors import UnauthorisedError

KEY = b"k" * 32
MADE = datetime(2026, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("kind", signed.KINDS, ids=lambda k: k.purpose)
def test_a_token_reads_back_within_its_lifetime_only(kind: signed.Kind) -> None:
    token = signed.make(KEY, kind, {"s": "a" * 32}, MADE)
    assert signed.read(KEY, kind, token, MADE + kind.lifetime)["s"] == "a" * 32
    with pytest.raises(UnauthorisedError, match="has expired"):
        signed.read(KEY, kind, token, MADE + kind.lifetime + timedelta(seconds=1))
    with pytest.raises(UnauthorisedError, match="not valid"):
        signed.read(KEY, kind, token, MADE - timedelta(hours=1))  # made "in the future"
    with pytest.raises(UnauthorisedError, match="not valid"):
        signed.read(b"x" * 32, kind, token, MADE)  # another installation's


@pytest.mark.parametrize(("made_as", "read_as"), list(itertools.permutations(signed.KINDS, 2)), ids=lambda k: k.purpose)
def test_a_token_of_one_kind_never_verifies_as_another(made_as: signed.Kind, read_as: signed.Kind) -> None:
    token = signed.make(KEY, made_as, {"s": "a" * 32, "q": "r1", "v": 1, "n": 1, "r": "yes", "u": 1,
                                      "a": "newsletter", "o": "all"}, MADE)  # fmt: skip
    with pytest.raises(UnauthorisedError, match="not valid"):
        signed.read(KEY, read_as, token, MADE)


@pytest.mark.parametrize("forged", ["", ".", "nonsense", "a.b.c", "é.é", "eyJ9.AAAA", "\ud800.x"])
def test_malformed_tokens_are_refused_not_crashed_on(forged: str) -> None:
    for kind in signed.KINDS:
        with pytest.raises(UnauthorisedError):
            signed.read(KEY, kind, forged, MADE)


def test_the_kinds_have_distinct_purposes_and_keys() -> None:
    assert len({kind.purpose for kind in signed.KINDS}) == len(signed.KINDS)
    assert len({signed.key_for(KEY, kind) for kind in signed.KINDS}) == len(signed.KINDS)
