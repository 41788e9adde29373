"""Cross-references inside a register: every name used must be declared.

Pydantic checks each part on its own; this pass checks that the parts fit together. Each problem is
``(path, message, at_key)``; the loader turns the path into a file position.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from waarborg.register.schema import BUILTIN_EVENTS, Activity, Register
from waarborg.register.source import Path
from waarborg.register.taxonomy import Kind, default_keys
from waarborg.register.types import Action

RefProblem = tuple[Path, str, bool]


def _unknown(path: Path, name: str, what: str, declared: Iterable[str], where: str) -> RefProblem:
    options = sorted(declared)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    hint = (
        f" (did you mean '{close[0]}'?)"
        if close
        else (f"; declared: {', '.join(options)}" if 0 < len(options) <= 12 else "")
    )
    return path, f"'{name}' is not a declared {what}{hint}; declare it under {where}", False


def check_references(register: Register) -> list[RefProblem]:
    return [
        *_check_taxonomy(register),
        *_check_statement(register),
        *_check_activities(register),
        *_check_processors(register),
        *_check_systems(register),
        *_check_roles(register),
        *_check_self_correct(register),
        *_check_cookies(register),
    ]


def _terms(register: Register, kind: Kind) -> set[str]:
    return set(default_keys()[kind]) | set(getattr(register.taxonomy, kind))


def _check_taxonomy(register: Register) -> Iterator[RefProblem]:
    kinds: tuple[Kind, ...] = ("data_categories", "data_uses", "data_subjects")
    for kind in kinds:
        defaults = default_keys()[kind]
        for key, term in getattr(register.taxonomy, kind).items():
            path: Path = ("taxonomy", kind, key)
            if key in defaults:
                yield path, f"'{key}' is already in the fideslang taxonomy; use it without declaring it", True
            if term.parent and term.parent not in defaults | set(getattr(register.taxonomy, kind)):
                yield _unknown((*path, "parent"), term.parent, "taxonomy term", defaults, "taxonomy")
    for key, subject in register.subjects.items():
        if subject.taxonomy not in _terms(register, "data_subjects"):
            yield _unknown(
                ("subjects", key, "taxonomy"),
                subject.taxonomy,
                "data subject in the fideslang taxonomy",
                _terms(register, "data_subjects"),
                "taxonomy.data_subjects",
            )


def _check_statement(register: Register) -> Iterator[RefProblem]:
    statement = register.statement
    if statement.language not in statement.languages:
        yield (
            ("statement", "language"),
            (f"'{statement.language}' is not among statement.languages ({', '.join(statement.languages)})"),
            False,
        )


def _check_activities(register: Register) -> Iterator[RefProblem]:
    categories = _terms(register, "data_categories")
    uses = _terms(register, "data_uses")
    events = set(BUILTIN_EVENTS) | set(register.events)
    for name, activity in register.activities.items():
        base: Path = ("activities", name)
        for i, subject in enumerate(activity.subjects):
            if subject not in register.subjects:
                yield _unknown((*base, "subjects", i), subject, "kind of data subject", register.subjects, "subjects")
        for i, purpose in enumerate(activity.purposes):
            if purpose.use not in uses:
                yield _unknown(
                    (*base, "purposes", i, "use"),
                    purpose.use,
                    "data use in the fideslang taxonomy",
                    uses,
                    "taxonomy.data_uses",
                )
        sources = {source.key for source in activity.sources}
        for key, field in activity.fields.items():
            if field.category not in categories:
                yield _unknown(
                    (*base, "fields", key, "category"),
                    field.category,
                    "data category in the fideslang taxonomy",
                    categories,
                    "taxonomy.data_categories",
                )
            if field.source and field.source not in sources:
                yield _unknown(
                    (*base, "fields", key, "source"),
                    field.source,
                    "source of this activity",
                    sources,
                    f"activities.{name}.sources",
                )
        for i, processor in enumerate(activity.processors):
            if processor not in register.processors:
                yield _unknown((*base, "processors", i), processor, "processor", register.processors, "processors")
        for i, system in enumerate(activity.systems):
            if system not in register.systems:
                yield _unknown((*base, "systems", i), system, "system", register.systems, "systems")
        for i, recipient in enumerate(activity.recipients):
            if recipient not in register.recipients:
                yield _unknown((*base, "recipients", i), recipient, "recipient", register.recipients, "recipients")
        yield from _check_retention(base, activity, events)
        yield from _check_notice(base, activity, events)


def _check_retention(base: Path, activity: Activity, events: set[str]) -> Iterator[RefProblem]:
    options = set(activity.consent.options) if activity.consent else set()
    for i, rule in enumerate(activity.retention):
        path: Path = (*base, "retention", i)
        for attr in ("fields", "keep_fields"):
            for j, field in enumerate(getattr(rule, attr) or []):
                if field not in activity.fields:
                    yield _unknown(
                        (*path, attr, j),
                        field,
                        "field of this activity",
                        activity.fields,
                        f"{'.'.join(map(str, base))}.fields",
                    )
        for j, event in enumerate(rule.after):
            if event not in events:
                yield _unknown((*path, "after", j), event, "event", events, "events")
        if rule.if_consent and rule.if_consent not in options:
            yield _unknown(
                (*path, "if_consent"),
                rule.if_consent,
                "consent option of this activity",
                options,
                f"{'.'.join(map(str, base))}.consent.options",
            )
        if rule.then == Action.minimise and not rule.keep_fields:
            yield (*path, "then"), "'minimise' needs keep_fields: the fields that stay", False
        if rule.keep_fields and rule.then not in (Action.minimise, Action.anonymise):
            yield (*path, "keep_fields"), "keep_fields only goes with then: minimise or then: anonymise", True
        if rule.do_not_contact and rule.then != Action.minimise:
            yield (*path, "do_not_contact"), "do_not_contact only goes with then: minimise", True


def _check_notice(base: Path, activity: Activity, events: set[str]) -> Iterator[RefProblem]:
    notice = activity.notice
    if notice is None:
        return
    options = set(activity.consent.options) if activity.consent else set()
    if notice.ask and notice.ask not in options:
        where = f"{'.'.join(map(str, base))}.consent.options"
        yield _unknown((*base, "notice", "ask"), notice.ask, "consent option of this activity", options, where)
    for attr in ("yes_event", "no_event", "no_answer_event"):
        name = getattr(notice, attr)
        if name and name not in events:
            yield _unknown((*base, "notice", attr), name, "event", events, "events")


def _check_processors(register: Register) -> Iterator[RefProblem]:
    for key, processor in register.processors.items():
        for i, sub in enumerate(processor.sub_processors):
            if sub not in register.processors:
                yield _unknown(
                    ("processors", key, "sub_processors", i),
                    sub,
                    "processor",
                    register.processors,
                    "processors",
                )


def _check_systems(register: Register) -> Iterator[RefProblem]:
    for key, system in register.systems.items():
        base: Path = ("systems", key)
        if system.processor is not None and system.processor not in register.processors:
            yield _unknown((*base, "processor"), system.processor, "processor", register.processors, "processors")
        tables = system.sql.tables if system.sql else {}
        for name, spec in tables.items():
            for column, target in spec.links.items():
                table, _, target_column = target.partition(".")
                if table not in tables or not target_column:
                    yield (
                        (*base, "sql", "tables", name, "links", column),
                        (f"'{target}' is not 'table.column' of a table declared under this system's sql.tables"),
                        False,
                    )
        if tables and not any(spec.identity for spec in tables.values()):
            yield (*base, "sql", "tables"), "no table has an identity column: Waarborg cannot find a person", True


def _check_self_correct(register: Register) -> Iterator[RefProblem]:
    """A person corrects only what they supplied, and never what decides which staff see their record."""
    linking = {role.scope.linked_by for role in register.roles.values() if role.scope}
    for key, activity in register.activities.items():
        for name, field in activity.fields.items():
            if not field.self_correct:
                continue
            path: Path = ("activities", key, "fields", name, "self_correct")
            if field.source is not None:
                yield path, f"'{name}' comes from '{field.source}', not from the person: staff correct it", False
            elif name in linking:
                yield path, f"'{name}' decides which staff see the record (a role's scope): staff correct it", False


def _check_roles(register: Register) -> Iterator[RefProblem]:
    for key, role in register.roles.items():
        base: Path = ("roles", key)
        if role.activities == ["all"]:
            activities = list(register.activities.values())
        else:
            activities = []
            for i, name in enumerate(role.activities):
                if name in register.activities:
                    activities.append(register.activities[name])
                else:
                    yield _unknown((*base, "activities", i), name, "activity", register.activities, "activities")
        fields = {field for activity in activities for field in activity.fields}
        if role.fields != ["all"]:
            for i, field in enumerate(role.fields):
                if field not in fields:
                    yield _unknown(
                        (*base, "fields", i),
                        field,
                        "field of the role's activities",
                        fields,
                        "the activities' fields",
                    )
        if role.scope and role.scope.linked_by not in fields:
            yield _unknown(
                (*base, "scope", "linked_by"),
                role.scope.linked_by,
                "field of the role's activities",
                fields,
                "the activities' fields",
            )


def _check_cookies(register: Register) -> Iterator[RefProblem]:
    if not register.cookies:
        return
    parties = {**register.recipients, **register.processors}
    for path, key in (
        *((("cookies", "items", i, "recipient"), c.recipient) for i, c in enumerate(register.cookies.items)),
        *((("cookies", "embeds", i, "recipient"), e.recipient) for i, e in enumerate(register.cookies.embeds)),
    ):
        if key and key not in parties:
            yield _unknown(path, key, "recipient or processor", parties, "recipients or processors")
    for i, analytics in enumerate(register.cookies.analytics):
        if analytics.processor and analytics.processor not in register.processors:
            yield _unknown(
                ("cookies", "analytics", i, "processor"),
                analytics.processor,
                "processor",
                register.processors,
                "processors",
            )
