"""The Art 30 record: the JSON keys others script against, and the CSV and workbook people open."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import openpyxl
import pytest

from tests.factories import DATA, ROOT, make_register
from waarborg.register.loader import load_register
from waarborg.register.ropa import ropa_csv, ropa_json, ropa_rows, ropa_xlsx
from waarborg.register.schema import Register

KEYS = [
    "activity", "name", "controller", "purposes", "legal_basis", "data_subjects", "data_categories",
    "recipients", "processors", "transfers", "retention", "security", "sources", "dpia",
    "automated_decisions", "systems", "to_confirm",
]  # fmt: skip
"""The documented top-level keys, written out: renaming one in the code must fail here."""

RETENTION_KEYS = {
    "period", "trigger", "trigger_labels", "action", "fields", "keep_fields", "condition", "law", "criteria",
    "text",
}  # fmt: skip
PERIOD = re.compile(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$|^as_long_as_necessary$|^indefinite$")
REGISTERS = [DATA / "minimal.yaml", *sorted((ROOT / "examples" / "registers").glob("*.yaml"))]


def minimal() -> Register:
    return load_register(DATA / "minimal.yaml").register


def row(register: Register, activity: str, lang: str = "en") -> dict[str, Any]:
    return next(r for r in ropa_rows(register, lang) if r["activity"] == activity)


def lms_in_us(data: dict[str, Any]) -> None:
    data["processors"]["lms"]["country"] = "US"
    data["processors"]["lms"]["transfer"] = {"mechanism": "scc", "reference": "SCC 2021/914 module 2"}


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def workbook(register: Register, lang: str = "en") -> Any:
    return openpyxl.load_workbook(io.BytesIO(ropa_xlsx(register, lang)))


# --- every register ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", REGISTERS, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rows_have_exactly_the_documented_keys(path: Any, lang: str) -> None:
    register = load_register(path).register
    rows = json.loads(ropa_json(register, lang))
    assert [r["activity"] for r in rows] == list(register.activities)
    for r in rows:
        assert list(r) == KEYS
        for rule in r["retention"]:
            assert set(rule) == RETENTION_KEYS
            assert PERIOD.match(rule["period"]), rule["period"]
            assert rule["action"] in {"delete", "anonymise", "minimise"}


@pytest.mark.parametrize("path", REGISTERS, ids=lambda p: p.name)
def test_csv_and_workbook_have_a_line_per_activity(path: Any) -> None:
    register = load_register(path).register
    lines = csv_rows(ropa_csv(register, "nl"))
    assert len(lines) == 1 + len(register.activities)
    assert [line[0] for line in lines[1:]] == list(register.activities)
    assert all(len(line) == len(KEYS) for line in lines)
    sheet = workbook(register, "nl")["Verwerkingsactiviteiten"]
    assert sheet.max_row == 1 + len(register.activities)


def test_json_is_plain_json() -> None:
    register = make_register(lms_in_us).register
    assert json.loads(ropa_json(register)) == ropa_rows(register)


# --- the columns, on the minimal register ----------------------------------------------------------


def test_controller_purposes_basis_and_subjects() -> None:
    courses = row(minimal(), "courses")
    assert courses["name"] == "Courses"
    assert courses["controller"]["name"] == "Voorbeeld Opleidingen B.V."
    assert courses["controller"]["address"] == "Stationsplein 1, 3511 ED Utrecht"
    assert courses["controller"]["dpo"] is None
    assert courses["controller"]["privacy_contact"]["email"] == "privacy@voorbeeld.nl"
    assert courses["purposes"] == ["To provide your course"]
    assert courses["legal_basis"]["basis"] == "contract"
    assert courses["legal_basis"]["article"] == "6(1)(b)"
    assert courses["data_subjects"] == ["Student"]
    assert row(minimal(), "courses", "nl")["data_subjects"] == ["Cursist"]


def test_data_categories() -> None:
    categories = row(minimal(), "courses")["data_categories"]
    assert [c["field"] for c in categories] == ["name", "email", "course"]
    assert categories[1] == {
        "field": "email",
        "category": "user.contact.email",
        "label": "E-mail address",
        "required": True,
        "special": False,
    }


def test_special_category_data_is_marked() -> None:
    def health(data: dict[str, Any]) -> None:
        data["activities"]["courses"]["fields"]["needs"] = {"category": "user.health_and_medical"}

    categories = row(make_register(health).register, "courses")["data_categories"]
    assert [c["field"] for c in categories if c["special"]] == ["needs"]


def test_recipients_include_the_roles_that_see_the_activity() -> None:
    assert row(minimal(), "courses")["recipients"] == [
        {"key": "instructor", "name": "Instructor", "kind": "role", "country": "NL"}
    ]
    assert row(minimal(), "newsletter")["recipients"] == []


def test_processors_with_agreement_date_as_iso_string() -> None:
    assert row(minimal(), "courses")["processors"] == [
        {
            "key": "lms",
            "name": "Leerplatform B.V.",
            "country": "NL",
            "agreement": {"signed": "2025-01-01", "reference": None},
            "sub_processors": [],
        }
    ]


def test_retention_is_an_iso_period_with_trigger_and_fields() -> None:
    (rule,) = row(minimal(), "courses")["retention"]
    assert rule["period"] == "P1Y"
    assert rule["trigger"] == ["course_completed"]
    assert rule["trigger_labels"] == ["End of the course"]
    assert rule["action"] == "delete"
    assert rule["fields"] == ["name", "email", "course"]
    assert rule["condition"] is None
    (unsubscribed,) = row(minimal(), "newsletter", "nl")["retention"]
    assert (unsubscribed["period"], unsubscribed["trigger"]) == ("P4W", ["unsubscribed"])


def test_a_rule_without_fields_covers_the_fields_no_other_rule_names() -> None:
    def split(data: dict[str, Any]) -> None:
        data["activities"]["courses"]["retention"] = [
            {"after": "course_completed", "keep": "P1Y"},
            {"after": "course_completed", "keep": "P7Y", "fields": ["name"], "law": "AWR art 52"},
            {"after": "course_completed", "keep": "as_long_as_necessary", "criteria": "while needed",
             "fields": ["course"], "then": "minimise", "keep_fields": ["course"]},
        ]  # fmt: skip

    rules = row(make_register(split).register, "courses")["retention"]
    assert [r["fields"] for r in rules] == [["email"], ["name"], ["course"]]
    assert [r["period"] for r in rules] == ["P1Y", "P7Y", "as_long_as_necessary"]
    assert rules[1]["law"] == "AWR art 52"
    assert (rules[2]["action"], rules[2]["keep_fields"], rules[2]["criteria"]) == (
        "minimise",
        ["course"],
        "while needed",
    )


def test_security_lists_activity_then_organisation_measures() -> None:
    assert row(minimal(), "courses")["security"] == ["Encryption", "Role-based access"]
    assert row(minimal(), "courses", "nl")["security"] == ["Versleuteling", "Toegang per rol"]


def test_basis_overrides_interest_law_special_condition_and_dpia() -> None:
    def richer(data: dict[str, Any]) -> None:
        courses = data["activities"]["courses"]
        courses["purposes"].append(
            {"use": "marketing", "text": "Tell alumni about new courses", "basis": "legitimate_interests"}
        )
        courses["interest"] = "Keeping in touch with alumni"
        courses["special_category"] = {"condition": "9(2)(a)", "text": "Explicit consent"}
        courses["dpia"] = {"reference": "DPIA-2025-01", "date": "2025-02-01"}

    courses = row(make_register(richer).register, "courses")
    basis = courses["legal_basis"]
    assert basis["per_purpose"] == [
        {"purpose": "Tell alumni about new courses", "basis": "legitimate_interests", "article": "6(1)(f)"}
    ]
    assert basis["interest"] == "Keeping in touch with alumni"
    assert basis["special_category"] == {"condition": "9(2)(a)", "text": "Explicit consent"}
    assert courses["dpia"] == {"reference": "DPIA-2025-01", "date": "2025-02-01", "reasons": []}


# --- transfers --------------------------------------------------------------------------------------


def test_no_transfers_inside_the_eea() -> None:
    assert [r["transfers"] for r in ropa_rows(minimal())] == [[], []]


def test_a_processor_outside_the_eea_is_a_transfer() -> None:
    register = make_register(lms_in_us).register
    assert row(register, "courses")["transfers"] == [
        {
            "party": "lms",
            "name": "Leerplatform B.V.",
            "kind": "processor",
            "country": "US",
            "mechanism": "scc",
            "reference": "SCC 2021/914 module 2",
            "derogation": None,
        }
    ]
    assert row(register, "newsletter")["transfers"] == []


def test_sub_processors_and_recipients_outside_the_eea_are_transfers() -> None:
    def chain(data: dict[str, Any]) -> None:
        data["processors"]["cloud"] = {"name": "Cloud Inc.", "country": "US", "role": "sub_processor",
                                       "sub_processors": ["lms"]}  # fmt: skip
        data["processors"]["lms"]["sub_processors"] = ["cloud"]
        data["recipients"] = {"uk_school": {"name": "Partner school", "kind": "controller", "country": "GB"}}
        data["activities"]["courses"]["recipients"] = ["uk_school"]

    courses = row(make_register(chain).register, "courses")
    assert courses["processors"][0]["sub_processors"] == [{"key": "cloud", "name": "Cloud Inc.", "country": "US"}]
    assert [(t["party"], t["kind"], t["country"], t["mechanism"]) for t in courses["transfers"]] == [
        ("cloud", "sub_processor", "US", None),
        ("uk_school", "controller", "GB", None),
    ]


def test_a_party_reached_twice_is_one_transfer_and_one_sheet_line() -> None:
    def twice(data: dict[str, Any]) -> None:
        lms_in_us(data)
        data["processors"]["mailer"] = {"name": "Mailer B.V.", "country": "NL", "sub_processors": ["lms"]}
        data["activities"]["courses"]["processors"] = ["lms", "mailer"]
        data["activities"]["newsletter"]["processors"] = ["mailer"]

    register = make_register(twice).register
    assert [t["party"] for t in row(register, "courses")["transfers"]] == ["lms"]
    assert [(t["party"], t["kind"]) for t in row(register, "newsletter")["transfers"]] == [("lms", "sub_processor")]
    transfers = workbook(register)["Transfers"]
    assert transfers.max_row == 2
    assert transfers["E2"].value == "Courses; Newsletter"
    processors = workbook(register)["Processors"]
    assert [(c[0].value, c[7].value) for c in processors.iter_rows(min_row=2)] == [
        ("lms", "Courses; Newsletter"),
        ("mailer", "Courses; Newsletter"),
    ]


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_headers_and_cells_in_english() -> None:
    header, courses, newsletter = csv_rows(ropa_csv(make_register(lms_in_us).register, "en"))
    assert header[:5] == ["Activity (key)", "Name", "Controller", "Purposes", "Legal basis"]
    cells = dict(zip(header, courses, strict=True))
    assert cells["Legal basis"] == "Contract (Art. 6(1)(b) GDPR)"
    assert cells["Retention periods"] == "Name, E-mail address, Private content: 1 year after end of the course: delete"
    assert cells["Transfers outside the EEA"] == (
        "Leerplatform B.V. (United States (US)): Standard contractual clauses (SCC), SCC 2021/914 module 2"
    )
    assert cells["Security measures"] == "Encryption; Role-based access"
    assert newsletter[0] == "newsletter"


def test_csv_in_dutch() -> None:
    header, courses, _ = csv_rows(ropa_csv(minimal(), "nl"))
    assert header[:3] == ["Activiteit (sleutel)", "Naam", "Verwerkingsverantwoordelijke"]
    cells = dict(zip(header, courses, strict=True))
    assert cells["Naam"] == "Opleidingen"
    assert cells["Grondslag"] == "Overeenkomst (art. 6(1)(b) AVG)"
    assert cells["Bewaartermijnen"] == "Naam, E-mailadres, Niet-openbare inhoud: 1 jaar na einde opleiding: verwijderen"


# --- XLSX -------------------------------------------------------------------------------------------


def test_workbook_sheets_in_english() -> None:
    book = workbook(make_register(lms_in_us).register, "en")
    assert book.sheetnames == ["Activities", "Processors", "Transfers"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet["A2"].alignment.wrap_text
    activities, processors, transfers = book.worksheets
    assert [c.value for c in activities[1]][:2] == ["Activity (key)", "Name"]
    assert activities["A2"].value == "courses"
    assert [c.value for c in processors[1]] == [
        "Key", "Name", "Country", "Role", "Processor agreement", "Agreement reference", "Transfer mechanism",
        "Activities", "Service",
    ]  # fmt: skip
    assert [c.value for c in processors[2]] == [
        "lms", "Leerplatform B.V.", "United States (US)", "Processor", "yes, signed 2025-01-01", None,
        "Standard contractual clauses (SCC)", "Courses", "Learning environment",
    ]  # fmt: skip
    assert [c.value for c in transfers[2]] == [
        "Leerplatform B.V.", "United States (US)", "Standard contractual clauses (SCC)", "SCC 2021/914 module 2",
        "Courses",
    ]  # fmt: skip
    assert 8 <= activities.column_dimensions["C"].width <= 60


def test_workbook_in_dutch() -> None:
    book = workbook(minimal(), "nl")
    assert book.sheetnames == ["Verwerkingsactiviteiten", "Verwerkers", "Doorgiften"]
    activities, processors, transfers = book.worksheets
    assert [c.value for c in activities[1]][:3] == ["Activiteit (sleutel)", "Naam", "Verwerkingsverantwoordelijke"]
    assert [c.value for c in processors[1]][:4] == ["Sleutel", "Naam", "Land", "Rol"]
    assert processors["G2"].value == "n.v.t. (EER)"
    assert [c.value for c in transfers[1]] == ["Partij", "Land", "Mechanisme", "Kenmerk", "Activiteiten"]
    assert transfers.max_row == 1
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)


def test_register_text_is_never_a_formula() -> None:
    def formula(data: dict[str, Any]) -> None:
        data["activities"]["courses"]["label"] = '=HYPERLINK("https://example.com")'

    cell = workbook(make_register(formula).register)["Activities"]["B2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("https://example.com")')


# --- docs -------------------------------------------------------------------------------------------


def test_docs_describe_every_key() -> None:
    doc = (ROOT / "docs" / "ropa.md").read_text(encoding="utf-8")
    for key in [*KEYS, *RETENTION_KEYS]:
        assert f"`{key}`" in doc, f"docs/ropa.md does not document `{key}`"
    for title in ("Verwerkingsactiviteiten", "Verwerkers", "Doorgiften", "Activities", "Processors", "Transfers"):
        assert title in doc


def test_an_indefinite_keep_has_no_then() -> None:
    def mutate(d: Any) -> None:
        d["activities"]["courses"]["retention"][0]["keep"] = "indefinite"

    header, courses, _ = csv_rows(ropa_csv(make_register(mutate).register, "en"))
    cell = dict(zip(header, courses, strict=True))["Retention periods"]
    assert (
        cell
        == "Name, E-mail address, Private content: no fixed period (from end of the course), not deleted automatically"
    )
    header, dutch, _ = csv_rows(ropa_csv(make_register(mutate).register, "nl"))
    assert dict(zip(header, dutch, strict=True))["Bewaartermijnen"].endswith(
        ": geen vaste termijn (vanaf einde opleiding), niet automatisch verwijderd"
    )


def test_inferred_values_are_kept_and_marked_to_confirm() -> None:
    def mutate(d: Any) -> None:
        d["processors"]["lms"].update(country="US", inferred={"country": "Not in the statement."})

    row = ropa_rows(make_register(mutate).register, "en")[0]
    assert row["processors"][0]["country"] == "US"
    assert row["to_confirm"] == [{"path": "processors.lms.country", "reason": "Not in the statement."}]
    header, courses, _ = csv_rows(ropa_csv(make_register(mutate).register, "en"))
    assert dict(zip(header, courses, strict=True))["To confirm (inferred)"] == (
        "processors.lms.country: Not in the statement."
    )
