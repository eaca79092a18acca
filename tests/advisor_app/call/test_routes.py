"""Routing the socket's call signals and records to the call that follows them (pure, no I/O)."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime

import pytest

from advisor_app.call.routes import CallRoutes
from advisor_app.domain.models import Call, CallKind, CallRequest, CallRequestState, CallState

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
OFFER = {"kind": "offer", "sdp": "v=0"}


def request(call_id: str | None) -> CallRequest:
    return CallRequest(
        id="req_1", advisor_id="adv", alias="Mia", age=34, state=CallRequestState.ACCEPTED,
        created_at=NOW, answered_at=NOW, decline_reason=None, call_id=call_id,
    )  # fmt: skip


def call(call_id: str, request_id: str | None, state: CallState = CallState.CONNECTING) -> Call:
    return Call(
        id=call_id, kind=CallKind.LIVE, request_id=request_id, booking_id=None, advisor_id="adv",
        alias="Mia", age=34, state=state, created_at=NOW, started_at=None, ended_at=None,
        end_reason=None, ended_by=None, billed_seconds=0,
    )  # fmt: skip


class Inbox:
    def __init__(self) -> None:
        self.signals: list[tuple[str, dict[str, object]]] = []
        self.calls: list[Call] = []

    def signal(self, from_: str, data: dict[str, object]) -> None:
        self.signals.append((from_, data))


def test_a_booked_call_follows_its_call_id_only() -> None:
    routes = CallRoutes()
    mine, other = Inbox(), Inbox()
    routes.route(mine.signal, mine.calls.append, call_id="call_1")
    routes.route(other.signal, other.calls.append, call_id="call_2")
    routes.signal("call_1", "customer", OFFER)
    routes.call_updated(call("call_1", None))
    assert mine.signals == [("customer", OFFER)]
    assert [c.id for c in mine.calls] == ["call_1"]
    assert other.signals == []
    assert other.calls == []


def test_a_request_being_taken_learns_its_call_from_the_accepted_request() -> None:
    routes = CallRoutes()
    inbox = Inbox()
    route = routes.route(inbox.signal, inbox.calls.append, request_id="req_1")
    routes.request_changed(request(None))  # still ringing: no call yet
    assert route.call_id is None
    routes.request_changed(request("call_1"))  # on the socket before any signal of the call
    routes.signal("call_1", "customer", OFFER)
    assert route.call_id == "call_1"
    assert inbox.signals == [("customer", OFFER)]


def test_or_from_the_calls_record_or_from_the_accepts_answer() -> None:
    routes = CallRoutes()
    by_record, by_answer = Inbox(), Inbox()
    first = routes.route(by_record.signal, by_record.calls.append, request_id="req_1")
    routes.call_updated(call("call_1", "req_1"))
    assert first.call_id == "call_1"
    assert [c.id for c in by_record.calls] == ["call_1"]

    second = routes.route(by_answer.signal, by_answer.calls.append, request_id="req_2")
    second.bind("call_2")
    second.bind("call_other")  # a route's call does not change once known
    routes.signal("call_2", "customer", OFFER)
    assert second.call_id == "call_2"
    assert by_answer.signals == [("customer", OFFER)]


def test_a_signal_nobody_follows_is_dropped_not_held(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="advisor_app.call.routes")
    routes = CallRoutes()
    routes.signal("call_1", "customer", OFFER)
    inbox = Inbox()
    routes.route(inbox.signal, inbox.calls.append, call_id="call_1")
    assert inbox.signals == []  # nothing was kept for a later subscriber
    assert "dropped a 'offer' signal of call call_1" in caplog.text


def test_a_closed_route_hears_nothing_more_and_a_failing_handler_harms_no_other() -> None:
    routes = CallRoutes()
    closed, alive = Inbox(), Inbox()
    route = routes.route(closed.signal, closed.calls.append, call_id="call_1")

    def broken(_from: str, _data: dict[str, object]) -> None:
        raise RuntimeError("a broken handler")

    routes.route(broken, lambda _call: None, call_id="call_1")
    routes.route(alive.signal, alive.calls.append, call_id="call_1")
    route.close()
    route.close()  # twice is harmless
    routes.signal("call_1", "customer", OFFER)
    ended = dataclasses.replace(call("call_1", None), state=CallState.ENDED)
    routes.call_updated(ended)
    assert closed.signals == []
    assert closed.calls == []
    assert alive.signals == [("customer", OFFER)]
    assert alive.calls == [ended]


def test_a_route_follows_a_call_or_a_request() -> None:
    routes = CallRoutes()
    with pytest.raises(ValueError, match="either"):
        routes.route(Inbox().signal, list[Call]().append)
    with pytest.raises(ValueError, match="either"):
        routes.route(Inbox().signal, list[Call]().append, call_id="c", request_id="r")
