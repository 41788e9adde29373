"""A logging filter that masks personal data in every log line: install it once and nothing leaks by a
careless ``log.info(f"... {email}")``.

    install()                                   # on the root logger's handlers
    uvicorn.run(..., log_config=scrubbing(uvicorn.config.LOGGING_CONFIG))   # on every handler of a dictConfig

A filter on a logger sees only what is logged on that logger, not what its children pass up; a filter on a
handler sees every line it writes. So the filter goes on handlers.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from waarborg.pii.redact import redact

SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n\(Background|\n|$)", re.DOTALL)
HIDDEN = "[SQL parameters hidden]"


class ScrubFilter(logging.Filter):
    """Masks personal data in the message, in the exception's text and traceback, and in the stack: SQL
    parameter dumps are dropped whole (the engines hide them as well), the rest goes through the redactor."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
            record.__dict__.pop("color_message", None)  # uvicorn's coloured copy of the message would still hold it
        if record.exc_info and record.exc_info[0] is not None:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = scrub(text)  # the formatter prints exc_text as it finds it
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def scrub(text: str) -> str:
    return redact(SQL_PARAMETERS.sub(HIDDEN, text), "mask", lang="en").text


def install(logger: logging.Logger | None = None) -> ScrubFilter:
    """Add the filter to the logger's handlers (the root's by default) and to the logger itself."""
    target = logger or logging.getLogger()
    scrub = ScrubFilter()
    target.addFilter(scrub)
    for handler in target.handlers:
        handler.addFilter(scrub)
    return scrub


def scrubbing(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of a ``logging.config.dictConfig`` dictionary with the filter on every handler."""
    result = copy.deepcopy(config)
    result.setdefault("filters", {})["scrub_personal_data"] = {"()": f"{__name__}.ScrubFilter"}
    for handler in result.get("handlers", {}).values():
        handler["filters"] = [*handler.get("filters", []), "scrub_personal_data"]
    return result


def server_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with Waarborg's loggers sent to the same handler and the filter on every
    handler, for `waarborg serve` and `waarborg demo`."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["waarborg"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return scrubbing(config)
