"""Property tests from the served OpenAPI schema: whatever the parameters, the API never answers 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import Server

schemathesis = pytest.importorskip("schemathesis")


def test_no_server_error_for_any_input(server: Server) -> None:
    schema = schemathesis.openapi.from_url(server.base + "/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/releases", "/api/v1/leaderboard", "/api/v1/organizations"}
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        def no_5xx(case: Any) -> None:
            response = case.call(timeout=10)
            assert response.status_code < 500, f"{case.path} {case.query}: {response.text[:200]}"
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error", "status"}
                assert "\n" not in body["error"]

        no_5xx()
