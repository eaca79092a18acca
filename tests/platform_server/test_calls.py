"""Calls: the connecting timeout, history, presence. The billing rules: test_call_billing.py."""

from __future__ import annotations

from platform_server.testing import RunningPlatform
from platform_server.testing_party import CallParty
from tests.platform_server.platform_api import Api, go_online, ring


def _live_call(platform: RunningPlatform, advisor: Api, customer: Api) -> str:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    accepted = advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")
    return str(accepted["call_id"])


def test_a_call_that_never_connected_bills_nothing(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    call_id = _live_call(platform, advisor, customer)
    platform.advance_clock(20)
    ended = customer.ok("POST", f"/api/v1/calls/{call_id}/hangup", {"reason": "error"})
    assert (ended["billed_seconds"], ended["ended_by"], ended["started_at"]) == (
        0,
        "customer",
        None,
    )


def test_a_call_stuck_connecting_ends_with_error_after_60_seconds(
    platform: RunningPlatform, advisor: Api, customer: Api, anonymous: Api
) -> None:
    call_id = _live_call(platform, advisor, customer)
    platform.advance_clock(59)
    assert advisor.ok("GET", f"/api/v1/calls/{call_id}")["state"] == "connecting"
    platform.advance_clock(2)
    call = advisor.ok("GET", f"/api/v1/calls/{call_id}")
    assert (call["state"], call["end_reason"], call["ended_by"]) == ("ended", "error", "platform")
    assert call["billed_seconds"] == 0
    assert anonymous.ok("GET", f"/api/v1/advisors/{platform.advisor_id}")["presence"] == "online"


def test_an_active_call_is_not_ended_by_the_connecting_timeout(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    call_id = _live_call(platform, advisor, customer)
    for api in (advisor, customer):
        with CallParty(platform.base_url, api.token) as party:
            party.beat(call_id)
    platform.advance_clock(600)
    assert advisor.ok("GET", f"/api/v1/calls/{call_id}")["state"] == "active"


def test_hangup_reason_is_validated(platform: RunningPlatform, advisor: Api, customer: Api) -> None:
    call_id = _live_call(platform, advisor, customer)
    for body in ({}, {"reason": "bored"}, {"reason": 3}):
        response = advisor.post(f"/api/v1/calls/{call_id}/hangup", body)
        assert response.status_code == 422, body
    assert advisor.ok("GET", f"/api/v1/calls/{call_id}")["state"] == "connecting"


def test_a_busy_advisor_gets_no_requests_and_history_is_newest_first(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    first = _live_call(platform, advisor, customer)
    second_customer = Api(platform.base_url, platform.create_customer())
    body = {"advisor_id": platform.advisor_id, "alias": "Lea", "age": 22}
    assert second_customer.post("/api/v1/call-requests", body).status_code == 409  # busy
    advisor.ok("POST", f"/api/v1/calls/{first}/hangup", {"reason": "hangup"})
    request = ring(second_customer, platform.advisor_id, alias="Lea", age=22)
    second = advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")["call_id"]
    ids = [c["id"] for c in advisor.ok("GET", "/api/v1/calls")["calls"]]
    assert ids[:2] == [second, first]
    assert [c["id"] for c in customer.ok("GET", "/api/v1/calls")["calls"]] == [first]
