"""A short account of a register: what it covers and how it fares against the lint rules."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from waarborg.register.lint import Finding, run
from waarborg.register.loader import LoadedRegister
from waarborg.register.types import tr


@dataclass(frozen=True)
class Summary:
    organisation: str
    file: str
    language: str
    activities: int
    fields: int
    processors: int
    retention_rules: int
    consent_options: int
    roles: int
    cookies: int
    findings: list[Finding]

    @property
    def counts(self) -> Counter[str]:
        return Counter(str(f.severity) for f in self.findings)


def summarise(loaded: LoadedRegister) -> Summary:
    register = loaded.register
    activities = register.activities.values()
    return Summary(
        organisation=register.organisation.name,
        file=loaded.file,
        language=register.statement.language.value,
        activities=len(register.activities),
        fields=sum(len(a.fields) for a in activities),
        processors=len(register.processors),
        retention_rules=sum(len(a.retention) for a in activities),
        consent_options=sum(len(a.consent.options) for a in activities if a.consent),
        roles=len(register.roles),
        cookies=len(register.cookies.items) if register.cookies else 0,
        findings=run(loaded),
    )


def activity_labels(loaded: LoadedRegister, lang: str) -> list[str]:
    return [tr(a.label, lang, key) for key, a in loaded.register.activities.items()]
