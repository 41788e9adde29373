"""Reading YAML while remembering where every key and value stands, so errors can point at the line.

The loader is PyYAML's safe loader with two changes that matter for registers: only ``true``/``false``
are booleans (YAML 1.2), so the country code ``NO`` stays a string; and a key given twice in one mapping
is an error instead of silently keeping the last value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from waarborg.core.errors import Problem, RegisterError

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """Safe loader with YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Positions:
    """Line and column (1-based) of every value and every mapping key in a document."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` stands; for a path that does not exist, the nearest parent that does."""
        table = self.keys if key and path in self.keys else self.values
        while path and path not in table:
            path = path[:-1]
            table = self.values
        return table.get(path, (1, 1))


@dataclass
class Document:
    file: str
    data: Any
    positions: Positions


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(node: yaml.Node, path: Path, positions: Positions, problems: list[Problem], file: str) -> None:
    positions.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            if key in seen:
                line, col = _mark(key_node)
                where = ".".join(str(p) for p in (*path, key))
                problems.append(
                    Problem(file, line, col, where, f"key '{key}' is given twice (first on line {seen[key][0]})")
                )
                continue
            seen[key] = _mark(key_node)
            positions.keys[(*path, key)] = seen[key]
            _walk(value_node, (*path, key), positions, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), positions, problems, file)


MAX_NODES = 200_000  # values in the document with every alias expanded; a real register has a few thousand


def _expanded_size(node: yaml.Node, sizes: dict[int, int], file: str) -> int:
    """How many values the document holds with aliases expanded (shared nodes counted once per use): an alias
    "bomb" of a few hundred bytes expands to billions, which would take the loader's memory before anything
    else could refuse it. A node that contains itself (a recursive alias) is refused too."""
    known = sizes.get(id(node))
    if known == -1:
        line, col = _mark(node)
        raise RegisterError([Problem(file, line, col, "", "an alias refers to the value that contains it")])
    if known is not None:
        return known
    sizes[id(node)] = -1
    if isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        children = []
    total = 1 + sum(_expanded_size(child, sizes, file) for child in children)
    if total > MAX_NODES:
        line, col = _mark(node)
        too_big = (
            f"with its aliases expanded this value holds more than {MAX_NODES:,} values; a register needs far fewer"
        )
        raise RegisterError([Problem(file, line, col, "", too_big)])
    sizes[id(node)] = total
    return total


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document; raise :class:`RegisterError` with the position of any defect. Aliases may not
    expand beyond ``MAX_NODES`` values."""
    node, data = _compose_and_construct(text, file)
    positions = Positions()
    problems: list[Problem] = []
    _walk(node, (), positions, problems, file)
    if problems:
        raise RegisterError(problems)
    return Document(file, data, positions)


def _compose_and_construct(text: str, file: str) -> tuple[yaml.Node, Any]:
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise RegisterError([Problem(file, 1, 1, "", "the file is empty; a register is a YAML mapping")])
        _expanded_size(node, {}, file)  # before anything walks or builds the expanded document
        return node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        raise RegisterError([Problem(file, line, col, "", f"broken YAML: {reason}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        reason = f"character #x{exc.character:04x} is not allowed in YAML"
        raise RegisterError([Problem(file, line, column, "", f"broken YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise RegisterError([Problem(file, 1, 1, "", f"broken YAML: {exc}")]) from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an impossible date such as 2024-02-30
        raise RegisterError([Problem(file, 1, 1, "", f"unreadable YAML value: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
