"""The rendered privacy statement: every fact of the seeds in both languages, accessible HTML, PDF, Markdown."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from pypdf import PdfReader

from tests.factories import ROOT, make_register
from waarborg.register.lint.facts import applicable_rights
from waarborg.register.loader import load_register
from waarborg.register.render import render_statement
from waarborg.register.schema import Register
from waarborg.register.types import Right

SEEDS = ["icm", "ivio", "ikwerkindezorg", "igen"]

# Concrete facts of each original statement; each must be stated in both languages (nl, en).
# Values the statement gives only in part (a period without its start) are inferred and left out: not here.
FACTS: dict[str, list[tuple[str, str]]] = {
    "icm": [
        ("Joseph Haydnlaan 2a", "Joseph Haydnlaan 2a"), ("3533 AE Utrecht", "3533 AE Utrecht"),
        ("030 – 29 19 888", "030 – 29 19 888"), ("10 werkdagen", "10 working days"),
        ("Tips (maandelijks)", "Tips (monthly)"), ("Evenementen", "Events"), ("Aanbiedingen", "Offers"),
        ("30 dagen", "30 days"), ("90 dagen", "90 days"),
        ("Hotjar", "Hotjar"), ("Google Analytics", "Google Analytics"), ("LeadInfo", "LeadInfo"),
        ("Autoriteit Persoonsgegevens", "Autoriteit Persoonsgegevens"), ("9 december 2019", "December 9, 2019"),
        ("verder te surfen", "continuing to browse"),
    ],
    "ivio": [
        ("Bolderweg 2, 1332 AT Almere", "Bolderweg 2, 1332 AT Almere"), ("Postbus 1449", "Postbus 1449"),
        ("opleidingen@ivio.nl", "opleidingen@ivio.nl"), ("0320-229900", "0320-229900"),
        ("4 weken", "4 weeks"), ("26 maanden", "26 months"),
        ("Google", "Google"), ("Privacy Shield", "Privacy Shield"), ("Verenigde Staten", "United States"),
        ("Kikkers", "Kikkers"), ("Kamer van Koophandel", "Chamber of Commerce"),
        ("Autoriteit Persoonsgegevens", "Autoriteit Persoonsgegevens"),
    ],
    "ikwerkindezorg": [
        ("De Berken 2d, 7491 HJ Delden", "De Berken 2d, 7491 HJ Delden"),
        ("info@imhnederland.nl", "info@imhnederland.nl"),
        ("085 - 1300 436", "085 - 1300 436"), ("Zillah Holtkamp", "Zillah Holtkamp"), ("4 weken", "4 weeks"),
        ("maximaal 4 weken bewaard", "kept for at most 4 weeks"), ("5 jaar", "5 years"),
        ("Sendgrid", "Sendgrid"), ("Hubspot", "Hubspot"), ("Mollie", "Mollie"), ("Zoom", "Zoom"),
        ("Vimeo", "Vimeo"), ("A New Spring", "A New Spring"), ("OpenAI", "OpenAI"),
        ("IMH Nederland", "IMH Nederland"), ("Autoriteit Persoonsgegevens", "Autoriteit Persoonsgegevens"),
    ],
    "igen": [
        ("privacy@igen.nl", "privacy@igen.nl"), ("14 werkdagen", "14 working days"), ("14 dagen", "14 days"),
        ("één jaar nadat", "one year after"), ("5 jaar", "5 years"),
        ("niet benaderd", "not want to be approached"), ("Belastingdienst", "Belastingdienst"),
        ("Indeed", "Indeed"), ("LinkedIn", "LinkedIn"), ("Monsterboard", "Monsterboard"),
        ("Autoriteit Persoonsgegevens", "Autoriteit Persoonsgegevens"),
    ],
}  # fmt: skip


def seed(name: str) -> Register:
    return load_register(ROOT / "examples" / "registers" / f"{name}.yaml").register


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_statement_states_every_fact_of_the_original(name: str, lang: str) -> None:
    text = str(render_statement(seed(name), lang, "md"))
    missing = [pair[0 if lang == "nl" else 1] for pair in FACTS[name] if pair[0 if lang == "nl" else 1] not in text]
    assert not missing, f"{name} ({lang}) does not state: {missing}"


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_matches_the_golden_file(name: str, lang: str) -> None:
    golden = ROOT / "tests" / "golden" / f"{name}.{lang}.md"
    assert str(render_statement(seed(name), lang, "md")) == golden.read_text(encoding="utf-8"), (
        f"rendered statement of {name} ({lang}) changed: review, then `make golden`"
    )


class Structure(HTMLParser):
    """Collects what an accessibility review looks at first."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.external: list[str] = []
        self.th_without_scope = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attr in ("src", "href"):
            link = values.get(attr) or ""
            if tag in ("img", "script", "link") and link and not link.startswith(("#", "data:")):
                self.external.append(link)
        if tag == "th" and "scope" not in values:
            self.th_without_scope += 1


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_standalone_and_accessible(name: str, lang: str) -> None:
    register = seed(name)
    page = Structure()
    page.feed(str(render_statement(register, lang, "html")))
    assert page.lang == lang
    assert {"header", "nav", "main", "footer"} <= set(page.tags)
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), "heading level skipped"
    assert set(register.activities) <= page.ids, "every activity has an anchor"
    assert not page.external, page.external
    assert page.th_without_scope == 0


def test_html_escapes_register_text() -> None:
    register = make_register(lambda d: d["organisation"].update(name="<script>alert(1)</script> B.V."))
    html = str(render_statement(register.register, "nl", "html"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["ivio", "igen"])
def test_pdf_contains_every_activity_heading(name: str) -> None:
    register = seed(name)
    pdf = render_statement(register, "nl", "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for activity in register.activities.values():
        heading = " ".join((activity.label.get("nl") or activity.label.get("*") or "").split())
        assert heading in flat, heading


def test_tone_is_selectable() -> None:
    register = seed("igen")
    informal = str(render_statement(register, "nl", "md"))
    formal = str(render_statement(register, "nl", "md", tone="formal"))
    assert " je " in informal and "Je rechten" in informal
    assert "Uw rechten" in formal and "U kunt" in formal


def test_rights_follow_the_legal_basis() -> None:
    register = seed("ivio")
    website = applicable_rights(register.activities["website"])  # legitimate interests
    assert Right.objection in website and Right.portability not in website
    invoicing = applicable_rights(register.activities["invoicing"])  # legal obligation
    assert Right.erasure not in invoicing and Right.portability not in invoicing
    contract = applicable_rights(register.activities["identity_contact"])
    assert Right.portability in contract and Right.objection not in contract


def test_english_is_not_dutch() -> None:
    text = str(render_statement(seed("ivio"), "en", "md"))
    assert "Your rights" in text and "Hoe lang" not in text and "verwijderen wij" not in text


# --- inferred values: left out of a statement, marked 'to confirm' in a draft -------------------------------


def _inferred(path: str, name: str, extra: Any = None) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        if extra:
            extra(d)
        node: Any = d
        for part in path.split("."):
            node = node[int(part)] if part.isdigit() else node[part]
        node["inferred"] = {name: "The statement does not say."}

    return mutate


def _md(mutate: Any, draft: bool = False, lang: str = "nl") -> str:
    return str(render_statement(make_register(mutate).register, lang, "md", draft=draft))


def _us_processor(d: dict[str, Any]) -> None:
    d["processors"]["lms"]["country"] = "US"


def _recipient(d: dict[str, Any]) -> None:
    d["recipients"] = {"school": {"name": {"nl": "Je school", "en": "Your school"}, "kind": "controller"}}
    d["activities"]["courses"]["recipients"] = ["school"]


def _system(d: dict[str, Any]) -> None:
    d["systems"] = {"crm": {"name": "Klantsysteem", "owner": "instructor"}}
    d["activities"]["courses"]["systems"] = ["crm"]


def _policy(d: dict[str, Any]) -> None:
    d["transfers"] = {"mechanisms": ["scc"]}


MARK = "**[te bevestigen: "
INFERRED_KINDS: dict[str, tuple[Any, ...]] = {
    # what is inferred: (mutation, text a statement must not contain)
    "activity basis": (_inferred("activities.courses", "basis"), "artikel 6(1)(b) AVG"),
    "processor country": (_inferred("processors.lms", "country", _us_processor), "Verenigde Staten"),
    "retention rule": (_inferred("activities.courses.retention.0", "*"), "tot 1 jaar na"),
    "retention keep": (_inferred("activities.courses.retention.0", "keep"), "tot 1 jaar na"),
    "field required": (_inferred("activities.courses.fields.name", "required"), "Naam (verplicht)", "(verplicht)"),
    "recipient kind": (_inferred("recipients.school", "kind", _recipient), "zelfstandig"),
    "whole recipient": (_inferred("recipients.school", "*", _recipient), "Je school"),
    "transfer mechanisms": (_inferred("transfers", "mechanisms", _policy), "Wij steunen daarbij op"),
    "whole processor": (_inferred("processors.lms", "*"), "Leerplatform B.V."),
    "whole system": (_inferred("systems.crm", "*", _system), "Klantsysteem"),
}


@pytest.mark.parametrize("kind", sorted(INFERRED_KINDS))
def test_an_inferred_value_is_not_published(kind: str) -> None:
    mutate, text, *marked = INFERRED_KINDS[kind]
    assert text not in _md(mutate), f"{kind}: '{text}' published"
    assert (marked or [text])[0] in _md(mutate, draft=True), f"{kind}: '{text}' not in the draft"


@pytest.mark.parametrize("kind", sorted(INFERRED_KINDS))
def test_a_draft_marks_the_inferred_value_to_confirm(kind: str) -> None:
    mutate, text, *marked = INFERRED_KINDS[kind]
    text = (marked or [text])[0]
    draft = _md(mutate, draft=True)
    line = next(line for line in draft.splitlines() if text in line)
    assert MARK in line and line.index(MARK) < line.index(text) < line.index("]**", line.index(MARK)), line
    assert MARK not in _md(mutate)


def test_an_inferred_country_drops_the_transfer_sentence_too() -> None:
    mutate = _inferred("processors.lms", "country", _us_processor)
    assert "buiten de Europese Economische Ruimte" not in _md(mutate)
    assert "outside the European Economic Area" not in _md(mutate, lang="en")
    assert "**[to confirm: Leerplatform B.V. is established in the United States" in _md(mutate, True, "en")


def test_a_draft_in_html_uses_mark_with_the_reason() -> None:
    register = make_register(_inferred("activities.courses", "basis")).register
    html = str(render_statement(register, "nl", "html", draft=True))
    assert '<mark title="Te bevestigen: The statement does not say.">Wij mogen dit' in html
    assert "<mark" not in str(render_statement(register, "nl", "html"))


def test_marks_never_nest() -> None:
    mutate = _inferred("processors.lms", "*", lambda d: d["processors"]["lms"].update(inferred={"country": "x"}))
    draft = _md(lambda d: (mutate(d), d["processors"]["lms"]["inferred"].update(country="Not stated.")), True)
    line = next(line for line in draft.splitlines() if "Leerplatform" in line)
    assert line.count(MARK) == 1 and "\x02" not in draft


def test_the_cli_takes_draft(tmp_path: Any) -> None:
    import yaml
    from typer.testing import CliRunner

    from tests.factories import minimal_data
    from waarborg.cli.app import app

    data = minimal_data()
    _inferred("activities.courses", "basis")(data)
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plain = CliRunner().invoke(app, ["render", str(path), "--format", "md"])
    draft = CliRunner().invoke(app, ["render", str(path), "--format", "md", "--draft"])
    assert plain.exit_code == 0 and draft.exit_code == 0, plain.output + draft.output
    assert "6(1)(b)" not in plain.output and "**[te bevestigen: Wij mogen dit" in draft.output


def test_an_inferred_basis_leaves_no_empty_section() -> None:
    text = _md(_inferred("activities.courses", "basis"))
    courses = text.split("## Opleidingen")[1].split("## Nieuwsbrief")[0]
    assert "### Grondslag" not in courses
    html = str(render_statement(make_register(_inferred("activities.courses", "basis")).register, "nl", "html"))
    assert html.count("<h3>Grondslag</h3>") == 1  # the newsletter's only
