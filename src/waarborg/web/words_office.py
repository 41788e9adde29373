"""The privacy office's words, in Dutch and English (merged into ``words.WORDS``)."""

from __future__ import annotations

OFFICE: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
