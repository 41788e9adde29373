"""The demo: a vault on SQLite that shows the product, built through the library's own functions.

- ``crowd``: a few hundred synthetic people (Faker, nl_NL) with their records and consent receipts;
- ``story``: three named people with what they show (mailing choices, requests in every state, a hold),
  a breach with its 72-hour clock, and an instructor's handful of participants;
- ``build``: the demo folder (database, key, outbox, ``demo.json`` for the landing page).

Nothing here is used outside ``waarborg demo``.
"""

from __future__ import annotations

from waarborg.demo.crowd import fill, synthetic_record, synthetic_value

__all__ = ["fill", "synthetic_record", "synthetic_value"]
