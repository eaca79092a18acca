"""The platform enforces a booking's time on its own clock: the window in which a booked call may
start, no-show, the booked end, and the booking's outcome from the platform's record of its call.

Also the call events a party records on a call (the explanation of a bill). Uses the test clock;
access tokens expire when the clock jumps, so the helpers sign in again where needed. The parties
confirm media with heartbeats on real sockets (`CallParty`); a socket closes when its access token
expires, so after a jump the parties carry on with the fresh sign-in (`renew`), as real clients do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from platform_server.testing import RunningPlatform
from platform_server.testing_party import CallParty
from platform_server.wire import format_ts, parse_ts
from tests.platform_server.platform_api import Api

MIN = 60.0


def platform_now(platform: RunningPlatform) -> datetime:
    moment = parse_ts(platform.advance_clock(0))
    assert moment is not None
    return moment


def advance(platform: RunningPlatform, seconds: float, *people: Api) -> None:
    """Moves the platform clock and signs everybody in again (their tokens may have expired)."""
    platform.advance_clock(seconds)
    for person in people:
        assert person.tokens is not None
        email = person.tokens.get("email", platform.advisor_email)
        password = person.tokens.get("password", platform.advisor_password)
        fresh = platform.login(email, password)
        person.tokens = {**fresh, "email": email, "password": password}


def confirmed_paid_booking(
    platform: RunningPlatform, advisor: Api, customer: Api, starts_in_s: float = 5 * MIN
) -> dict[str, Any]:
    slot = format_ts(platform_now(platform) + timedelta(seconds=starts_in_s))
    body = {
        "advisor_id": platform.advisor_id,
        "alias": "Mia",
        "age": 30,
        "wished_slots": [slot],
        "duration_minutes": 45,
        "request_text": "Berufswechsel",
    }
    booking = customer.ok("POST", "/api/v1/bookings", body, status=201)
    advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/confirm", {"slot": slot})
    customer.ok("POST", f"/api/v1/bookings/{booking['id']}/pay")
    return dict(booking)


def booking_state(advisor: Api, booking_id: str) -> str:
    return str(advisor.ok("GET", f"/api/v1/bookings/{booking_id}")["state"])


def test_no_answer_15_minutes_after_the_start_is_a_no_show(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)  # the booked start
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    advance(platform, 14 * MIN, advisor, customer)
    # The ringing call timed out (connecting timeout) and the booking may be called again.
    assert booking_state(advisor, booking["id"]) == "confirmed"
    advance(platform, 1 * MIN, advisor, customer)
    assert booking_state(advisor, booking["id"]) == "no_show"
    assert advisor.ok("GET", f"/api/v1/calls/{call['id']}")["state"] == "ended"


def test_a_call_still_ringing_at_the_deadline_ends_with_no_answer(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN + 14 * MIN + 30, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    advance(platform, 30, advisor, customer)
    record = advisor.ok("GET", f"/api/v1/calls/{call['id']}")
    assert (record["end_reason"], record["ended_by"]) == ("no_answer", "platform")
    assert booking_state(advisor, booking["id"]) == "no_show"


def test_an_advisor_who_never_called_does_not_make_the_customer_a_no_show(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 25 * MIN, advisor, customer)
    assert booking_state(advisor, booking["id"]) == "confirmed"


def test_a_late_answer_is_cut_at_the_booked_end(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN + 10 * MIN, advisor, customer)  # ten minutes late
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    with (
        CallParty(platform.base_url, advisor.token) as advisor_party,
        CallParty(platform.base_url, customer.token) as customer_party,
    ):
        for party in (advisor_party, customer_party):
            party.beat(call["id"])
        advance(platform, 34 * MIN, advisor, customer)
        advisor_party.renew(advisor.token)
        customer_party.renew(customer.token)
        for party in (advisor_party, customer_party):
            party.beat(call["id"])  # media confirmed 34 minutes in
        assert advisor.ok("GET", f"/api/v1/calls/{call['id']}")["state"] == "active"
        advance(platform, 1 * MIN, advisor, customer)  # 45 minutes after the booked start
    record = advisor.ok("GET", f"/api/v1/calls/{call['id']}")
    assert (record["end_reason"], record["ended_by"]) == ("booked_end", "platform")
    # Billed to the last confirmed media (the parties were not heard in the last jump).
    assert record["billed_seconds"] == pytest.approx(34 * MIN, abs=2)
    assert booking_state(advisor, booking["id"]) == "completed"
    again = advisor.post(f"/api/v1/bookings/{booking['id']}/call")
    assert again.status_code == 409


def test_a_dropped_call_is_completed_at_the_booked_end(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    with (
        CallParty(platform.base_url, advisor.token) as advisor_party,
        CallParty(platform.base_url, customer.token) as customer_party,
    ):
        for party in (advisor_party, customer_party):
            party.beat(call["id"])
        advisor.ok("POST", f"/api/v1/calls/{call['id']}/hangup", {"reason": "bandwidth"})
    assert booking_state(advisor, booking["id"]) == "confirmed"
    advance(platform, 20 * MIN, advisor, customer)
    assert booking_state(advisor, booking["id"]) == "confirmed"  # answered once: no no-show
    advance(platform, 25 * MIN, advisor, customer)
    assert booking_state(advisor, booking["id"]) == "completed"


def test_a_booked_call_outside_its_window_is_a_clear_409(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer, starts_in_s=3 * 24 * 3600)
    path = f"/api/v1/bookings/{booking['id']}/call"
    early = advisor.post(path)
    assert early.status_code == 409
    message = early.json()["error"]["message"]
    assert "10 minutes before" in message
    assert booking["wished_slots"][0] in message
    advance(platform, 3 * 24 * 3600 - 10 * MIN - 1, advisor, customer)
    assert advisor.post(path).status_code == 409  # one second before the window opens
    assert booking_state(advisor, booking["id"]) == "confirmed"
    calls = advisor.ok("GET", "/api/v1/calls")["calls"]
    assert [c for c in calls if c["booking_id"] == booking["id"]] == []
    advance(platform, 1, advisor, customer)
    assert advisor.ok("POST", path, status=201)["kind"] == "booked"


def test_a_party_cannot_decide_the_booking_with_a_platform_reason(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    for reason in ("no_answer", "booked_end", "no_show", "connection_lost"):
        response = advisor.post(f"/api/v1/calls/{call['id']}/hangup", {"reason": reason})
        assert response.status_code == 403, reason
    assert booking_state(advisor, booking["id"]) == "in_call"
    assert advisor.ok("GET", f"/api/v1/calls/{call['id']}")["state"] == "connecting"


def test_the_outcome_follows_the_record_not_the_claim(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    # Hung up before the customer answered: not a used appointment, whatever the reason says.
    first = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    advisor.ok("POST", f"/api/v1/calls/{first['id']}/hangup", {"reason": "hangup"})
    assert booking_state(advisor, booking["id"]) == "confirmed"
    # Answered (both confirmed media), then hung up: used.
    second = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    with (
        CallParty(platform.base_url, advisor.token) as advisor_party,
        CallParty(platform.base_url, customer.token) as customer_party,
    ):
        for party in (advisor_party, customer_party):
            party.beat(second["id"])
        customer.ok("POST", f"/api/v1/calls/{second['id']}/hangup", {"reason": "hangup"})
    assert booking_state(advisor, booking["id"]) == "completed"


def test_no_call_after_the_booked_end(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 50 * MIN, advisor, customer)
    response = advisor.post(f"/api/v1/bookings/{booking['id']}/call")
    assert response.status_code == 409
    assert "over" in response.json()["error"]["message"]


# -- call events --------------------------------------------------------------------------------


def test_call_events_are_recorded_and_read_by_both_parties(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    path = f"/api/v1/calls/{call['id']}/events"
    first = advisor.ok(
        "POST", path, {"kind": "video_paused", "detail": "210 kbit/s down"}, status=201
    )
    assert (first["kind"], first["by"], first["detail"]) == (
        "video_paused",
        "advisor",
        "210 kbit/s down",
    )
    advisor.ok("POST", path, {"kind": "identity_verified"}, status=201)
    events = customer.ok("GET", path)["events"]
    assert [e["kind"] for e in events] == ["video_paused", "identity_verified"]
    assert events[1]["detail"] == ""


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"kind": "Video Paused"},
        {"kind": "x" * 41},
        {"kind": "ok", "detail": "x" * 201},
        {"kind": "ok", "at": "yesterday"},
        {"kind": "ok", "at": "2000-01-01T00:00:00Z"},
    ],
)
def test_bad_call_events_are_refused(
    platform: RunningPlatform, advisor: Api, customer: Api, body: dict[str, Any]
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    response = advisor.post(f"/api/v1/calls/{call['id']}/events", body)
    assert response.status_code in (400, 422), body


def test_someone_elses_call_events_are_not_found(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = confirmed_paid_booking(platform, advisor, customer)
    advance(platform, 5 * MIN, advisor, customer)
    call = advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/call", status=201)
    stranger = Api(platform.base_url, platform.create_customer())
    assert stranger.get(f"/api/v1/calls/{call['id']}/events").status_code == 404
    assert stranger.post(f"/api/v1/calls/{call['id']}/events", {"kind": "x"}).status_code == 404
