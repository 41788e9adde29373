"""A request's life: intake with its deadline, bad input refused without a trace, lists and clock, extension,
staff verification, refusal, and mail failures that lose nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.core.test_mail import free_port
from tests.rights.helpers import BASE, BY, Post, add_person
from waarborg.access import audit
from waarborg.core.errors import DeliveryError, InputError, RefusedError
from waarborg.core.mail import SmtpMailer
from waarborg.rights import fulfil, intake, requests
from waarborg.rights.models import Request
from waarborg.vault.models import Record
from waarborg.vault.service import Vault

AMS_NOON = datetime(2026, 4, 30, 10, 0, tzinfo=UTC)


def _count(vault: Vault) -> int:
    with vault.unit() as unit:
        return unit.data.execute(select(func.count()).select_from(Request)).scalar_one()


def test_the_deadline_follows_the_promise(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ivio")  # "binnen vier weken", shorter than the law's month
    erasure = intake.intake(vault, post.send, "erasure", "an@example.nl", base_url=BASE, by=BY, received_at=AMS_NOON)
    assert erasure.request.due_on == date(2026, 5, 28)
    assert erasure.as_dict()["due_at"] == "2026-05-28T21:59:59+00:00", "the end of the day in Amsterdam"
    assert "28 mei 2026" in post.text("an@example.nl")  # IVIO writes in Dutch


def test_without_a_promise_the_law_s_month_counts(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("icm")  # the 10 working days are for applicants only, not a promise for every request
    erasure = intake.intake(vault, post.send, "erasure", "an@example.nl", base_url=BASE, by=BY, received_at=AMS_NOON)
    assert erasure.request.due_on == date(2026, 6, 1)  # 30 May is a Saturday


@pytest.mark.parametrize(
    ("kind", "email", "details", "message"),
    [
        ("inspection", "an@example.nl", {}, "type: 'inspection' is not a request type"),
        ("access", "not-an-address", {}, "email"),
        ("access", "an@example.nl", {"colour": "blue"}, "details: colour not expected with a access request"),
        ("erasure", "an@example.nl", {"activities": ["nope"]}, "details.activities: 'nope' is not an activity"),
        ("erasure", "an@example.nl", {"no_contact": "yes"}, "details.no_contact: true or false"),
        ("question", "an@example.nl", {}, "details.text: a question needs its text"),
        ("rectification", "an@example.nl", {"changes": ["phone"]}, "details.changes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    seeded: Callable[[str], Vault], post: Post, kind: str, email: str, details: dict[str, object], message: str
) -> None:
    vault = seeded("ivio")
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        intake.intake(vault, post.send, kind, email, base_url=BASE, by=BY, details=details)
    assert _count(vault) == 0 and post.inbox.messages == []


def test_a_request_from_the_future_is_refused(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ivio")
    with pytest.raises(InputError, match=r"received_at: .* is in the future"):
        intake.intake(vault, post.send, "access", "an@example.nl", base_url=BASE, by=BY,
                      received_at=datetime.now(UTC) + timedelta(days=1))  # fmt: skip


def test_lists_and_the_clock(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ivio")  # 4 weeks
    now = datetime.now(UTC)
    late = intake.intake(vault, post.send, "access", "a@example.nl", base_url=BASE, by=BY,
                         received_at=now - timedelta(days=40)).request  # fmt: skip
    soon = intake.intake(vault, post.send, "access", "b@example.nl", base_url=BASE, by=BY,
                         received_at=now - timedelta(days=24)).request  # fmt: skip
    fresh = intake.intake(vault, post.send, "access", "c@example.nl", base_url=BASE, by=BY).request
    with vault.unit() as unit:
        assert [r.id for r in requests.listed(unit)] == [late.id, soon.id, fresh.id]
        assert [r.id for r in requests.listed(unit, overdue=True)] == [late.id]
        assert [r.id for r in requests.listed(unit, due_within=timedelta(days=7))] == [late.id, soon.id]
        shown = requests.show(unit, late.id).as_dict(now)
    assert shown["clock"]["overdue"] is True and shown["clock"]["days_left"] < 0  # type: ignore[index]
    assert [s["step"] for s in shown["steps"]] == ["received", "verification_sent", "receipt_sent"]  # type: ignore[union-attr]


def test_an_extension_within_the_first_month_is_told_with_its_reason(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ikwerkindezorg")
    opened = intake.intake(vault, post.send, "access", "an@example.nl", base_url=BASE, by=BY, received_at=AMS_NOON)
    extended = fulfil.extend(vault, post.send, opened.request.id, "Wij moeten gegevens uit vijf systemen halen.",
                             by=BY, at=AMS_NOON + timedelta(days=10))  # fmt: skip
    assert extended.due_on == date(2026, 7, 30) and extended.extended
    text = post.text("an@example.nl")
    assert "Wij moeten gegevens uit vijf systemen halen." in text and "30 juli 2026" in text
    with pytest.raises(RefusedError, match="already extended"):
        fulfil.extend(vault, post.send, opened.request.id, "nog meer", by=BY, at=AMS_NOON + timedelta(days=11))
    late = intake.intake(vault, post.send, "access", "bo@example.nl", base_url=BASE, by=BY, received_at=AMS_NOON)
    with pytest.raises(RefusedError, match="within the first month, which ended 2026-06-01"):
        fulfil.extend(vault, post.send, late.request.id, "te laat", by=BY, at=AMS_NOON + timedelta(days=40))
    with vault.unit() as unit:
        assert not requests.show(unit, late.request.id).extended


def test_an_id_copy_counts_only_once_deleted_and_the_reminder_says_what_to_black_out(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ivio")  # identification by ID copy, with photo, MRZ, document number and BSN blacked out
    opened = intake.intake(vault, post.send, "access", "an@example.nl", base_url=BASE, by=BY, channel="post")
    with vault.unit() as unit, pytest.raises(RefusedError, match="bsn, document_number, mrz, photo"):
        requests.verify_by_staff(vault, unit, opened.request.id, "ID copy by post", id_copy=True, by=BY)
    with vault.unit() as unit:
        view = requests.verify_by_staff(vault, unit, opened.request.id, "ID copy by post", id_copy=True,
                                        id_copy_deleted=True, by=BY)  # fmt: skip
    assert view.status == "verified" and view.verified_how is not None and "deleted" in view.verified_how


def test_an_unverified_request_is_not_fulfilled(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ivio")
    opened = intake.intake(vault, post.send, "erasure", "an@example.nl", base_url=BASE, by=BY)
    with pytest.raises(RefusedError, match="not verified yet"):
        fulfil.fulfil(vault, post.send, opened.request.id, by=BY)


def test_a_refusal_gives_the_reason_and_the_way_to_complain(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("igen")
    opened = intake.intake(vault, post.send, "erasure", "an@example.nl", base_url=BASE, by=BY)
    view = fulfil.refuse(vault, post.send, opened.request.id, "Het verzoek is kennelijk ongegrond.", by=BY)
    text = post.text("an@example.nl")
    assert view.status == "refused" and "Het verzoek is kennelijk ongegrond." in text
    assert "Autoriteit Persoonsgegevens" in text and "geen kosten" in text
    with vault.unit() as unit:
        assert unit.data.get(Request, opened.request.id).contact is None, "the address goes with the answer"
    with pytest.raises(RefusedError, match="already refused"):
        fulfil.refuse(vault, post.send, opened.request.id, "again", by=BY)


def test_a_receipt_that_cannot_be_sent_leaves_the_request_stored(seeded: Callable[[str], Vault]) -> None:
    vault = seeded("ivio")
    dead = SmtpMailer("127.0.0.1", free_port(), "privacy@example.nl", timeout=2).send
    opened = intake.intake(vault, dead, "access", "an@example.nl", base_url=BASE, by=BY)
    assert opened.mail_error is not None and "an@example.nl" not in opened.mail_error
    assert [s.step for s in opened.request.steps][-1] == "mail_failed"


def test_an_answer_that_cannot_be_sent_changes_nothing(vault: Vault, post: Post) -> None:
    email, _ = add_person(vault, ["newsletter"])  # the minimal register: no system, processor or recipient
    opened = intake.intake(vault, post.send, "erasure", email, base_url=BASE, by=BY, verified="known")
    dead = SmtpMailer("127.0.0.1", free_port(), "privacy@example.nl", timeout=2).send
    with pytest.raises(DeliveryError, match=r"127\.0\.0\.1"):
        fulfil.fulfil(vault, dead, opened.request.id, by=BY)
    with vault.unit() as unit:
        assert requests.show(unit, opened.request.id).status == "verified"
        assert unit.data.execute(select(func.count()).select_from(Record)).scalar_one() == 1
    assert fulfil.fulfil(vault, post.send, opened.request.id, by=BY).request.status == "fulfilled"


def test_every_step_is_in_the_audit_trail_without_the_persons_data(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("igen")
    email, _ = add_person(vault, ["newsletter"])
    opened = intake.intake(vault, post.send, "question", email, base_url=BASE, by=BY,
                           details={"text": "Mag ik mijn gegevens zien?"})  # fmt: skip
    fulfil.fulfil(vault, post.send, opened.request.id, by=BY, given=fulfil.Instructions(answer="Ja."))
    with vault.unit() as unit:
        entries = audit.of_kind(unit.data, "request.step")
    assert [e.payload["step"] for e in entries] == ["received", "verification_sent", "receipt_sent", "fulfilled",
                                                    "answer_sent"]  # fmt: skip
    dumped = json.dumps([e.payload for e in entries])
    assert email not in dumped and "Mag ik" not in dumped
