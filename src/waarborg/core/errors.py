"""The one error tree of Waarborg.

Every error a person can act on derives from :class:`WaarborgError`. The shells (CLI, web) map the
tree to exit codes and HTTP statuses in one place each; library code raises, it never prints.

    WaarborgError
    ├── InputError            bad input from a person or program   (exit 2, HTTP 422)
    │   └── RegisterError     a register file that cannot be loaded (one Problem per defect)
    ├── NotFoundError         a thing that was named does not exist (exit 2, HTTP 404)
    └── RefusedError          valid input, but the law or the register forbids it (exit 1, HTTP 409)
"""

from __future__ import annotations

from dataclasses import dataclass


class WaarborgError(Exception):
    """Base of every error Waarborg raises on purpose."""

    exit_code = 2
    http_status = 500

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def lines(self) -> list[str]:
        """One line per problem, for a terminal."""
        return [self.message]


class InputError(WaarborgError):
    """Input that cannot be accepted as it is: a file, an argument, a request body."""

    exit_code = 2
    http_status = 422


class NotFoundError(WaarborgError):
    """Something named in the input does not exist."""

    exit_code = 2
    http_status = 404


class RefusedError(WaarborgError):
    """The input is well-formed but the register or the law does not allow it."""

    exit_code = 1
    http_status = 409


@dataclass(frozen=True)
class Problem:
    """One defect in a source file, located as precisely as the source allows."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RegisterError(InputError):
    """A register file that cannot be read, parsed or validated."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "register could not be loaded"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
