"""Tasks a request gives to others: each recipient is told of a rectification, erasure or restriction
(Art 19), and each processor carries it out in its own systems, by the request's deadline."""

from __future__ import annotations

from collections.abc import Iterable

from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights.models import Request, Task
from waarborg.vault.service import Unit

TOLD = ("rectification", "erasure", "restriction")


def targets(register: Register, activities: Iterable[str]) -> dict[tuple[str, str], list[str]]:
    """(kind, key) of every processor and outside recipient of these activities, with the activities."""
    found: dict[tuple[str, str], list[str]] = {}
    for activity in sorted(set(activities)):
        spec = register.activities.get(activity)
        if spec is None:
            continue
        for key in spec.processors:
            found.setdefault(("processor", key), []).append(activity)
        for key in spec.recipients:
            recipient = register.recipients.get(key)
            if recipient is not None and recipient.kind != "internal":
                found.setdefault(("recipient", key), []).append(activity)
    return found


def name_of(register: Register, kind: str, key: str, lang: str) -> str:
    if kind == "processor" and key in register.processors:
        return register.processors[key].name
    if kind == "recipient" and key in register.recipients:
        return tr(register.recipients[key].name, lang, key)
    return key


def create(unit: Unit, register: Register, request: Request, action: str, activities: Iterable[str]) -> list[str]:
    """One open task per processor and outside recipient; the names to tell the person."""
    names = []
    for (kind, key), concerned in targets(register, activities).items():
        unit.data.add(
            Task(
                request_id=request.id,
                target=key,
                target_kind=kind,
                action=action,
                activities=concerned,
                due_at=request.due_at,
            )
        )
        names.append(name_of(register, kind, key, request.lang))
    return names
