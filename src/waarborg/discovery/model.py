"""What a discovery scan reads and what it concludes: tables with their schema and sampled values, a verdict
per column, findings, and the report that carries them (counts and names only, never a sampled value)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LONGEST_VALUE = 2000
"""A sampled value is cut to this many characters: enough to judge, and a sample's memory stays bounded."""


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    """The column's type as the source names it ('VARCHAR(200)', 'INTEGER'; 'text' for a file's column)."""
    nullable: bool = True


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str
    """The column of ``table`` it refers to."""


@dataclass
class TableSample:
    """One table (or file, or sheet) as a scan sees it: its schema and a sample of its values as text."""

    name: str
    columns: list[ColumnInfo]
    key: str | None = None
    """The single-column primary key, if there is one."""
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexed: frozenset[str] = frozenset()
    """Columns that lead an index (primary key and unique constraints included): a look-up by them is quick."""
    rows: int | None = None
    """How many rows the table has (an estimate for a large database table; exact for a file)."""
    sampled: int = 0
    """How many rows were read."""
    values: dict[str, list[str]] = field(default_factory=dict)
    """Per column, the sampled non-empty values as text. Never written anywhere."""
    location: str = ""
    """Where the table came from, for messages: a file's path, or the database's description."""


@dataclass(frozen=True)
class Verdict:
    """What a column holds, judged from its name and its sampled values."""

    table: str
    column: str
    category: str | None
    """The proposed fideslang data category; None when the column holds no personal data."""
    confidence: float
    evidence: dict[str, int]
    """Kind ('BSN', 'EMAIL', 'NAME', 'HEALTH', ...) -> how many sampled values held it."""
    values: int
    """How many non-empty values were sampled."""
    hint: str | None = None
    """The column-name hint that matched ('bsn', 'geboortedatum'), if one did."""
    also: tuple[str, ...] = ()
    """Other categories the values hold (a free-text column with names and phone numbers)."""
    free_text: bool = False
    identity: str | None = None
    """The register's identifier kind ('email', 'phone', 'customer_id') when the column finds a person."""

    @property
    def personal(self) -> bool:
        return self.category is not None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "also": list(self.also)}


@dataclass(frozen=True)
class Link:
    """A column that refers to another table's key: from a foreign key, or found by its values."""

    table: str
    column: str
    target_table: str
    target_column: str
    how: str
    """'foreign key' or 'values' (share of sampled values found in the target)."""
    share: float = 1.0


@dataclass(frozen=True)
class DiscoveryFinding:
    """A difference between what the scan found and what the register says, lint-style."""

    rule: str
    severity: str
    source: str
    """The law it rests on ('Art 30(1)(c) AVG')."""
    table: str
    column: str | None
    messages: dict[str, str]
    """'nl' and 'en' -> the message."""

    @property
    def where(self) -> str:
        return f"{self.table}.{self.column}" if self.column else self.table

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "source": self.source, "table": self.table,
                "column": self.column, "where": self.where, "message": self.messages[lang],
                "messages": self.messages}  # fmt: skip


@dataclass(frozen=True)
class TableResult:
    name: str
    rows: int | None
    sampled: int
    key: str | None
    indexed: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    """One per column, in the table's column order."""

    @property
    def personal(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.personal)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows": self.rows, "sampled": self.sampled, "key": self.key,
                "indexed": list(self.indexed), "columns": [v.as_dict() for v in self.verdicts]}  # fmt: skip


@dataclass(frozen=True)
class Report:
    """A whole scan: what was read, what each column holds, the links, and the findings against the register."""

    source: str
    """The source without secrets: 'postgresql://host/db', 'sqlite:///…/crm.db', or a folder's path."""
    system: str | None
    made_at: str
    """ISO 8601, UTC."""
    sample: int
    """At most this many rows were read per table."""
    seed: int
    tables: tuple[TableResult, ...]
    links: tuple[Link, ...]
    findings: tuple[DiscoveryFinding, ...]
    seconds: float = 0.0

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "source": self.source, "system": self.system, "made_at": self.made_at, "sample": self.sample,
            "seed": self.seed, "seconds": round(self.seconds, 3),
            "tables": [t.as_dict() for t in self.tables], "links": [asdict(link) for link in self.links],
            "findings": [f.as_dict(lang) for f in self.findings],
        }  # fmt: skip
