"""The erasure preview: what the erasure will remove and keep, by the erasure's own rules, before it runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.rights.helpers import BASE, BY, Post, add_person, complete, subject_of
from waarborg.register.types import tr
from waarborg.retention import holds
from waarborg.rights import intake
from waarborg.rights.preview import erasure_preview
from waarborg.vault import store
from waarborg.vault.service import Vault


def _open(vault: Vault, post: Post, email: str, **details: object) -> str:
    opened = intake.intake(vault, post.send, "erasure", email, base_url=BASE, by=BY, verified="seen in person",
                           details=dict(details))  # fmt: skip
    return opened.request.id


def test_the_preview_keeps_what_the_law_keeps_and_the_erasure_then_does_that(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ikwerkindezorg")
    email, _values = add_person(vault, ["matching", "newsletter"])
    subject = subject_of(vault, email)
    with vault.unit() as unit:
        vault.add_event(unit, subject, "last_invoice", at=datetime.now(UTC), activity="matching", by=BY)
    request_id = _open(vault, post, email)
    with vault.unit() as unit:
        shown = erasure_preview(vault, unit, request_id, "nl")
        before = len(store.records_of(unit, subject))
    assert before == 2, "the preview changes nothing"
    by_activity = {a.activity: a for a in shown.activities}
    assert by_activity["newsletter"].removed == 1 and by_activity["newsletter"].kept == []
    matching = by_activity["matching"]
    assert matching.removed == 0 and len(matching.kept) == 1
    [kept] = matching.kept
    assert kept.reason == "wettelijke bewaarplicht" and kept.until is not None
    spec = vault.register.activities["matching"]
    assert tr(spec.fields["bank_account"].label, "nl") in kept.fields, "fields by their labels"
    assert tr(spec.fields["portfolio"].label, "nl") not in kept.fields, "free text is not kept"
    assert not shown.person_removed and shown.removed == 1
    done = complete(vault, post, request_id)
    outcome: dict[str, Any] = dict(done.request.outcome or {})
    assert outcome["erased"] == shown.removed
    assert [k["until"] for k in outcome["kept"]] == [kept.until] and outcome["kept"][0]["reference"] == kept.reference


def test_a_hold_keeps_whole_records_and_a_scoped_request_leaves_the_rest(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["courses", "newsletter", "applications"])
    subject = subject_of(vault, email)
    with vault.unit() as unit:
        holds.place(vault, unit, subject, kind="legal", reference="Zaak 12", reason="geschil",
                    until=datetime.now(UTC) + timedelta(days=30), activities=["courses"], by=BY)  # fmt: skip
    request_id = _open(vault, post, email, activities=["courses", "newsletter"], no_contact=True)
    with vault.unit() as unit:
        shown = erasure_preview(vault, unit, request_id, "en")
    assert [a.activity for a in shown.activities] == ["courses", "newsletter"]
    courses = shown.activities[0]
    assert courses.removed == 0 and courses.kept[0].reference == "Zaak 12" and courses.kept[0].reason == "geschil"
    assert shown.other_records == 1 and not shown.person_removed and shown.do_not_contact


def test_nothing_to_preview_for_someone_we_do_not_know(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("icm")
    request_id = _open(vault, post, "onbekend@example.nl")
    with vault.unit() as unit:
        shown = erasure_preview(vault, unit, request_id, "nl")
    assert shown.held_nothing and shown.removed == 0 and not shown.person_removed
