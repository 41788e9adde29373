"""Whose data is it: the person's own values are theirs, anyone else's in their free text is flagged."""

from __future__ import annotations

from waarborg.pii.own import Own, foreign

OWN = Own(["sanne.vermeulen@example.nl", "Sanne Vermeulen", "06-12345678", "Kerkstraat 12, 8011 AB Zwolle"])


def kinds(text: str) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in foreign(text, OWN)]


def test_the_persons_own_name_address_and_number_are_not_flagged() -> None:
    text = "Mevrouw S. Vermeulen (Kerkstraat 12, 8011 AB) belt zelf via 0612345678 of sanne.vermeulen@example.nl."
    assert kinds(text) == []


def test_someone_elses_name_number_and_address_are() -> None:
    text = "Overleg met collega Daan Hoekstra, 06-98765432, d.hoekstra@example.org, Molenlaan 3."
    assert kinds(text) == [("NAME", "Daan Hoekstra"), ("PHONE", "06-98765432"), ("EMAIL", "d.hoekstra@example.org"),
                           ("ADDRESS", "Molenlaan 3")]  # fmt: skip


def test_a_shared_surname_with_another_first_name_is_someone_else() -> None:
    assert kinds("Haar broer Thijs Vermeulen belt morgen.") == [("NAME", "Thijs Vermeulen")]


def test_health_terms_identify_no_one_so_review_leaves_them_but_intake_may_ask_for_them() -> None:
    text = "Sanne heeft een burn-out."
    assert kinds(text) == []
    assert [span.kind for span in foreign(text, OWN, ("HEALTH",))] == ["HEALTH"]
