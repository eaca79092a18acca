"""Every endpoint shows an account only its own things; the advisor never sees the code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from platform_server.testing import RunningPlatform
from platform_server.wire import format_ts
from tests.platform_server.platform_api import Api, go_online, ring


def _slot(hours: int) -> str:
    return format_ts(
        datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)
    )


def _book(customer: Api, advisor_id: str) -> dict:
    body = {
        "advisor_id": advisor_id,
        "alias": "Mia",
        "age": 30,
        "wished_slots": [_slot(30)],
        "duration_minutes": 30,
        "request_text": "Berufliche Neuorientierung",
    }
    return customer.ok("POST", "/api/v1/bookings", body, status=201)


def test_advisor_b_sees_nothing_of_advisor_a(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    other = Api(platform.base_url, platform.create_advisor("b@advisor.example", "passwort-b"))
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")
    call_id = advisor.ok("GET", f"/api/v1/call-requests/{request['id']}")["call_id"]
    booking = _book(customer, platform.advisor_id)
    thread_id = advisor.ok("GET", "/api/v1/threads")["threads"][0]["id"]

    assert other.ok("GET", "/api/v1/call-requests") == {"call_requests": []}
    assert other.ok("GET", "/api/v1/bookings") == {"bookings": []}
    assert other.ok("GET", "/api/v1/calls") == {"calls": []}
    assert other.ok("GET", "/api/v1/threads") == {"threads": []}
    for path in (
        f"/api/v1/call-requests/{request['id']}",
        f"/api/v1/bookings/{booking['id']}",
        f"/api/v1/calls/{call_id}",
        f"/api/v1/threads/{thread_id}/messages",
    ):
        response = other.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    for path, body in (
        (f"/api/v1/bookings/{booking['id']}/confirm", {"slot": booking["wished_slots"][0]}),
        (f"/api/v1/bookings/{booking['id']}/verify", {"code": "ABCD-EFGH"}),
        (f"/api/v1/calls/{call_id}/hangup", {"reason": "hangup"}),
        (f"/api/v1/threads/{thread_id}/messages", {"text": "Hallo"}),
    ):
        assert other.post(path, body).status_code == 404, path


def test_customer_x_sees_nothing_of_customer_y(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    intruder = Api(platform.base_url, platform.create_customer())
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    booking = _book(customer, platform.advisor_id)
    assert intruder.ok("GET", "/api/v1/call-requests") == {"call_requests": []}
    assert intruder.ok("GET", "/api/v1/bookings") == {"bookings": []}
    assert intruder.ok("GET", "/api/v1/threads") == {"threads": []}
    assert intruder.get(f"/api/v1/bookings/{booking['id']}").status_code == 404
    assert intruder.post(f"/api/v1/bookings/{booking['id']}/pay").status_code == 404
    assert intruder.post(f"/api/v1/bookings/{booking['id']}/cancel").status_code == 404
    assert intruder.post(f"/api/v1/call-requests/{request['id']}/cancel").status_code == 404
    assert customer.ok("GET", "/api/v1/bookings")["bookings"][0]["id"] == booking["id"]


def test_roles_are_enforced(platform: RunningPlatform, advisor: Api, customer: Api) -> None:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    booking = _book(customer, platform.advisor_id)
    forbidden = [
        customer.put("/api/v1/me/presence", {"presence": "online"}),
        customer.post(f"/api/v1/call-requests/{request['id']}/accept"),
        customer.post(f"/api/v1/bookings/{booking['id']}/confirm", {"slot": _slot(30)}),
        customer.post(f"/api/v1/bookings/{booking['id']}/verify", {"code": "X"}),
        advisor.post(
            "/api/v1/call-requests", {"advisor_id": platform.advisor_id, "alias": "A", "age": 20}
        ),
        advisor.post(f"/api/v1/call-requests/{request['id']}/cancel"),
        advisor.post(f"/api/v1/bookings/{booking['id']}/pay"),
    ]
    for response in forbidden:
        assert response.status_code == 403, response.url
        assert response.json()["error"]["code"] == "forbidden"


def test_advisor_never_receives_the_confirmation_code(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    booking = _book(customer, platform.advisor_id)
    assert customer.ok("GET", f"/api/v1/bookings/{booking['id']}")["confirmation_code"] is None
    confirmed = advisor.ok(
        "POST", f"/api/v1/bookings/{booking['id']}/confirm", {"slot": booking["wished_slots"][0]}
    )
    assert "confirmation_code" not in confirmed
    assert all(
        "confirmation_code" not in b for b in advisor.ok("GET", "/api/v1/bookings")["bookings"]
    )
    assert "confirmation_code" not in advisor.ok("GET", f"/api/v1/bookings/{booking['id']}")
    code = customer.ok("GET", f"/api/v1/bookings/{booking['id']}")["confirmation_code"]
    assert isinstance(code, str)
    assert len(code) == 9
    # Not even in the raw JSON the advisor gets.
    assert code not in advisor.get("/api/v1/bookings").text
