"""Schemathesis over the WHOLE API schema: generated requests (valid and
invalid) against every operation, with a real vault token. No answer may be
a 5xx, every status must be declared, and bodies must match the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from softlanding.test import api_token, make_user
from softlanding.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def token(db: None, settings: object) -> Iterator[str]:
    # Lockouts would turn most generated unlocks into 429s; keep them real
    # but out of the way of the fuzzer.
    settings.VAULT_LOCKOUT_ATTEMPTS = 10_000  # type: ignore[attr-defined]
    # Like Django's test client: the end of a request must not close the
    # connection that holds this test's transaction (PostgreSQL would lose it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield api_token(make_user("fuzzer"))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
