"""A vault on the retention test register (see helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import open_vault
from tests.retention.helpers import retention_register
from waarborg.vault.service import Vault


@pytest.fixture
def vault(db_url: str, master_key: bytes) -> Iterator[Vault]:
    opened = open_vault(retention_register(), db_url, master_key)
    yield opened
    opened.close()
