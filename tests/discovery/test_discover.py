"""Discovery on the planted systems: every planted column found with its category, no decoy, the proposed
annotation makes the connector find a person in every table about people, and no value leaks anywhere."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

from tests.discovery import planted
from tests.discovery.conftest import Planted
from waarborg.core.errors import InputError
from waarborg.discovery.annotation import annotation
from waarborg.discovery.database import SqlSource
from waarborg.discovery.model import Report
from waarborg.discovery.report import discover, render_html, render_text
from waarborg.register.schema import Register
from waarborg.register.systems import SqlDataset
from waarborg.systems.connector import Connector


def scanned(url: str, register: Register | None = None, system: str | None = None, **options: int) -> Report:
    with SqlSource(url) as source:
        return discover(source, register=register, system=system, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reports(systems: Planted, planted_register: Register) -> dict[str, Report]:
    return {name: scanned(url, planted_register, name)
            for name, url in (("administration", systems.admin), ("crm", systems.crm))}  # fmt: skip


def _verdicts(reports: dict[str, Report]) -> dict[tuple[str, str], str | None]:
    return {(v.table, v.column): v.category for r in reports.values() for t in r.tables for v in t.verdicts}


def test_every_planted_column_is_found_with_its_category(reports: dict[str, Report]) -> None:
    found = _verdicts(reports)
    assert {where: found[where] for where in planted.PLANTED} == planted.PLANTED
    notes = next(v for t in reports["crm"].tables for v in t.verdicts if v.column == "tekst")
    assert {"user.name", "user.contact.phone_number"} <= set(notes.also), "the free text's names and phone numbers"
    unlisted = {(f.table, f.column) for r in reports.values() for f in r.findings if f.rule == "WD001"}
    assert set(planted.PLANTED) <= unlisted


def test_no_decoy_is_reported(reports: dict[str, Report]) -> None:
    found = _verdicts(reports)
    assert {where: found[where] for where in planted.DECOYS} == dict.fromkeys(planted.DECOYS)
    mentioned = {(f.table, f.column) for r in reports.values() for f in r.findings}
    assert not mentioned & planted.DECOYS
    assert not {f.table for r in reports.values() for f in r.findings} & {"products", "courses"}


def test_the_register_gaps_are_findings_with_their_article(reports: dict[str, Report]) -> None:
    by_rule = {(f.rule, f.where) for r in reports.values() for f in r.findings}
    assert ("WD003", "students.bsn") in by_rule, "a BSN where no activity cites a law"
    assert ("WD002", "enrolments.bijzonderheden") in by_rule, "health data no activity declares"
    assert ("WD005", "notes") in by_rule and ("WD006", "notes.contact_ref") in by_rule, "linked by value, no index"
    assert ("WD008", "deals") in by_rule, "a table about people the register does not list"
    health = next(f for f in reports["administration"].findings if f.rule == "WD002" and f.column == "bijzonderheden")
    assert health.severity == "error" and "art. 9" in health.messages["nl"] and "Art 9" in health.messages["en"]
    for finding in (f for r in reports.values() for f in r.findings):
        assert finding.source.startswith("Art") and finding.messages["nl"] != finding.messages["en"]


def test_the_proposed_annotation_loads_and_finds_the_person_in_every_table(
    systems: Planted, reports: dict[str, Report], planted_register: Register
) -> None:
    person = systems.people[41]
    for name, url in (("administration", systems.admin), ("crm", systems.crm)):
        proposed = yaml.safe_load(annotation(reports[name], planted_register.systems[name].sql))
        dataset = SqlDataset.model_validate(proposed)
        assert dataset.url_env == planted_register.systems[name].sql.url_env  # type: ignore[union-attr]
        about_people = {t.name for t in reports[name].tables if t.personal} | (
            {"deals"} if name == "crm" else set()
        )  # fmt: skip
        assert about_people <= set(dataset.tables)
        connector = Connector(dataset, url, b"k" * 32)
        try:
            rows = connector.export({"email": person["email"]})
        finally:
            connector.close()
        assert set(rows) == about_people, f"{name}: the person is found in every table about people"
        marked = [t for t in dataset.tables.values() if t.inferred]
        assert marked, "what the scan added is marked inferred"


def test_the_annotation_keeps_the_register_and_its_key_order(reports: dict[str, Report],
                                                             planted_register: Register) -> None:  # fmt: skip
    text_ = annotation(reports["administration"], planted_register.systems["administration"].sql)
    students = yaml.safe_load(text_)["tables"]["students"]
    assert list(students) == ["identity", "columns", "inferred"]
    assert list(students["columns"])[:4] == ["naam", "email", "telefoon", "geboortedatum"], "the register's first"
    assert "# BSN in" in text_ and "inferred" in students and "*" not in students["inferred"]


def test_no_sampled_value_appears_in_any_output(systems: Planted, reports: dict[str, Report],
                                                planted_register: Register, caplog: pytest.LogCaptureFixture
                                                ) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    again = scanned(systems.crm, planted_register, "crm")
    outputs = [json.dumps(again.as_dict(lang)) for lang in ("nl", "en")] + [caplog.text]
    for report in reports.values():
        outputs += [render_text(report, "nl"), render_text(report, "en"), render_html(report, "nl"),
                    json.dumps(report.as_dict("en")), annotation(report)]  # fmt: skip
    every = "\n".join(outputs)
    values = {str(p[k]) for p in systems.people for k in ("email", "naam", "telefoon", "bsn", "iban")}
    values |= {h.split(",")[0] for h in planted.HEALTH}
    leaked = sorted(v for v in values if v in every)
    assert leaked == []


def test_the_same_seed_reads_the_same_rows(systems: Planted) -> None:
    def tables(seed: int) -> list[dict[str, object]]:
        return [t.as_dict() for t in scanned(systems.admin, rows=40, seed=seed).tables]

    assert tables(7) == tables(7)
    assert tables(7) != tables(8)


def test_a_large_table_is_sampled_not_read_whole(systems: Planted) -> None:
    source = SqlSource(systems.admin)
    enrolments = source.sample("enrolments", rows=100, seed=7)
    assert enrolments.rows == 600 and 50 <= enrolments.sampled <= 100
    ids = [int(v) for v in enrolments.values["id"]]
    assert max(ids) - min(ids) > 300, "the sample comes from all of the table, not only its start"
    source.close()


def test_the_scan_cannot_write(systems: Planted, tmp_path: Path) -> None:
    source = SqlSource(systems.crm)
    with pytest.raises((OperationalError, ProgrammingError, InternalError)), source.engine.begin() as connection:
        connection.execute(text("DELETE FROM notes"))
    source.close()
    if systems.crm.startswith("sqlite"):
        path = Path(systems.crm.removeprefix("sqlite:///"))
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        scanned(systems.crm)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_bad_sources_are_refused_with_a_reason_and_nothing_is_made(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(InputError, match="no SQLite database at"):
        SqlSource(f"sqlite:///{missing}")
    assert not missing.exists(), "a scan never creates a database"
    with pytest.raises(InputError, match="cannot be read"):
        SqlSource("not a url")
    with pytest.raises(InputError, match="cannot be read"):
        SqlSource("postgresql://nobody:secret@127.0.0.1:1/none")


def test_the_reads_on_personal_data_use_an_index(systems: Planted) -> None:
    """The stretch of a sample and the link check read by key: planned on an index, not a scan of the table."""
    with SqlSource(systems.admin) as source:
        students = source.sample("students", rows=10, seed=7)
        statements = [(source.stretch_sql(students, 5), (1,)), (source.present_sql("students", "id", 2), (1, 2))]
        with source.engine.connect() as connection:
            cursor = connection.connection.cursor()
            plans = []
            for statement, values in statements:
                if source.engine.dialect.name == "sqlite":
                    cursor.execute("EXPLAIN QUERY PLAN " + statement, values)
                    plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
                else:  # tiny tables: make PostgreSQL show the plan it would use at scale
                    cursor.execute("SET enable_seqscan = off")
                    cursor.execute("EXPLAIN " + statement, values)
                    plans.append(" ".join(row[0] for row in cursor.fetchall()))
    for plan in plans:
        assert ("SEARCH students" in plan or "Index" in plan) and "Seq Scan" not in plan, plan


def test_a_wrong_category_and_what_the_database_lacks(systems: Planted) -> None:
    from tests.factories import make_register

    def stale(data: dict[str, object]) -> None:
        planted.with_systems(data)
        tables = data["systems"]["administration"]["sql"]["tables"]  # type: ignore[index]
        tables["students"]["columns"]["telefoon"] = "user.contact.email"
        tables["students"]["columns"]["fax"] = "user.contact.fax_number"
        tables["alumni"] = {"identity": {"email": "email"}, "columns": {"email": "user.contact.email"}}

    register = make_register(stale).register
    report = scanned(systems.admin, register, "administration")
    by_rule = {(f.rule, f.where): f for f in report.findings}
    wrong = by_rule[("WD004", "students.telefoon")]
    assert "de categorie e-mailadres, maar" in wrong.messages["nl"] and "telefoonnummer in" in wrong.messages["nl"]
    assert ("WD007", "students.fax") in by_rule and ("WD007", "alumni") in by_rule
    assert ("WD002", "students.bsn") not in by_rule and ("WD003", "students.bsn") in by_rule, "one finding per BSN"
