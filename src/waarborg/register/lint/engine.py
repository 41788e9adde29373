"""The lint engine: rules with an ID, a severity, a bilingual message and the law they rest on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from waarborg.register.lint.inferred import inferred_marks, rests_on_inferred
from waarborg.register.loader import LoadedRegister, dotted
from waarborg.register.schema import Register
from waarborg.register.source import Path


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Hit:
    """Where a rule found something, and the values its message needs.

    ``rests_on`` names other values the finding depends on (the hit's own path always counts): a finding
    that rests on an inferred value says so and is at most a warning. ``about`` is the entry the defect is
    in; rules of one ``family`` report one finding per entry.
    """

    path: Path
    params: dict[str, Any] = field(default_factory=dict)
    rests_on: tuple[Path, ...] = ()
    about: Path | None = None


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
    family: str | None = None
    notes_inferred: bool = True

    def message(self, lang: str, params: dict[str, Any]) -> str:
        template = self.message_nl if lang == "nl" else self.message_en
        localised = {k: v.get(lang, v.get("en")) if isinstance(v, dict) else v for k, v in params.items()}
        return template.format(**localised)


INFERRED_NOTE = {
    "nl": " (berust op een aangenomen waarde: bevestig die eerst)",
    "en": " (rests on an inferred value: confirm it first)",
}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    hit: Hit
    file: str
    line: int
    inferred: bool = False
    """The finding rests on a value the statement does not give: noted, and an error counts as a warning."""

    @property
    def path(self) -> str:
        return dotted(self.hit.path)

    @property
    def severity(self) -> Severity:
        if self.inferred and self.rule.severity == Severity.error:
            return Severity.warning
        return self.rule.severity

    def message(self, lang: str = "en") -> str:
        note = INFERRED_NOTE["nl" if lang == "nl" else "en"] if self.inferred else ""
        return self.rule.message(lang, self.hit.params) + note

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "severity": str(self.severity),
            "message": self.message(lang),
            "messages": {"nl": self.message("nl"), "en": self.message("en")},
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "source": self.rule.source,
        }


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: str,
    title: str,
    *,
    source: str,
    nl: str,
    en: str,
    family: str | None = None,
    notes_inferred: bool = True,
) -> Callable[[Check], Check]:
    """Register a check function as a lint rule.

    Rules of one ``family`` find the same defect in different places (a mechanism and the sentence naming
    it): the run keeps one finding per entry. ``notes_inferred=False`` for rules about inferred values
    themselves.
    """

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"duplicate lint rule {rule_id}")
        RULES[rule_id] = Rule(rule_id, Severity(severity), title, source, nl, en, check, family, notes_inferred)
        return check

    return register


_SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def run(loaded: LoadedRegister, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """All findings for a register, in file order: one per defect, noting those that rest on inferred values."""
    marks = [path for path, _reason in inferred_marks(loaded.register)]
    findings = [
        Finding(
            r,
            hit,
            loaded.file,
            loaded.line_of(hit.path),
            r.notes_inferred and rests_on_inferred((hit.path, *hit.rests_on), marks),
        )
        for r in (rules if rules is not None else RULES.values())
        for hit in r.check(loaded.register)
    ]
    return sorted(one_per_defect(findings), key=_order)


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return finding.line, _SEVERITY_ORDER[finding.severity], finding.rule.id, finding.path


def one_per_defect(findings: list[Finding]) -> list[Finding]:
    """Within a rule family, keep the most severe finding (then the lowest rule id) per entry."""
    kept: dict[tuple[str, Path], Finding] = {}
    alone: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule.id, f.line)):
        if finding.rule.family is None:
            alone.append(finding)
            continue
        key = (finding.rule.family, finding.hit.about or finding.hit.path)
        kept.setdefault(key, finding)
    return alone + list(kept.values())


def each_activity(register: Register) -> Iterator[tuple[Path, Any]]:
    for name, activity in register.activities.items():
        yield ("activities", name), activity
