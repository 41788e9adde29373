"""What the scan proposes for a system's ``sql.tables``: per table its key, identity columns, links and personal
columns, for the tables a connector must know to find a person everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from waarborg.discovery.model import Link, TableResult, Verdict

PLAIN_EMAIL = ("email", "e_mail", "emailadres", "mailadres", "mail")


@dataclass
class Proposed:
    name: str
    key: str | None
    identity: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    columns: dict[str, Verdict] = field(default_factory=dict)
    reachable: bool = False


def propose(tables: Sequence[TableResult], links: Sequence[Link]) -> dict[str, Proposed]:
    """The tables holding personal data, and those linking them to a table with an identity column."""
    proposed = {
        t.name: Proposed(t.name, t.key, _identity(t), columns={v.column: v for v in t.personal}) for t in tables
    }
    for link in links:
        if link.table in proposed and link.target_table in proposed and link.column != proposed[link.table].key:
            proposed[link.table].links[link.column] = f"{link.target_table}.{link.target_column}"
    reached = {name for name, p in proposed.items() if p.identity}
    grown = True
    while grown:
        before = len(reached)
        reached |= {name for name, p in proposed.items()
                    if any(target.partition(".")[0] in reached for target in p.links.values())}  # fmt: skip
        grown = len(reached) > before
    kept = {name for name, p in proposed.items() if p.columns or (name in reached and p.links)}
    # a table linked to a person holds data about that person (a deal, an attendance), personal columns or not
    todo = list(kept & reached)
    while todo:  # the tables on the way from a personal table to its identity table
        for target in proposed[todo.pop()].links.values():
            parent = target.partition(".")[0]
            if parent in reached and parent not in kept:
                kept.add(parent)
                todo.append(parent)
    for name in reached:
        proposed[name].reachable = True
    for p in proposed.values():  # a link to a table that is not kept cannot be followed
        p.links = {c: t for c, t in p.links.items() if t.partition(".")[0] in kept}
    return {name: proposed[name] for name in (t.name for t in tables) if name in kept}


def _identity(table: TableResult) -> dict[str, str]:
    """The identity columns: per kind the plainest column ('email' before 'email2'), then the most confident."""
    chosen: dict[str, Verdict] = {}
    for verdict in table.verdicts:
        if verdict.identity is None:
            continue
        held = chosen.get(verdict.identity)
        if held is None or _rank(verdict) > _rank(held):
            chosen[verdict.identity] = verdict
    if "email" in chosen:  # a phone number is looked up only where there is no e-mail address to go by
        chosen.pop("phone", None)
    return {kind: verdict.column for kind, verdict in sorted(chosen.items())}


def _rank(verdict: Verdict) -> tuple[bool, float, int]:
    return verdict.column.lower() in PLAIN_EMAIL, verdict.confidence, -len(verdict.column)
