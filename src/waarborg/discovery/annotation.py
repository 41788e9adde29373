"""``waarborg discover --write-annotation``: the ``sql.tables`` a system's register entry needs, as YAML to paste.

Key order is the register's (key, identity, links, columns, then the keeper's ``inferred`` mark); what the register
already says is kept as it is, and everything the scan added is marked ``inferred`` with the reason, so
``waarborg check`` lists it to confirm (WB059) and nothing is published before someone has looked. Comments give
the evidence: counts per kind, never a value.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from waarborg.discovery.compare import evidence
from waarborg.discovery.model import Report, Verdict
from waarborg.discovery.proposal import Proposed, propose
from waarborg.register.systems import SqlDataset, SqlTable


def annotation(report: Report, dataset: SqlDataset | None = None) -> str:
    """The YAML of ``sql`` (url_env and tables) for the report's system, merged with what ``dataset`` says."""
    proposed = propose(list(report.tables), list(report.links))
    declared = dataset.tables if dataset else {}
    day = report.made_at[:10]
    lines = [
        f"# Proposed by `waarborg discover` on {day} from {report.source}",
        f"# (schema and at most {report.sample} sampled rows per table, seed {report.seed}). Paste under "
        f"systems.{report.system or 'NAME'}.sql;",
        "# confirm each value and remove its `inferred` mark; until then `waarborg check` lists it (WB059).",
        f"url_env: {_scalar(dataset.url_env if dataset else 'WAARBORG_SQL_' + (report.system or 'SYSTEM').upper())}",
        "tables:",
    ]
    for name in dict.fromkeys([*declared, *proposed]):
        lines += _table(name, declared.get(name), proposed.get(name), day, report.sample)
    return "\n".join(lines) + "\n"


def _table(name: str, spec: SqlTable | None, offer: Proposed | None, day: str, sample: int) -> list[str]:
    lines = [f"  {_scalar(name)}:"]
    key = spec.key if spec else (offer.key if offer else None) or "id"
    if key != "id":
        lines.append(f"    key: {_scalar(key)}")
    if offer is not None and not offer.reachable:
        lines.append("    # no identity column or link found: a request will not find this table's rows")
    added: list[str] = []
    identity: dict[str, str] = {str(kind): column for kind, column in spec.identity.items()} if spec else {}
    links = dict(spec.links) if spec else {}
    for kind, column in offer.identity.items() if offer else ():
        if kind not in identity:
            identity[kind] = column
            added.append("identity")
    for column, target in offer.links.items() if offer else ():
        if column not in links:
            links[column] = target
            added.append("links")
    if identity:
        lines.append(f"    identity: {_flow(identity)}")
    if links:
        lines.append(f"    links: {_flow(links)}")
    columns = dict(spec.columns) if spec else {}
    comments: dict[str, str] = {}
    for column, verdict in offer.columns.items() if offer else ():
        if column in columns or column in links or verdict.category is None:
            continue
        columns[column] = verdict.category
        comments[column] = _why(verdict)
        added.append("columns")
    if columns:
        lines.append("    columns:")
        lines += [f"      {_scalar(c)}: {_scalar(k)}" + (f"  # {comments[c]}" if c in comments else "")
                  for c, k in columns.items()]  # fmt: skip
    for field in ("fiscal", "mask"):
        value = getattr(spec, field) if spec else None
        if value:
            lines.append(f"    {field}: {_flow(value) if isinstance(value, dict) else 'true'}")
    reason = (f"Found by waarborg discover on {day} in the schema and at most {sample} sampled rows; "
              "confirm it against the system.")  # fmt: skip
    marks = {"*": reason} if spec is None else dict.fromkeys(dict.fromkeys(added), reason)
    if marks:
        lines.append("    inferred:")
        lines += [f"      {_scalar(f)}: {_scalar(r)}" for f, r in marks.items()]
    return lines


def _why(verdict: Verdict) -> str:
    said = evidence(verdict)["en"]
    extra = f"; also {', '.join(verdict.also)}" if verdict.also else ""
    return f"{said}; confidence {verdict.confidence:.2f}{extra}"


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _flow(mapping: Mapping[str, object]) -> str:
    return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in mapping.items()) + "}"
