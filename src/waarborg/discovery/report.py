"""A discovery run and its report as text or a one-page HTML file a privacy officer can file."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from importlib import resources

from babel.numbers import format_decimal
from jinja2 import Environment, select_autoescape

from waarborg.discovery.compare import compare, evidence
from waarborg.discovery.model import Report, TableResult
from waarborg.discovery.scan import Progress, Source, scan
from waarborg.register.schema import Register
from waarborg.register.taxonomy import label


def discover(source: Source, *, register: Register | None = None, system: str | None = None, rows: int = 500,
             seed: int = 7, progress: Progress | None = None, database: bool = True) -> Report:  # fmt: skip
    """Scan the source and compare it with the register (and its system, when given)."""
    began = time.perf_counter()
    made_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    tables, links = scan(source, rows=rows, seed=seed, progress=progress)
    findings = compare(tables, links, register, system, database)
    return Report(source.description, system, made_at, rows, seed, tuple(tables), tuple(links), tuple(findings),
                  time.perf_counter() - began)  # fmt: skip


WORDS = {
    "nl": {"title": "Ontdekking van persoonsgegevens", "source": "Bron", "system": "Systeem", "made": "Gemaakt",
           "sample": "Steekproef", "rows_per_table": "rijen per tabel, startgetal", "tables": "Tabellen",
           "personal": "kolommen met persoonsgegevens", "findings": "Bevindingen", "none": "Geen bevindingen.",
           "table": "Tabel", "column": "Kolom", "category": "Categorie", "confidence": "Zekerheid",
           "evidence": "Bewijs", "rows": "rijen", "sampled": "gelezen", "links": "Koppelingen",
           "no_personal": "Geen persoonsgegevens gevonden.", "seconds": "seconden",
           "note": "Dit rapport bevat alleen kolomnamen en aantallen, nooit een gelezen waarde.",
           "error": "fout", "warning": "waarschuwing", "info": "info"},
    "en": {"title": "Personal data discovery", "source": "Source", "system": "System", "made": "Made",
           "sample": "Sample", "rows_per_table": "rows per table, seed", "tables": "Tables",
           "personal": "columns with personal data", "findings": "Findings", "none": "No findings.",
           "table": "Table", "column": "Column", "category": "Category", "confidence": "Confidence",
           "evidence": "Evidence", "rows": "rows", "sampled": "read", "links": "Links",
           "no_personal": "No personal data found.", "seconds": "seconds",
           "note": "This report holds column names and counts only, never a value that was read.",
           "error": "error", "warning": "warning", "info": "info"},
}  # fmt: skip


def render_text(report: Report, lang: str = "en") -> str:
    w = WORDS[lang]
    personal = sum(len(t.personal) for t in report.tables)
    lines = [f"{w['source']}: {report.source}" + (f" ({w['system']}: {report.system})" if report.system else ""),
             f"{w['tables']}: {len(report.tables)}; {personal} {w['personal']}; {w['sample']}: {report.sample} "
             f"{w['rows_per_table']} {report.seed}; {_number(report.seconds, lang, '0.0')} {w['seconds']}",
             ""]  # fmt: skip
    for table in report.tables:
        if table.personal:
            lines.append(f"{table.name} ({_rows(table, lang)} {w['rows']}, {table.sampled} {w['sampled']})")
            lines += [f"  {v.column}: {v.category} ({_number(v.confidence, lang, '0.00')}; {evidence(v)[lang]})"
                      for v in table.personal]  # fmt: skip
    lines += ["", f"{w['findings']}:" if report.findings else w["none"]]
    lines += [f"{f.where}: {w[f.severity]} {f.rule} {f.messages[lang]} [{f.source}]" for f in report.findings]
    return "\n".join(lines) + "\n"


def _number(value: float, lang: str, pattern: str = "#,##0") -> str:
    return format_decimal(value, format=pattern, locale=lang)


def _rows(table: TableResult, lang: str) -> str:
    return "?" if table.rows is None else _number(table.rows, lang)


def render_html(report: Report, lang: str = "en") -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(
        resources.files("waarborg.discovery").joinpath("report.html.j2").read_text("utf-8")
    )
    return template.render(report=report, w=WORDS[lang], lang=lang, evidence=evidence, label=label, number=_number,
                           personal=sum(len(t.personal) for t in report.tables))  # fmt: skip
