"""Malformed input is a clear 400/422 in the error shape, never a 500."""

from __future__ import annotations

import pytest

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api

RAW_BODIES = [
    (b"not json", 400),
    (b"{", 400),
    (b"\xff\xfe", 400),
    (b"NaN", 400),
    (b'{"presence": NaN}', 400),
    (b"[]", 422),
    (b'"online"', 422),
    (b"null", 422),
    (b'{"presence": "away"}', 422),
    (b'{"presence": null}', 422),
    (b'{"presence": ["online"]}', 422),
    (b'{"presence": "\\ud800"}', 422),
    (b"[" * 5000 + b"]" * 5000, 400),
]


@pytest.mark.parametrize(("raw", "status"), RAW_BODIES)
def test_malformed_bodies(advisor: Api, raw: bytes, status: int) -> None:
    response = advisor.request(
        "PUT", "/api/v1/me/presence", data=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"]
    assert isinstance(error["details"], list)


def test_details_name_the_fields(platform: RunningPlatform, customer: Api) -> None:
    response = customer.post("/api/v1/call-requests", {"advisor_id": 5, "age": True})
    assert response.status_code == 422
    details = " ".join(response.json()["error"]["details"])
    for field in ("advisor_id", "alias", "age"):
        assert field in details


def test_large_bodies_are_rejected(advisor: Api) -> None:
    response = advisor.request(
        "PUT",
        "/api/v1/me/presence",
        data=b" " * 70_000 + b"{}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    huge = advisor.request("PUT", "/api/v1/me/presence", data=b"x" * 2_000_000)
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "invalid_request"


def test_unknown_paths_and_methods_use_the_error_shape(anonymous: Api) -> None:
    missing = anonymous.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong_method = anonymous.request("DELETE", "/api/v1/time")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"


def test_state_filter_is_checked(advisor: Api) -> None:
    assert advisor.get("/api/v1/call-requests?state=ringing").status_code == 200
    assert advisor.get("/api/v1/call-requests?state=sleeping").status_code == 422


def test_test_clock_is_404_when_off(tmp_path) -> None:
    with RunningPlatform(tmp_path, test_clock=False) as platform:
        response = Api(platform.base_url).post("/api/v1/test/clock", {"advance_seconds": 5})
        assert response.status_code == 404
