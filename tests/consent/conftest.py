"""A vault whose newsletter has ICM's three mailings (tips, events, offers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import open_vault
from tests.consent.test_receipts import mailings
from tests.factories import make_register
from waarborg.vault.service import Vault


@pytest.fixture
def vault(db_url: str, master_key: bytes) -> Iterator[Vault]:
    opened = open_vault(make_register(mailings).register, db_url, master_key)
    yield opened
    opened.close()
