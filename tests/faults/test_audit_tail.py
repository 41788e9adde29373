"""The audit trail's tail and head, attacked with the database in hand (no audit key): cutting off the newest
entries and fixing up the head, deleting the head, wiping everything. Each is found by `verify` (with an
anchor kept elsewhere where nothing in the database is left to tell), and audited work goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update

from waarborg.access import audit
from waarborg.access.audit import AuditEntry, AuditHead
from waarborg.access.events import RegisterChanged
from waarborg.access.policy import operator
from waarborg.core.timeutil import now
from waarborg.vault.service import Vault

BY = operator("test")


@pytest.fixture
def trail(vault: Vault) -> Vault:
    """Forty audited intakes and reads."""
    with vault.unit() as unit:
        for n in range(20):
            subject = vault.add_record(unit, "newsletter", {"email": f"p{n}@example.nl"}, by=BY).subject_id
            vault.get_subject(unit, subject, by=BY)
    return vault


def _last(vault: Vault) -> int:
    with vault.unit() as unit:
        return int(unit.data.execute(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one())


def _verify(vault: Vault, anchor: audit.Anchor | None = None) -> list[str]:
    with vault.unit() as unit:
        return [str(problem) for problem in audit.verify(unit.data, vault.ring.audit_key, anchor)]


def _cut_tail(vault: Vault, keep: int) -> None:
    """What an attacker with the database does: drop the newest entries, point the head at the last kept one."""
    with vault.unit() as unit:
        kept = unit.data.execute(select(AuditEntry.seq, AuditEntry.seal).where(AuditEntry.seq == keep)).one()
        unit.data.execute(delete(AuditEntry).where(AuditEntry.seq > keep))
        unit.data.execute(update(AuditHead).values(seq=kept.seq, seal=kept.seal))


def test_a_cut_off_tail_with_a_fixed_up_head_is_found(trail: Vault) -> None:
    last = _last(trail)
    _cut_tail(trail, last - 10)
    found = _verify(trail)
    assert found and "head" in found[0], found


def test_deleting_the_head_is_reported_and_audited_work_goes_on(trail: Vault) -> None:
    with trail.unit() as unit:
        unit.data.execute(delete(AuditHead))
    assert any("head" in problem and "deleted" in problem for problem in _verify(trail))
    with trail.unit() as unit:  # no IntegrityError: the trail goes on after its last entry
        trail.add_record(unit, "newsletter", {"email": "later@example.nl"}, by=BY)
    assert any("head" in problem for problem in _verify(trail)), "the deletion stays on the record"


def test_an_anchor_tells_how_much_is_missing_after_a_wipe_or_a_cut(trail: Vault, tmp_path: Path) -> None:
    with trail.unit() as unit:
        anchor = audit.anchor(unit.data, trail.ring.audit_key)
    saved = tmp_path / "anchor.json"
    saved.write_text(json.dumps(anchor.as_dict()), encoding="utf-8")
    kept = audit.Anchor.load(json.loads(saved.read_text(encoding="utf-8")), trail.ring.audit_key)
    assert _verify(trail, kept) == []
    _cut_tail(trail, anchor.seq - 5)
    assert any("5 entries are missing since the anchor" in p for p in _verify(trail, kept)), _verify(trail, kept)
    with trail.unit() as unit:
        unit.data.execute(delete(AuditEntry))
        unit.data.execute(delete(AuditHead))
    assert any(f"{anchor.seq} entries are missing since the anchor" in p for p in _verify(trail, kept))


def test_a_forged_anchor_is_refused(trail: Vault) -> None:
    with trail.unit() as unit:
        anchor = audit.anchor(unit.data, trail.ring.audit_key)
    forged = {**anchor.as_dict(), "seq": anchor.seq - 3}
    with pytest.raises(ValueError, match="signature"):
        audit.Anchor.load(forged, trail.ring.audit_key)


def test_an_altered_head_stays_reported_after_the_next_audited_operation(trail: Vault) -> None:
    """Resealing the head at the next write must not hide a cut: the mark is kept under the new seal."""
    _cut_tail(trail, _last(trail) - 10)
    with trail.unit() as unit:
        trail.add_record(unit, "newsletter", {"email": "after@example.nl"}, by=BY)
    found = _verify(trail)
    assert any("head was deleted or changed" in problem for problem in found), found


def test_removing_the_heads_seal_is_tampering_once_heads_are_sealed(trail: Vault) -> None:
    _cut_tail(trail, _last(trail) - 4)
    with trail.unit() as unit:
        unit.data.execute(update(AuditHead).values(mac=None))
        trail.add_record(unit, "newsletter", {"email": "after@example.nl"}, by=BY)
    assert any("head was deleted or changed" in problem for problem in _verify(trail))


def test_a_head_from_before_heads_were_sealed_is_sealed_once_without_alarm(vault: Vault) -> None:
    """A trail as an older version left it: entries chained, the head a plain copy without a seal."""
    key, after = vault.ring.audit_key, (0, audit.GENESIS)
    with vault.unit() as unit:
        for n in range(3):
            after = audit._append(unit.data, key, after, now(), BY.actor, RegisterChanged("ICM", f"{n}", "d", None))
        unit.data.execute(insert(AuditHead).values(id=audit.HEAD_ID, seq=after[0], seal=after[1], mac=None))
    with vault.unit() as unit:
        vault.add_record(unit, "newsletter", {"email": "new@example.nl"}, by=BY)
        kinds = [entry.kind for entry in audit.of_kind(unit.data, "audit.sealed")]
    assert kinds == ["audit.sealed"]
    assert _verify(vault) == []
