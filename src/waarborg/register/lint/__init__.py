"""Lint a register against the AVG/GDPR and Dutch law. Importing this package loads every rule."""

from waarborg.register.lint import (  # noqa: F401  (importing registers the rules)
    rules_basis,
    rules_camera,
    rules_confirm,
    rules_cookies,
    rules_language,
    rules_marketing,
    rules_requests,
    rules_retention,
    rules_transfers,
    rules_transparency,
)
from waarborg.register.lint.engine import RULES, Finding, Rule, Severity, run

__all__ = ["RULES", "Finding", "Rule", "Severity", "run"]
