"""Property-based run of the whole API from its own OpenAPI document (schemathesis).

Every generated request, valid or not, must get a documented status (never a 5xx) with a body
that matches the documented schema. Signed in as the demo advisor; bounded to a few examples per
operation so the whole run stays well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from platform_server.openapi import openapi_document
from platform_server.testing import RunningPlatform

schema = schemathesis.openapi.from_dict(openapi_document()).exclude(path="/api/v1/ws")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    # No test clock: a random clock jump would expire the token and hide everything behind 401.
    with RunningPlatform(tmp_path_factory.mktemp("schemathesis"), seed="demo") as platform:
        yield platform


@pytest.fixture(scope="module")
def advisor_headers(running: RunningPlatform) -> dict[str, str]:
    return {"Authorization": f"Bearer {running.login_advisor()['access_token']}"}


def test_served_document_is_the_one_under_test(running: RunningPlatform) -> None:
    served = schemathesis.openapi.from_url(running.base_url + "/api/v1/openapi.json")
    assert served.raw_schema == openapi_document()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_own_schema(
    case: Any, running: RunningPlatform, advisor_headers: dict[str, str]
) -> None:
    excluded = []
    if (case.method, case.path) == ("POST", "/api/v1/customers"):
        # The password rule (not a common password, not the email) is more than a schema can
        # say: a schema-valid password may still be refused with 422.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(
        base_url=running.base_url, headers=advisor_headers, excluded_checks=excluded
    )
