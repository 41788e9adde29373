"""The lint engine: rules with an ID, a severity, a bilingual message and the law they rest on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from waarborg.register.loader import LoadedRegister, dotted
from waarborg.register.schema import Register
from waarborg.register.source import Path


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Hit:
    """Where a rule found something, and the values its message needs."""

    path: Path
    params: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Register], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    source: str
    message_nl: str
    message_en: str
    check: Check

    def message(self, lang: str, params: dict[str, Any]) -> str:
        template = self.message_nl if lang == "nl" else self.message_en
        localised = {k: v.get(lang, v.get("en")) if isinstance(v, dict) else v for k, v in params.items()}
        return template.format(**localised)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    hit: Hit
    file: str
    line: int

    @property
    def path(self) -> str:
        return dotted(self.hit.path)

    def message(self, lang: str = "en") -> str:
        return self.rule.message(lang, self.hit.params)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "severity": str(self.rule.severity),
            "message": self.message(lang),
            "messages": {"nl": self.message("nl"), "en": self.message("en")},
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "source": self.rule.source,
        }


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, title: str, *, source: str, nl: str, en: str) -> Callable[[Check], Check]:
    """Register a check function as a lint rule."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"duplicate lint rule {rule_id}")
        RULES[rule_id] = Rule(rule_id, Severity(severity), title, source, nl, en, check)
        return check

    return register


_SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def run(loaded: LoadedRegister, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """All findings for a register, in file order."""
    findings = [
        Finding(r, hit, loaded.file, loaded.line_of(hit.path))
        for r in (rules if rules is not None else RULES.values())
        for hit in r.check(loaded.register)
    ]
    return sorted(findings, key=lambda f: (f.line, _SEVERITY_ORDER[f.rule.severity], f.rule.id, f.path))


def each_activity(register: Register) -> Iterator[tuple[Path, Any]]:
    for name, activity in register.activities.items():
        yield ("activities", name), activity
