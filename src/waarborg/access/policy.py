"""Who may do what: a principal's activities, visible fields, scope and actions, from the register's roles.

Enforced in the library (the vault asks the policy on every read and change), so neither the web nor the
CLI can go around it. The DPO sees everything, restricted records included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from waarborg.access.users import DPO, StaffUser
from waarborg.core.errors import ForbiddenError
from waarborg.register.schema import Register

Action = Literal["read", "rectify", "erase", "restrict", "export", "add"]


@dataclass(frozen=True)
class Principal:
    """An actor with its permissions. ``activities`` None means every activity."""

    actor: str
    actions: frozenset[str]
    activities: frozenset[str] | None = None
    fields: frozenset[str] | None = None  # None: every field
    linked_by: str | None = None
    scope: frozenset[str] = field(default_factory=frozenset)
    restricted: bool = False

    def may(self, action: str, activity: str) -> bool:
        return action in self.actions and (self.activities is None or activity in self.activities)

    def require(self, action: str, activity: str) -> None:
        if not self.may(action, activity):
            raise ForbiddenError(f"{self.actor} may not {action} data of activity '{activity}'")

    def sees(self, activity: str, status: str, values: dict[str, Any] | None) -> bool:
        """Whether a record is visible at all: activity, restriction, and scope (an instructor's courses)."""
        if not self.may("read", activity) or (status == "restricted" and not self.restricted):
            return False
        if self.linked_by is None:
            return True
        return values is not None and str(values.get(self.linked_by)) in self.scope

    def shown(self, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """The fields of a visible record this principal may see."""
        if values is None or self.fields is None:
            return values
        return {name: value for name, value in values.items() if name in self.fields}


def for_user(register: Register, user: StaffUser) -> Principal:
    actor = f"user:{user.username}"
    if user.role == DPO:
        return operator(actor)
    role = register.roles[user.role]
    activities = None if role.activities == ["all"] else frozenset(role.activities)
    fields = None if role.fields == ["all"] else frozenset(role.fields)
    return Principal(
        actor, frozenset(role.actions), activities, fields,
        linked_by=role.scope.linked_by if role.scope else None, scope=frozenset(user.scope), restricted=role.restricted,
    )  # fmt: skip


def for_api_key(key_id: str, name: str, activities: frozenset[str], can_read: bool) -> Principal:
    actions = {"add", "read"} if can_read else {"add"}
    return Principal(f"apikey:{key_id}:{name}", frozenset(actions), activities)


ALL_ACTIONS = frozenset({"read", "rectify", "erase", "restrict", "export", "add"})


def operator(actor: str) -> Principal:
    """Someone who runs Waarborg itself (the CLI with the master key, an import, a sweep): every right,
    and still named in the audit trail."""
    return Principal(actor, ALL_ACTIONS, restricted=True)
