"""The access package: every record of the person, nothing of anyone else; other people in free text flagged."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.rights.helpers import BASE, BY, Post, add_person, complete
from waarborg.core.errors import RefusedError
from waarborg.rights import fulfil, intake
from waarborg.vault.models import Record
from waarborg.vault.service import Vault


def _access(vault: Vault, post: Post, email: str) -> str:
    opened = intake.intake(vault, post.send, "access", email, base_url=BASE, by=BY, verified="known caller")
    return opened.request.id


def _files(package: bytes | None) -> dict[str, bytes]:
    assert package is not None
    archive = zipfile.ZipFile(io.BytesIO(package))
    return {name: archive.read(name) for name in archive.namelist()}


def test_every_record_of_the_person_and_nothing_of_anyone_else(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ikwerkindezorg")
    email, mine = add_person(vault, ["newsletter", "membership", "learning"], seed=11)
    other, theirs = add_person(vault, ["newsletter", "membership", "learning"], seed=12)
    done = complete(vault, post, _access(vault, post, email),
                         fulfil.Instructions(release_flagged="synthetic text, checked"))  # fmt: skip
    files = _files(done.package)
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", email, by=BY)
        held = set(unit.data.execute(select(Record.id).where(Record.subject_id == subject)).scalars())
    document = json.loads(files["data.json"])
    assert {r["id"] for r in document["records"]} == held and len(held) == 3
    everything = b"".join(data for name, data in files.items() if not name.endswith(".pdf")).decode("utf-8", "replace")
    for activity, values in theirs.items():
        for name, value in values.items():
            if isinstance(value, str) and len(value) > 6 and value != mine[activity].get(name):
                assert value not in everything, f"{activity}.{name} of someone else is in the package"
    assert other not in everything
    assert "Autoriteit Persoonsgegevens" in files["overview-nl.html"].decode()


def test_other_peoples_names_and_addresses_in_free_text_are_flagged_before_release(
    seeded: Callable[[str], Vault], post: Post
) -> None:
    vault = seeded("ikwerkindezorg")
    note = "Overleg met mijn collega Piet Jansen via piet.jansen@example.org of 06-98765432 over mijn portfolio."
    email, _ = add_person(vault, ["matching"], seed=5, portfolio=note, correspondence="Geen bijzonderheden.")
    request_id = _access(vault, post, email)
    with pytest.raises(RefusedError, match="field portfolio: email") as refused:
        complete(vault, post, request_id)
    assert "piet.jansen" not in str(refused.value), "the refusal names places, not the data"
    done = fulfil.close(vault, post.send, request_id, by=BY, given=fulfil.Instructions(mask_flagged=True))
    files = _files(done.package)
    assert b"piet.jansen@example.org" not in files["data.json"] and b"98765432" not in files["data.json"]
    assert "[afgeschermd]" in json.loads(files["data.json"])["records"][0]["values"]["portfolio"]
    assert email.encode() in files["data.json"], "the person's own address is theirs to see"
    assert b"Piet Jansen" not in files["data.json"], "names of others too (the PII guard finds them)"
    assert done.request.outcome is not None and done.request.outcome["flagged"] == 3


def test_a_person_we_do_not_know_hears_that_we_hold_nothing(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ivio")
    done = fulfil.fulfil(vault, post.send, _access(vault, post, "onbekend@example.nl"), by=BY)
    assert done.package is None and done.request.outcome == {"held_nothing": True}
    assert "geen persoonsgegevens" in post.text("onbekend@example.nl")
