"""The OpenAPI document is true: Schemathesis generates requests for every operation from `/openapi.json` (a
fixed number per operation, a fixed seed) with an API key, a staff member's token and no credentials. No
answer is a server error, and every answer's status, content type and body are the ones the document
declares."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from waarborg.access.policy import operator
from waarborg.access.tokens import issue_token
from waarborg.access.users import DPO, add_user
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

EXAMPLES = 25  # per operation and credential, a fixed seed: about 1,300 requests in all

load_all_checks()
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]  # fmt: skip


@pytest.fixture
def credentials(vault: Vault) -> dict[str, dict[str, str]]:
    """An API key for every activity with read access, a DPO's token, or no credentials."""
    with vault.unit() as unit:
        vault.add_record(unit, "newsletter", {"email": "an@example.nl"}, by=operator("test"))
        api_key = create_key(unit.data, vault.register, "site", list(vault.register.activities), can_read=True)
        staff = issue_token(unit.data, add_user(unit.data, vault.register, "fg", DPO, "een-lang-wachtwoord-2026"))
    return {"key": {"Authorization": f"Bearer {api_key}"}, "staff": {"Authorization": f"Bearer {staff}"}, "none": {}}


FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))  # fmt: skip


@pytest.mark.parametrize("who", ["key", "staff", "none"])
def test_every_operation_answers_as_documented(vault: Vault, credentials: dict[str, dict[str, str]], who: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(vault))
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17, "every operation of /openapi.json"
    for operation in operations:

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case: Any) -> None:
            case.call_and_validate(headers=credentials[who], checks=CHECKS)

        try:
            run()
        except Exception as failure:  # every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {str(failure)[:1500]}")
    assert failures == [], "\n\n".join(failures)
