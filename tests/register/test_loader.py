"""Loading registers: good files load; bad ones give one located, actionable line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import MINIMAL_TEXT, make_register
from waarborg.core.errors import RegisterError
from waarborg.core.periods import Period
from waarborg.register.loader import load_register, load_register_text


def problems(text: str) -> list[str]:
    with pytest.raises(RegisterError) as caught:
        load_register_text(text, "r.yaml")
    return caught.value.lines()


def edit(old: str, new: str) -> str:
    assert old in MINIMAL_TEXT, old
    return MINIMAL_TEXT.replace(old, new, 1)


def test_minimal_register_loads_with_typed_values() -> None:
    register = make_register().register
    courses = register.activities["courses"]
    assert courses.retention[0].keep == Period(years=1)
    assert courses.fields["email"].identifier
    assert register.requests.promise is not None and str(register.requests.promise) == "4 weeks"


def test_positions_point_at_the_source_line() -> None:
    loaded = load_register_text(MINIMAL_TEXT, "r.yaml")
    line = next(i for i, text in enumerate(MINIMAL_TEXT.splitlines(), 1) if "basis: consent" in text)
    assert loaded.line_of(("activities", "newsletter", "basis")) == line


def test_misspelt_enum_value_names_file_line_column_path_and_suggestion() -> None:
    [line] = problems(edit("basis: consent", "basis: concent"))
    assert line.startswith("r.yaml:")
    assert line.endswith("activities.newsletter.basis: 'concent' is not a legal basis (did you mean 'consent'?)")
    _, lineno, col, _ = line.split(":", 3)
    assert int(lineno) > 1 and int(col) == 12


def test_unknown_key_is_an_error_with_suggestion_and_no_echo_of_missing_key() -> None:
    [line] = problems(edit("    basis: contract", "    bassis: contract"))
    assert "activities.courses.bassis: unknown key 'bassis' (did you mean 'basis'?)" in line


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    [line] = problems(edit('  kvk: "12345678"', "  colour: blue"))
    assert "unknown key 'colour'; allowed here:" in line and "dpo" in line


def test_wrong_type_says_what_was_given() -> None:
    [line] = problems(edit("  name: Voorbeeld Opleidingen B.V.", "  name: 42"))
    assert line.endswith("organisation.name: input should be a valid string, got int 42")
    [line] = problems(edit("  languages: [nl, en]", "  languages: {nl: ja}"))
    assert line.endswith("statement.languages: input should be a valid list, got a mapping")


def test_missing_required_key_points_at_the_parent() -> None:
    [line] = problems(edit("  language: nl\n", ""))
    assert "statement: missing required key 'language'" in line


def test_several_problems_give_one_line_each_in_file_order() -> None:
    text = edit("basis: consent", "basis: concent")
    text = text.replace("country: NL", "country: Netherlands")
    lines = problems(text)
    assert len(lines) == 2
    assert int(lines[0].split(":")[1]) < int(lines[1].split(":")[1])
    assert "ISO 3166 country code" in lines[1]


def test_broken_yaml_is_located() -> None:
    [line] = problems(MINIMAL_TEXT + "\nactivities: [unclosed\n")
    assert line.startswith("r.yaml:") and "broken YAML" in line


def test_duplicate_keys_are_an_error() -> None:
    [line] = problems(MINIMAL_TEXT + "waarborg: 1\n")
    assert "key 'waarborg' is given twice (first on line" in line


def test_country_code_no_is_not_a_boolean() -> None:
    loaded = load_register_text(MINIMAL_TEXT.replace("country: NL", "country: NO"), "r.yaml")
    assert loaded.register.processors["lms"].country == "NO"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "subjects: [student]\n    purposes:\n      - use: marketing",
            "subjects: [studnet]\n    purposes:\n      - use: marketing",
            "'studnet' is not a declared kind of data subject (did you mean 'student'?)",
        ),
        ("processors: [lms]", "processors: [lsm]", "'lsm' is not a declared processor (did you mean 'lms'?)"),
        (
            "course: {category: user.content.private}",
            "course: {category: user.content.privat}",
            "'user.content.privat' is not a declared data category in the fideslang taxonomy",
        ),
        (
            "course: {category: user.content.private}",
            "course: {category: user.bogus}",
            "declare it under taxonomy.data_categories",
        ),
        ("after: course_completed", "after: course_complete", "(did you mean 'course_completed'?)"),
        ("fields: [name, email, course]", "fields: [name, email, cours]", "'cours' is not a declared field"),
        ("linked_by: course", "linked_by: teacher", "'teacher' is not a declared field"),
        ("use: essential.service", "use: essential.servise", "(did you mean 'essential.service'?)"),
        ("keep: P1Y, then: delete}", "keep: P1Y, then: minimise}", "'minimise' needs keep_fields"),
        ("keep: P1Y", "keep: 1 year", "neither an ISO 8601 period"),
        ("promise: 4 weeks", "promise: soon", "'soon' is not a response time"),
        ("basis: contract", "basis: contract\n    inferred: {basiss: no basis named}", "did you mean 'basis'?"),
        ("basis: contract", "basis: contract\n    inferred: {basis: ''}", "inferred.basis"),
        ("party: first,", "party: first, recipient: lsm,", "'lsm' is not a declared recipient or processor"),
        (
            "banner: {consent_by: opt_in}",
            "banner: {consent_by: opt_in}\n  embeds: [{name: Pixel, kind: pixel, recipient: meta}]",
            "'meta' is not a declared recipient or processor",
        ),
    ],
)
def test_reference_and_value_errors(old: str, new: str, expected: str) -> None:
    lines = problems(edit(old, new))
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert lines[0].startswith("r.yaml:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "a register is a YAML mapping"),
        ("just text", "a register is a YAML mapping"),
        ("a: 2024-02-30\n", "unreadable YAML value"),
    ],
)
def test_documents_that_are_not_registers(text: str, expected: str) -> None:
    [line] = problems(text)
    assert expected in line


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("naam: Zoë".encode("latin-1"))
    cases = {tmp_path / "absent.yaml": "no such file", tmp_path: "is a directory", binary: "not UTF-8"}
    for path, expected in cases.items():
        with pytest.raises(RegisterError) as caught:
            load_register(path)
        assert caught.value.lines() == [f"{path}: {caught.value.problems[0].message}"]
        assert expected in caught.value.lines()[0]


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    import resource

    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")  # 9^9 values: 387 million
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(RegisterError) as refused:
        load_register_text("\n".join(levels) + "\n", "bomb.yaml")
    assert "with its aliases expanded this value holds more than 200,000 values" in refused.value.lines()[0]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: it never expanded


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(RegisterError, match="an alias refers to the value that contains it"):
        load_register_text("a: &a [1, *a]\n", "loop.yaml")
