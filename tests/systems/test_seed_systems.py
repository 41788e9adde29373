"""The IkWerkindeZorg register's systems: an erasure gives each a task, waits for them, and the answer lists
what was done where."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.rights.helpers import BASE, BY, Post, add_person
from waarborg.core.errors import RefusedError
from waarborg.rights import fulfil, intake
from waarborg.vault import tasks
from waarborg.vault.service import Vault


def test_an_erasure_on_ikwerkindezorg_waits_for_every_listed_system(seeded: Callable[[str], Vault], post: Post) -> None:
    vault = seeded("ikwerkindezorg")
    email, _ = add_person(vault, ["newsletter", "learning"])
    opened = intake.intake(vault, post.send, "erasure", email, base_url=BASE, by=BY, verified="known member")
    done = fulfil.fulfil(vault, post.send, opened.request.id, by=BY)
    assert done.request.status == "waiting"
    listed = {vault.register.systems[k].name for a in ("newsletter", "learning")
              for k in vault.register.activities[a].systems}  # fmt: skip
    made = {t.name: t for t in done.request.tasks}
    assert listed <= set(made), "a task for each listed system"
    assert "OpenAI" not in made, "only the systems and processors of the person's activities"
    assert all(t.owner == "dpo" and t.due_at == done.request.due_at for t in made.values() if t.target_kind == "system")
    with pytest.raises(RefusedError, match="open tasks"):
        fulfil.close(vault, post.send, opened.request.id, by=BY)
    with vault.unit() as unit:
        for number, task in enumerate(tasks.listed(unit, request_id=opened.request.id)):
            if number == 0:
                tasks.close(vault, unit, task.id, "refused", "kept by the insurer's own obligation", by=BY)
            else:
                tasks.close(vault, unit, task.id, "done", f"removed from {task.name}", by=BY)
    answered = fulfil.close_if_done(vault, post.send, opened.request.id, by=BY)
    assert answered is not None and answered.request.status == "fulfilled"
    text = post.text(email)
    assert "Wat er waar is gebeurd:" in text
    for name in listed:
        assert f"- {name}: gedaan: removed from {name}" in text or f"- {name}: niet gedaan" in text
