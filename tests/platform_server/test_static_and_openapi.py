"""The customer page under /c/ with its security headers, server time, the OpenAPI document."""

from __future__ import annotations

from datetime import UTC, datetime

import requests

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api


def test_root_redirects_to_the_customer_page(platform: RunningPlatform) -> None:
    response = requests.get(platform.base_url + "/", allow_redirects=False, timeout=5)
    assert response.status_code == 302
    assert response.headers["Location"] == "/c/"
    page = requests.get(platform.customer_url, timeout=5)
    assert page.status_code == 200
    assert "<html" in page.text.lower()


def test_page_has_a_restrictive_csp_that_allows_own_scripts_sockets_and_media(
    platform: RunningPlatform,
) -> None:
    page = requests.get(platform.customer_url, timeout=5)
    policy = {
        part.split()[0]: part.split()[1:]
        for part in page.headers["Content-Security-Policy"].split("; ")
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert f"ws://127.0.0.1:{platform.port}" in policy["connect-src"]
    assert {"'self'", "blob:", "mediastream:"} <= set(policy["media-src"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=(self)" in page.headers["Permissions-Policy"]


def test_static_files_are_served_and_paths_cannot_escape(platform: RunningPlatform) -> None:
    escape = requests.get(platform.base_url + "/c/../db.py", timeout=5)
    assert escape.status_code in (403, 404)
    assert "sqlite" not in escape.text
    assert requests.get(platform.base_url + "/c/%2e%2e/db.py", timeout=5).status_code in (403, 404)


def test_server_time_is_utc_iso(anonymous: Api, platform: RunningPlatform) -> None:
    before = datetime.now(UTC)
    text = anonymous.ok("GET", "/api/v1/time")["server_time"]
    assert text.endswith("Z")
    moment = datetime.fromisoformat(text)
    assert abs((moment - before).total_seconds()) < 5
    platform.advance_clock(3600)
    later = datetime.fromisoformat(anonymous.ok("GET", "/api/v1/time")["server_time"])
    assert (later - moment).total_seconds() >= 3600


def test_openapi_document_describes_every_route(platform: RunningPlatform, anonymous: Api) -> None:
    document = anonymous.ok("GET", "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    expected = {
        ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/customers"), ("GET", "/api/v1/me"),
        ("GET", "/api/v1/time"), ("GET", "/api/v1/ice-servers"), ("GET", "/api/v1/advisors"),
        ("GET", "/api/v1/advisors/{advisor_id}"), ("PUT", "/api/v1/me/presence"),
        ("POST", "/api/v1/call-requests"), ("GET", "/api/v1/call-requests"),
        ("GET", "/api/v1/call-requests/{request_id}"),
        ("POST", "/api/v1/call-requests/{request_id}/accept"),
        ("POST", "/api/v1/call-requests/{request_id}/decline"),
        ("POST", "/api/v1/call-requests/{request_id}/cancel"),
        ("POST", "/api/v1/bookings"), ("GET", "/api/v1/bookings"),
        ("GET", "/api/v1/bookings/{booking_id}"),
        ("POST", "/api/v1/bookings/{booking_id}/confirm"),
        ("POST", "/api/v1/bookings/{booking_id}/decline"),
        ("POST", "/api/v1/bookings/{booking_id}/cancel"),
        ("POST", "/api/v1/bookings/{booking_id}/pay"),
        ("POST", "/api/v1/bookings/{booking_id}/verify"),
        ("POST", "/api/v1/bookings/{booking_id}/call"),
        ("GET", "/api/v1/calls"), ("GET", "/api/v1/calls/{call_id}"),
        ("POST", "/api/v1/calls/{call_id}/hangup"),
        ("POST", "/api/v1/calls/{call_id}/events"), ("GET", "/api/v1/calls/{call_id}/events"),
        ("GET", "/api/v1/threads"), ("GET", "/api/v1/threads/{thread_id}/messages"),
        ("POST", "/api/v1/threads/{thread_id}/messages"), ("POST", "/api/v1/test/clock"),
        ("GET", "/api/v1/ws"),
        ("GET", "/api/v1/network-test/download/{bytes}"), ("POST", "/api/v1/network-test/upload"),
    }  # fmt: skip
    assert documented == expected


def test_the_document_tells_another_platform_the_billing_rules(anonymous: Api) -> None:
    document = anonymous.ok("GET", "/api/v1/openapi.json")
    hangup = document["paths"]["/api/v1/calls/{call_id}/hangup"]["post"]
    assert "403" in hangup["responses"]
    assert "at" in hangup["requestBody"]["content"]["application/json"]["schema"]["properties"]
    for words in ("connection_lost", "20 s", "booked_end", "no_show", "confirmed media"):
        assert words in hangup["description"], words
    call = document["paths"]["/api/v1/calls/{call_id}"]["get"]["responses"]["200"]
    properties = call["content"]["application/json"]["schema"]["properties"]
    assert "connection_lost" in properties["end_reason"]["enum"]
    assert "billed_until" in properties
    assert "heartbeat" in document["paths"]["/api/v1/ws"]["get"]["description"]
    assert document["components"]["schemas"]["HeartbeatMessage"]["required"] == ["call_id", "media"]
    booked = document["paths"]["/api/v1/bookings/{booking_id}/call"]["post"]["description"]
    assert "10 minutes before" in booked
