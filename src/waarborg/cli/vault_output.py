"""Text output for vault commands."""

from __future__ import annotations

from typing import Any

import typer

from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.due import describe_rule, rule_at
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.vault.views import SubjectView


def subject_dict(view: SubjectView, register: Register) -> dict[str, Any]:
    """The JSON form, with each record's rule in words beside its index (``due_rule``, counted from 0)."""
    result = view.as_dict()
    for record in result["records"]:
        rule = rule_at(register, record["activity"], record["due_rule"])
        record["due_rule_text"] = describe_rule(rule) if rule else None
    return result


def subject(view: SubjectView, register: Register) -> None:
    typer.echo(f"subject {view.id} ({view.status}), since {view.created_at:%Y-%m-%d %H:%M} UTC")
    for kind, value in view.identifiers:
        typer.echo(f"  {kind}: {value if value is not None else '(unreadable: key destroyed)'}")
    for record in view.records:
        activity = register.activities.get(record.activity)
        label = tr(activity.label, "en", record.activity) if activity else record.activity
        due = f"due {record.due_at.astimezone(AMSTERDAM):%Y-%m-%d %H:%M}" if record.due_at else "no due date"
        found = rule_at(register, record.activity, record.due_rule)
        rule = (
            f" by rule {record.due_rule + 1}: {describe_rule(found)}" if found and record.due_rule is not None else ""
        )
        typer.echo(
            f"  record {record.id}: {label} [{record.status}], collected {record.collected_at:%Y-%m-%d}, {due}{rule}"
        )
        for name, value in (record.values or {}).items():
            typer.echo(f"    {name}: {value}")
    for event in view.events:
        typer.echo(
            f"  event {event.name} at {event.at:%Y-%m-%d %H:%M}" + (f" ({event.activity})" if event.activity else "")
        )
