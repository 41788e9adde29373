"""Discovery scans in the office: the newest report per system (``waarborg discover`` keeps them) with its
findings, and one report's findings and personal columns per table, in the reader's language. For the privacy
officer and roles with ``audit``, like the audit trail. A report holds column names and counts, no one's data:
reading one is not audited."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from waarborg.core.errors import NotFoundError
from waarborg.discovery import store
from waarborg.vault.service import Vault
from waarborg.web.office_kit import auditor, lang_of, moment, page, vault_of, words

router = APIRouter(prefix="/office", include_in_schema=False)


@router.get("/discovery", response_class=HTMLResponse)
def discovery_page(request: Request) -> HTMLResponse:
    vault = vault_of(request)
    user, _who = auditor(request, vault)
    lang = lang_of(request)
    with vault.unit() as unit:
        rows = [_summary(vault, kept, lang) for kept in store.latest_reports(unit)]
    return page(request, "office_discovery.html.j2", words(request)["discovery"], user, rows=rows)


@router.get("/discovery/{report_id}", response_class=HTMLResponse)
def one_report(request: Request, report_id: int) -> HTMLResponse:
    vault = vault_of(request)
    user, _who = auditor(request, vault)
    t, lang = words(request), lang_of(request)
    with vault.unit() as unit:
        kept = store.report_by_id(unit, report_id)
    if kept is None:
        raise NotFoundError(f"there is no discovery report {report_id}")
    summary = _summary(vault, kept, lang)
    report = kept["report"]
    names = _identifiers(report)
    findings = [_finding(f, lang, names) for f in report.get("findings", [])]
    tables = [_table(t, table) for table in report.get("tables", [])]
    return page(request, "office_discovery_report.html.j2", f"{t['discovery_report']} {summary['name']}", user,
                r=summary, findings=findings, tables=tables)  # fmt: skip


def _summary(vault: Vault, kept: dict[str, Any], lang: str) -> dict[str, Any]:
    """A kept report as a row of the list: which system (its register name), when, and what was found."""
    system, tables = kept["system"], kept["report"].get("tables", [])
    known = vault.register.systems.get(system) if system else None
    return {
        "id": kept["id"],
        "name": known.name if known else (system or kept["source"]),
        "system": system,
        "known": known is not None,
        "source": kept["source"],
        "at": moment(kept["made_at"], lang),
        "tables": len(tables),
        "personal": sum(1 for table in tables for column in table.get("columns", []) if column.get("category")),
        "errors": kept["errors"],
        "warnings": kept["warnings"],
    }


def _identifiers(report: dict[str, Any]) -> set[str]:
    """The scanned system's own names a message may quote: its key, tables, columns, the hints, identity kinds."""
    names = {str(report.get("system") or ""), "email", "phone", "customer_id"}
    for table in report.get("tables", []):
        names.add(str(table.get("name", "")))
        for column in table.get("columns", []):
            names |= {str(column.get("column", "")), f"{table.get('name')}.{column.get('column')}",
                      str(column.get("hint") or "")}  # fmt: skip
    return names - {""}


IDENTIFIER = re.compile(r"[\w.]+")


def _marked(message: str, names: set[str]) -> Markup:
    """The message with each of the system's names in <code>: an identifier shown as it is, not a word."""

    def mark(found: re.Match[str]) -> str:
        word = found.group()
        core = word.rstrip(".")
        return f"<code>{core}</code>{word[len(core) :]}" if core in names else word

    return Markup(IDENTIFIER.sub(mark, str(escape(message))))  # escaped first: only the <code> marks are markup


def _finding(finding: dict[str, Any], lang: str, names: set[str]) -> dict[str, Any]:
    messages = finding.get("messages") or {}
    return {
        "severity": finding.get("severity", ""),
        "rule": finding.get("rule", ""),
        "where": finding.get("where", ""),
        "message": _marked(messages.get(lang) or finding.get("message", ""), names),
        "article": finding.get("source", ""),
    }


def _table(t: dict[str, str], table: dict[str, Any]) -> dict[str, Any]:
    """A scanned table with its personal columns: category, confidence, what the sample held, the name's hint."""
    columns = [
        {
            "name": column.get("column", ""),
            "category": column["category"],
            "confidence": f"{round(float(column.get('confidence', 0)) * 100)}%",
            "evidence": _evidence(t, column.get("evidence") or {}),
            "values": column.get("values", 0),
            "hint": column.get("hint") or "",
        }
        for column in table.get("columns", [])
        if column.get("category")
    ]
    return {"name": table.get("name", ""), "rows": table.get("rows"), "sampled": table.get("sampled", 0),
            "columns": columns}  # fmt: skip


def _evidence(t: dict[str, str], evidence: dict[str, int]) -> str:
    """What the sampled values held, most first, each kind in words ("e-mailadres 48, naam 2")."""
    ranked = sorted(evidence.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{t.get('pii_' + kind.lower(), kind)} {count}" for kind, count in ranked)
