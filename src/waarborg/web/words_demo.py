"""The demo landing page's words, in Dutch and English (merged into ``words.WORDS``)."""

from __future__ import annotations

DEMO: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
