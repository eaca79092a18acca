"""Strict parsing of the platform's JSON: good payloads become models, the rest MalformedPayload."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.domain.models import (
    BookingState,
    CallKind,
    CallRequestState,
    EndReason,
    Presence,
    Role,
)
from network import wire
from network.errors import MalformedPayload

ACCOUNT = {"id": "acc_1", "role": "advisor", "email": "a@example.org", "display_name": "Mira"}
CALL_REQUEST = {
    "id": "req_1",
    "advisor_id": "acc_1",
    "alias": "Kim",
    "age": 34,
    "state": "ringing",
    "created_at": "2026-11-21T09:30:00Z",
    "answered_at": None,
    "decline_reason": None,
    "call_id": None,
}
BOOKING = {
    "id": "bkg_1",
    "advisor_id": "acc_1",
    "alias": "Kim",
    "age": 34,
    "wished_slots": ["2026-11-22T13:00:00Z", "2026-11-23T08:00:00Z"],
    "duration_minutes": 30,
    "request_text": "Career question",
    "state": "confirmed",
    "confirmed_slot": "2026-11-22T13:00:00Z",
    "paid": True,
    "decline_reason": None,
    "created_at": "2026-11-21T09:30:00Z",
    "updated_at": "2026-11-21T09:31:00Z",
}
CALL = {
    "id": "call_1",
    "kind": "live",
    "request_id": "req_1",
    "booking_id": None,
    "advisor_id": "acc_1",
    "alias": "Kim",
    "age": 34,
    "state": "ended",
    "created_at": "2026-11-21T09:30:00Z",
    "started_at": "2026-11-21T09:30:05Z",
    "ended_at": "2026-11-21T09:40:05Z",
    "end_reason": "bandwidth",
    "ended_by": "platform",
    "billed_seconds": 600,
}
MESSAGE = {
    "id": "msg_1",
    "thread_id": "thr_1",
    "sender": "customer",
    "text": "Hello",
    "created_at": "2026-11-21T09:30:00Z",
}
TOKENS = {
    "access_token": "access-secret",
    "refresh_token": "refresh-secret",
    "expires_in": 900,
    "account": ACCOUNT,
}
ADVISOR = {"id": "acc_1", "display_name": "Mira", "presence": "busy"}

NULLABLE = {
    "answered_at",
    "decline_reason",
    "call_id",
    "confirmed_slot",
    "request_id",
    "booking_id",
    "started_at",
    "ended_at",
    "end_reason",
    "ended_by",
}

Parser = Callable[[object], object]
PARSERS: list[tuple[str, Parser, dict[str, Any]]] = [
    ("call_request", wire.parse_call_request, CALL_REQUEST),
    ("booking", wire.parse_booking, BOOKING),
    ("call", wire.parse_call, CALL),
    ("account", wire.parse_account, ACCOUNT),
    ("advisor", wire.parse_advisor, ADVISOR),
    ("tokens", wire.parse_tokens, TOKENS),
    ("message", wire.parse_message, MESSAGE),
]


def test_good_payloads_become_models() -> None:
    request = wire.parse_call_request(CALL_REQUEST)
    assert request.state is CallRequestState.RINGING
    assert request.created_at == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert request.answered_at is None
    booking = wire.parse_booking(BOOKING)
    assert booking.state is BookingState.CONFIRMED
    assert booking.wished_slots[1] == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert booking.paid is True
    call = wire.parse_call(CALL)
    assert (call.kind, call.end_reason, call.billed_seconds) == (
        CallKind.LIVE,
        EndReason.BANDWIDTH,
        600,
    )
    tokens = wire.parse_tokens(TOKENS)
    assert tokens.account.role is Role.ADVISOR
    assert "secret" not in repr(tokens)
    assert wire.parse_advisor(ADVISOR).presence is Presence.BUSY
    assert wire.parse_message(MESSAGE).sender is Role.CUSTOMER


def test_extra_fields_are_ignored_for_forward_compatibility() -> None:
    newer = {**BOOKING, "video_room": "x", "confirmation_code": "123"}
    assert wire.parse_booking(newer) == wire.parse_booking(BOOKING)


@pytest.mark.parametrize(("what", "parse", "good"), PARSERS)
def test_every_missing_field_is_named(what: str, parse: Parser, good: dict[str, Any]) -> None:
    for field in good:
        broken = {k: v for k, v in good.items() if k != field}
        if field in NULLABLE:
            parse(broken)  # a nullable field may also be absent
            continue
        with pytest.raises(MalformedPayload) as caught:
            parse(broken)
        assert field in caught.value.field, (what, field)
        assert field in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", "34"),
        ("age", True),  # bool is an int in Python, never on this wire
        ("age", 34.0),
        ("state", "on_hold"),
        ("created_at", "yesterday"),
        ("created_at", "2026-11-21T09:30:00"),  # no zone: ambiguous
        ("created_at", 1_700_000_000),
        ("alias", None),
        ("id", ""),
        ("call_id", 7),
    ],
)
def test_wrong_types_and_unknown_values_name_the_field(field: str, value: object) -> None:
    with pytest.raises(MalformedPayload) as caught:
        wire.parse_call_request({**CALL_REQUEST, field: value})
    assert caught.value.field == f"call_request.{field}"


def test_field_values_never_appear_in_the_error() -> None:
    with pytest.raises(MalformedPayload) as caught:
        wire.parse_call_request({**CALL_REQUEST, "alias": ["Secret Name"]})
    assert "Secret" not in str(caught.value)


def test_list_items_name_their_index() -> None:
    second = {**BOOKING, "paid": "yes"}
    with pytest.raises(MalformedPayload) as caught:
        wire.parse_list({"bookings": [BOOKING, second]}, "bookings", wire.parse_booking)
    assert caught.value.field == "bookings[1].paid"
    with pytest.raises(MalformedPayload) as slot:
        wire.parse_booking({**BOOKING, "wished_slots": ["2026-11-22T13:00:00Z", "soon"]})
    assert slot.value.field == "booking.wished_slots[1]"


def test_timestamps_are_utc_whatever_offset_was_sent() -> None:
    moment = wire.parse_timestamp("2026-11-21T10:30:00+01:00")
    assert moment == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)
    assert wire.format_timestamp(moment) == "2026-11-21T09:30:00Z"
    berlin = datetime(2026, 11, 21, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert wire.format_timestamp(berlin) == "2026-11-21T09:30:00Z"
    with pytest.raises(ValueError, match="time zone"):
        wire.format_timestamp(datetime(2026, 11, 21, 10, 30))


def test_ice_servers_accept_one_url_or_many_and_keep_credentials_out_of_repr() -> None:
    servers = wire.parse_ice_servers(
        {
            "ice_servers": [
                {"urls": "stun:stun.example.org:3478"},
                {"urls": ["turn:t.example.org"], "username": "u", "credential": "secret"},
            ]
        }
    )
    assert servers[0].urls == ("stun:stun.example.org:3478",)
    assert servers[1].credential == "secret"
    assert "secret" not in repr(servers)
    bad: object
    for bad in ({"urls": []}, {"urls": [3]}, {"urls": "x", "username": 5}, "stun:x"):
        with pytest.raises(MalformedPayload):
            wire.parse_ice_servers({"ice_servers": [bad]})


def test_signal_and_call_enums_are_checked() -> None:
    with pytest.raises(MalformedPayload, match="ended_by"):
        wire.parse_call({**CALL, "ended_by": "nobody"})
    with pytest.raises(MalformedPayload, match="end_reason"):
        wire.parse_call({**CALL, "end_reason": "boredom"})
    with pytest.raises(MalformedPayload, match="expires_in"):
        wire.parse_tokens({**TOKENS, "expires_in": 0})


# -- property: arbitrary JSON never gets past the parsers as anything but MalformedPayload -------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)

ALL_PARSERS: list[Parser] = [
    *(p for _, p, _ in PARSERS),
    wire.parse_ice_servers,
    wire.parse_server_time,
    wire.parse_thread,
    wire.parse_timestamp,
    lambda data: wire.parse_list(data, "call_requests", wire.parse_call_request),
]


@settings(max_examples=300, deadline=None)
@given(data=json_values, which=st.sampled_from(range(len(ALL_PARSERS))))
def test_arbitrary_json_raises_only_malformed_payload(data: object, which: int) -> None:
    with contextlib.suppress(MalformedPayload):
        ALL_PARSERS[which](data)


@settings(max_examples=300, deadline=None)
@given(
    which=st.sampled_from(range(len(PARSERS))),
    key=st.text(max_size=15),
    value=json_values,
)
def test_one_corrupted_field_raises_only_malformed_payload(
    which: int, key: str, value: object
) -> None:
    _, parse, good = PARSERS[which]
    corrupted = copy.deepcopy(good)
    field = key if key in good or not good else sorted(good)[len(key) % len(good)]
    corrupted[field] = value
    try:
        parse(corrupted)
    except MalformedPayload as exc:
        assert exc.field  # noqa: PT017 (any other exception fails the test; this one says where)
