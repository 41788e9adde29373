"""The transaction rule, checked in the source: library functions work in the caller's unit; the few that
commit on purpose (batch runners, mail-sending workflows, schedulers) open their own and say so."""

from __future__ import annotations

import ast

from tests.factories import ROOT

SRC = ROOT / "src" / "waarborg"
SHELLS = ("cli", "web")  # the thin shells own their units: one per command or request


def _opens_a_unit(node: ast.AST) -> bool:
    return any(
        isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "unit"
        and not call.args and isinstance(call.func.value, ast.Name) and call.func.value.id in ("vault", "self")
        for call in ast.walk(node)
    )  # fmt: skip


def test_library_functions_that_commit_say_so() -> None:
    silent = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative.parts[0] in SHELLS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name != "unit" and _opens_a_unit(node):
                doc = ast.get_docstring(node) or ""
                if "commit" not in doc.lower():
                    silent.append(f"{relative}:{node.lineno} {node.name}")
    assert silent == [], "these open their own unit without saying why they commit:\n" + "\n".join(silent)
