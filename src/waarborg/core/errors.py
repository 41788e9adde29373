"""The one error tree of Waarborg.

Every error a person can act on derives from :class:`WaarborgError`. The shells (CLI, web) map the
tree to exit codes and HTTP statuses in one place each; library code raises, it never prints.

    WaarborgError
    ├── InputError            bad input from a person or program   (exit 2, HTTP 422)
    │   ├── RegisterError     a register file that cannot be loaded (one Problem per defect)
    │   ├── RecordError       field values the register does not allow (one line per field)
    │   └── TooLargeError     a body or file over the size limit     (exit 2, HTTP 413)
    ├── NotFoundError         a thing that was named does not exist (exit 2, HTTP 404)
    ├── MasterKeyError        the master key is missing, malformed or wrong (exit 2, HTTP 500)
    ├── UnauthorisedError     no credentials, or unknown/revoked ones (exit 1, HTTP 401)
    ├── ForbiddenError        known caller, but not allowed this   (exit 1, HTTP 403)
    ├── RefusedError          valid input, but the law or the register forbids it (exit 1, HTTP 409)
    │   └── TooManyError      over a rate limit (verification messages, intake)     (exit 1, HTTP 429)
    ├── BusyError             the work could not start before its deadline; nothing done (exit 1, HTTP 503)
    └── DeliveryError         the mail server did not take a message              (exit 1, HTTP 502)
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


class TooManyError(RefusedError):
    """Too many attempts or messages in a period: try again later (``retry_after`` seconds, for HTTP's
    Retry-After)."""

    http_status = 429

    def __init__(self, message: str, *, retry_after: int = 300, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.retry_after = retry_after


class BusyError(WaarborgError):
    """The work could not start in time (the server is full, or the database is held by other work): nothing
    was done, try again in ``retry_after`` seconds (HTTP 503 with Retry-After)."""

    exit_code = 1
    http_status = 503

    def __init__(self, message: str, *, retry_after: int = 1, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.retry_after = retry_after


class DeliveryError(WaarborgError):
    """A message could not be handed to the mail server (it is not lost: the caller keeps it to retry)."""

    exit_code = 1
    http_status = 502


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


class RecordError(InputError):
    """Values for an activity that the register does not allow: one (field, reason) per problem.

    Messages name the activity, the field and what is allowed, never the value itself: values are
    personal data and error messages end up in logs.
    """

    def __init__(self, activity: str, problems: list[tuple[str, str]]) -> None:
        self.activity = activity
        self.problems = problems
        super().__init__(f"activity '{activity}': " + "; ".join(f"{f}: {why}" if f else why for f, why in problems))

    def lines(self) -> list[str]:
        return [
            f"activity '{self.activity}': {f}: {why}" if f else f"activity '{self.activity}': {why}"
            for f, why in self.problems
        ]


class TooLargeError(InputError):
    """A request body or uploaded file over the configured limit."""

    http_status = 413


class MasterKeyError(WaarborgError):
    """The master key is missing, malformed or does not open the key store."""

    exit_code = 2
    http_status = 500


class UnauthorisedError(WaarborgError):
    """No key or session, or an unknown or revoked one."""

    exit_code = 1
    http_status = 401


class ForbiddenError(WaarborgError):
    """A known caller without the scope, role or right for this."""

    exit_code = 1
    http_status = 403
