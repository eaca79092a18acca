"""Bookings: request, confirm (code for the customer), verify, pay, decline, cancel, booked call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from platform_server.testing import RunningPlatform
from platform_server.wire import format_ts
from tests.platform_server.platform_api import Api


def _slot(hours: float) -> str:
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return format_ts(base + timedelta(hours=hours))


def _book(customer: Api, advisor_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "advisor_id": advisor_id,
        "alias": "Mia",
        "age": 30,
        "wished_slots": [_slot(26), _slot(50)],
        "duration_minutes": 45,
        "request_text": "Ich möchte über meinen Berufswechsel sprechen.",
        **changes,
    }
    result: dict[str, Any] = customer.ok("POST", "/api/v1/bookings", body, status=201)
    return result


def test_a_new_booking_is_requested_and_visible_to_both(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = _book(customer, platform.advisor_id)
    assert booking["state"] == "requested"
    assert booking["paid"] is False
    assert booking["confirmed_slot"] is None
    assert booking["confirmation_code"] is None
    assert len(booking["wished_slots"]) == 2
    seen = advisor.ok("GET", f"/api/v1/bookings/{booking['id']}")
    assert (seen["alias"], seen["age"], seen["duration_minutes"]) == ("Mia", 30, 45)
    assert seen["request_text"] == booking["request_text"]


def test_booking_rules_are_checked(platform: RunningPlatform, customer: Api) -> None:
    base = {
        "advisor_id": platform.advisor_id,
        "alias": "Mia",
        "age": 30,
        "wished_slots": [_slot(26)],
        "duration_minutes": 30,
        "request_text": "",
    }
    cases = [
        ({"wished_slots": []}, 422),
        ({"wished_slots": [_slot(26)] * 6}, 422),
        ({"wished_slots": ["morgen"]}, 422),
        ({"wished_slots": [_slot(-2)]}, 422),  # in the past
        ({"duration_minutes": 20}, 422),
        ({"age": 15}, 422),
        ({"age": 121}, 422),
        ({"alias": ""}, 422),
        ({"alias": "x" * 41}, 422),
        ({"request_text": "x" * 2001}, 422),
        ({"advisor_id": "acc_unknown"}, 404),
    ]
    for change, status in cases:
        response = customer.post("/api/v1/bookings", {**base, **change})
        assert response.status_code == status, change
        if status == 422:
            assert response.json()["error"]["details"], change


def test_confirm_pay_verify_and_the_call_waits_for_its_window(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = _book(customer, platform.advisor_id)
    path = f"/api/v1/bookings/{booking['id']}"
    other_time = _slot(74)  # a proposed other time is allowed
    confirmed = advisor.ok("POST", f"{path}/confirm", {"slot": other_time})
    assert confirmed["state"] == "confirmed"
    assert confirmed["confirmed_slot"] == other_time
    assert advisor.post(f"{path}/confirm", {"slot": other_time}).status_code == 409
    code = customer.ok("GET", path)["confirmation_code"]
    assert advisor.ok("POST", f"{path}/verify", {"code": "WRONG-CODE"}) == {"valid": False}
    assert advisor.ok("POST", f"{path}/verify", {"code": code.lower()}) == {"valid": True}

    unpaid = advisor.post(f"{path}/call")
    assert unpaid.status_code == 409
    assert customer.ok("POST", f"{path}/pay")["paid"] is True
    assert customer.ok("POST", f"{path}/pay")["paid"] is True  # paying twice changes nothing

    # Three days early: not yet (the booked call and its outcome: test_booked_time.py).
    early = advisor.post(f"{path}/call")
    assert early.status_code == 409
    assert "10 minutes before" in early.json()["error"]["message"]
    assert customer.ok("GET", path)["state"] == "confirmed"
    calls = advisor.ok("GET", "/api/v1/calls")["calls"]
    assert [c for c in calls if c["booking_id"] == booking["id"]] == []


def test_verify_is_limited_against_guessing(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = _book(customer, platform.advisor_id)
    path = f"/api/v1/bookings/{booking['id']}"
    advisor.ok("POST", f"{path}/confirm", {"slot": booking["wished_slots"][0]})
    for _ in range(10):
        assert advisor.ok("POST", f"{path}/verify", {"code": "AAAA-AAAA"}) == {"valid": False}
    assert advisor.post(f"{path}/verify", {"code": "AAAA-AAAA"}).status_code == 429


def test_decline_and_cancel(platform: RunningPlatform, advisor: Api, customer: Api) -> None:
    first = _book(customer, platform.advisor_id)
    declined = advisor.ok(
        "POST", f"/api/v1/bookings/{first['id']}/decline", {"reason": "Kein passender Termin"}
    )
    assert (declined["state"], declined["decline_reason"]) == ("declined", "Kein passender Termin")
    assert customer.post(f"/api/v1/bookings/{first['id']}/cancel").status_code == 409
    assert customer.post(f"/api/v1/bookings/{first['id']}/pay").status_code == 409
    second = _book(customer, platform.advisor_id)
    assert customer.ok("POST", f"/api/v1/bookings/{second['id']}/cancel")["state"] == "cancelled"
    assert (
        advisor.post(f"/api/v1/bookings/{second['id']}/confirm", {"slot": _slot(30)}).status_code
        == 409
    )


def test_demo_seed_has_bookings_in_several_states(advisor: Api) -> None:
    bookings = advisor.ok("GET", "/api/v1/bookings")["bookings"]
    states = [b["state"] for b in bookings]
    assert 6 <= len(bookings) <= 8
    assert {"requested", "confirmed", "declined", "completed"} <= set(states)
    confirmed = [b for b in bookings if b["state"] == "confirmed"]
    assert {b["paid"] for b in confirmed} == {True, False}
    for booking in bookings:
        assert 16 <= booking["age"] <= 120
        assert booking["request_text"]
        for slot in booking["wished_slots"]:
            moment = datetime.fromisoformat(slot)
            cet = moment.astimezone(tz=UTC) + timedelta(hours=1)
            assert moment.minute % 15 == 0
            assert moment.second == 0
            assert 9 <= cet.hour <= 19
        if booking["state"] == "requested":
            assert 2 <= len(booking["wished_slots"]) <= 3
            assert all(
                datetime.fromisoformat(s) > datetime.now(UTC) for s in booking["wished_slots"]
            )
    threads = advisor.ok("GET", "/api/v1/threads")["threads"]
    with_messages = [
        t for t in threads if advisor.ok("GET", f"/api/v1/threads/{t['id']}/messages")["messages"]
    ]
    assert len(with_messages) == 1
