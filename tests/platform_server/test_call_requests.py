"""Live call requests: ringing, accept (opens a call, advisor busy), decline, cancel, timeout."""

from __future__ import annotations

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api, go_online, ring


def test_only_an_online_advisor_can_be_rung(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    body = {"advisor_id": platform.advisor_id, "alias": "Jonas", "age": 34}
    offline = customer.post("/api/v1/call-requests", body)
    assert offline.status_code == 409
    assert offline.json()["error"]["code"] == "conflict"
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    assert request["state"] == "ringing"
    assert request["call_id"] is None
    assert request["answered_at"] is None
    unknown = customer.post("/api/v1/call-requests", {**body, "advisor_id": "acc_nope"})
    assert unknown.status_code == 404


def test_accept_opens_a_live_call_and_makes_the_advisor_busy(
    platform: RunningPlatform, advisor: Api, customer: Api, anonymous: Api
) -> None:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    ringing = advisor.ok("GET", "/api/v1/call-requests?state=ringing")["call_requests"]
    assert [r["id"] for r in ringing] == [request["id"]]
    accepted = advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")
    assert accepted["state"] == "accepted"
    assert accepted["answered_at"] is not None
    call = customer.ok("GET", f"/api/v1/calls/{accepted['call_id']}")
    assert call["kind"] == "live"
    assert call["request_id"] == request["id"]
    assert call["state"] == "connecting"
    assert (call["alias"], call["age"]) == ("Jonas", 34)
    presence = anonymous.ok("GET", f"/api/v1/advisors/{platform.advisor_id}")["presence"]
    assert presence == "busy"
    assert advisor.ok("GET", "/api/v1/call-requests?state=ringing") == {"call_requests": []}
    again = advisor.post(f"/api/v1/call-requests/{request['id']}/accept")
    assert again.status_code == 409
    customer.ok("POST", f"/api/v1/calls/{call['id']}/hangup", {"reason": "hangup"})
    presence = anonymous.ok("GET", f"/api/v1/advisors/{platform.advisor_id}")["presence"]
    assert presence == "online"


def test_decline_with_reason_and_customer_may_try_again(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    declined = advisor.ok(
        "POST", f"/api/v1/call-requests/{request['id']}/decline", {"reason": "Gleich zurück"}
    )
    assert declined["state"] == "declined"
    assert declined["decline_reason"] == "Gleich zurück"
    assert customer.ok("GET", f"/api/v1/call-requests/{request['id']}")["state"] == "declined"
    too_long = advisor.post(f"/api/v1/call-requests/{request['id']}/decline", {"reason": "x" * 201})
    assert too_long.status_code == 422
    assert ring(customer, platform.advisor_id)["state"] == "ringing"


def test_customer_cancels(platform: RunningPlatform, advisor: Api, customer: Api) -> None:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    cancelled = customer.ok("POST", f"/api/v1/call-requests/{request['id']}/cancel")
    assert cancelled["state"] == "cancelled"
    assert advisor.post(f"/api/v1/call-requests/{request['id']}/accept").status_code == 409


def test_ringing_times_out_after_60_seconds_of_platform_time(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    platform.advance_clock(59)
    assert customer.ok("GET", f"/api/v1/call-requests/{request['id']}")["state"] == "ringing"
    platform.advance_clock(1.5)
    timed_out = customer.ok("GET", f"/api/v1/call-requests/{request['id']}")
    assert timed_out["state"] == "timed_out"
    assert timed_out["call_id"] is None
    assert advisor.post(f"/api/v1/call-requests/{request['id']}/accept").status_code == 409


def test_ring_timeout_is_configurable(tmp_path) -> None:
    with RunningPlatform(tmp_path, ring_timeout=5, test_clock=True) as platform:
        advisor = Api(platform.base_url, platform.login_advisor())
        customer = Api(platform.base_url, platform.create_customer())
        go_online(advisor)
        request = ring(customer, platform.advisor_id)
        platform.advance_clock(5)
        assert customer.ok("GET", f"/api/v1/call-requests/{request['id']}")["state"] == "timed_out"
