"""Load a register file: YAML -> validated :class:`Register`, or one located line per problem."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from waarborg.core.errors import Problem, RegisterError
from waarborg.register.references import check_references
from waarborg.register.schema import Register
from waarborg.register.source import Path, Positions, parse_yaml

NOUNS = {
    "basis": "legal basis",
    "then": "retention action",
    "mechanism": "transfer mechanism",
    "category": "cookie category",
    "consent_by": "way of taking cookie consent",
    "channel": "channel",
    "language": "language",
    "languages": "language",
    "kind": "kind",
    "method": "identification method",
    "tone": "tone",
    "frequency": "frequency",
    "condition": "Art 9(2) condition",
    "actions": "role action",
    "rights": "right",
    "per_right": "right",
    "withdrawal": "channel",
    "given_via": "channel",
    "masked": "maskable part",
    "role": "processor role",
}


@dataclass(frozen=True)
class LoadedRegister:
    """A valid register with the file it came from and where each part stands in it."""

    register: Register
    file: str
    positions: Positions

    def line_of(self, path: Path) -> int:
        return self.positions.of(path)[0]


def load_register(path: str | FilePath) -> LoadedRegister:
    """Read and validate a register file. Raises :class:`RegisterError` (never anything else)."""
    file = str(path)
    try:
        text = FilePath(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegisterError([Problem(file, 0, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise RegisterError([Problem(file, 0, 0, "", "is a directory, not a register file")]) from None
    except UnicodeDecodeError as exc:
        raise RegisterError([Problem(file, 0, 0, "", f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise RegisterError([Problem(file, 0, 0, "", f"cannot be read: {exc.strerror}")]) from None
    return load_register_text(text, file)


def load_register_text(text: str, file: str = "<register>") -> LoadedRegister:
    document = parse_yaml(text, file)
    if not isinstance(document.data, dict):
        raise RegisterError(
            [Problem(file, 1, 1, "", "a register is a YAML mapping with keys such as organisation, activities")]
        )
    try:
        register = Register.model_validate(document.data)
    except ValidationError as exc:
        errors = _without_typo_echoes(exc.errors())
        problems = [_problem(error, file, document.positions) for error in errors]
        raise RegisterError(_sorted_unique(problems)) from None
    loaded = LoadedRegister(register, file, document.positions)
    problems = [
        Problem(file, *document.positions.of(path, key=key), dotted(path), message)
        for path, message, key in check_references(register)
    ]
    if problems:
        raise RegisterError(_sorted_unique(problems))
    return loaded


def _without_typo_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """A misspelt required key shows as 'unknown key' and as 'missing key'; keep only the first."""
    misspelt: set[Path] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            for key in difflib.get_close_matches(str(loc[-1]), _allowed_keys(loc[:-1]), n=1, cutoff=0.6):
                misspelt.add((*loc[:-1], key))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def suggest(word: str, options: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close option exists, else ''."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _problem(error: ErrorDetails, file: str, positions: Positions) -> Problem:
    loc: Path = tuple(part for part in error["loc"] if not _is_internal(part))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        message = f"unknown key '{field}'{suggest(field, allowed)}"
        if allowed and not suggest(field, allowed):
            message += f"; allowed here: {', '.join(sorted(allowed))}"
        return Problem(file, *positions.of(loc, key=True), dotted(loc), message)
    if kind == "missing":
        return Problem(file, *positions.of(loc[:-1]), dotted(loc[:-1]), f"missing required key '{field}'")
    if kind in ("enum", "literal_error"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        noun = NOUNS.get(_last_name(loc), "allowed value")
        message = f"'{value}' is not a {noun}{suggest(str(value), options)}"
        if options and not suggest(str(value), options):
            message += f"; choose from {', '.join(options)}"
        return Problem(file, *positions.of(loc), dotted(loc), message)
    if kind == "string_pattern_mismatch":
        return Problem(file, *positions.of(loc), dotted(loc), _pattern_message(field, value, loc))
    message = error["msg"].removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message = f"{message[0].lower()}{message[1:]}, got {_describe(value)}"
    return Problem(file, *positions.of(loc), dotted(loc), message)


def _is_internal(part: str | int) -> bool:
    """Pydantic adds names of union members and validators to error locations; people never wrote them."""
    return isinstance(part, str) and (part.startswith(("function-", "lax-", "json-")) or "[" in part)


def _last_name(loc: Path) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _pattern_message(field: str, value: Any, loc: Path) -> str:
    if field == "country" or (len(loc) > 1 and loc[-2] == "country"):
        return f"'{value}' is not an ISO 3166 country code such as NL, DE, US"
    if (isinstance(value, str) and "." in value) or field in ("category", "use", "taxonomy"):
        return f"'{value}' is not a taxonomy key (lower-case words joined by dots, e.g. user.contact.email)"
    return f"'{value}' is not a valid key: use lower-case letters, digits and '_', starting with a letter"


def _allowed_keys(loc: Path) -> list[str]:
    """The keys the model at ``loc`` accepts, found by walking the register's type annotations."""
    annotation: Any = Register
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _model_in(annotation)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: str | int) -> Any:
    model = _model_in(annotation)
    if model is not None:
        field = model.model_fields.get(str(part))
        return field.annotation if field else None
    for candidate in _members(annotation):
        origin = typing.get_origin(candidate)
        if origin is dict:
            return typing.get_args(candidate)[1]
        if origin is list and isinstance(part, int):
            return typing.get_args(candidate)[0]
    return None


def _members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None
