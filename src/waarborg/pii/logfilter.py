"""A logging filter that masks personal data in every log line: install it once and nothing leaks by a
careless ``log.info(f"... {email}")``.

    logging.getLogger().addFilter(ScrubFilter())     # or on a handler
"""

from __future__ import annotations

import logging

from waarborg.pii.redact import redact


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, "mask", lang="en").text
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(logger: logging.Logger | None = None) -> ScrubFilter:
    """Add the filter to the logger's handlers (the root's by default) and to the logger itself."""
    target = logger or logging.getLogger()
    scrub = ScrubFilter()
    target.addFilter(scrub)
    for handler in target.handlers:
        handler.addFilter(scrub)
    return scrub
