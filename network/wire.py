"""The platform's JSON turned into the domain's values, strictly, at the edge.

Every parser checks types, required fields and enum values and raises `MalformedPayload` naming
the field (never `KeyError` or `TypeError`), so a platform that breaks the contract shows up as a
readable problem instead of a crash deep in the UI. Unknown extra fields are ignored: a newer
platform may add fields without breaking older apps. Field values never go into error messages
(they may be a customer's details); only field names and expected types do.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TypeVar

from advisor_app.domain.models import (
    Account,
    Advisor,
    Booking,
    BookingState,
    Call,
    CallEvent,
    CallKind,
    CallRequest,
    CallRequestState,
    CallState,
    ChatMessage,
    ChatThread,
    EndReason,
    IceServer,
    Presence,
    Role,
    Tokens,
)
from network.errors import MalformedPayload

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


class _Fields:
    """Typed access to one JSON object; every failure names the field's path."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise MalformedPayload(f"{where or 'the answer'} is not an object", field=where)
        self._data: Mapping[str, object] = data
        self._where = where

    def path(self, name: str) -> str:
        return f"{self._where}.{name}" if self._where else name

    def invalid(self, name: str, expected: str) -> MalformedPayload:
        return MalformedPayload(f"{self.path(name)} must be {expected}", field=self.path(name))

    def raw(self, name: str) -> object:
        if name not in self._data:
            raise MalformedPayload(f"{self.path(name)} is missing", field=self.path(name))
        return self._data[name]

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str):
            raise self.invalid(name, "a string")
        return value

    def id(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise self.invalid(name, "a non-empty id")
        return value

    def optional_text(self, name: str) -> str | None:
        """A field that may be null or absent."""
        value = self._data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.invalid(name, "a string or null")
        return value

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.invalid(name, "an integer")
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.invalid(name, "true or false")
        return value

    def timestamp(self, name: str) -> datetime:
        return parse_timestamp(self.raw(name), field=self.path(name))

    def optional_timestamp(self, name: str) -> datetime | None:
        value = self._data.get(name)
        return None if value is None else parse_timestamp(value, field=self.path(name))

    def choice(self, name: str, kind: type[E]) -> E:
        value = self.raw(name)
        for member in kind:
            if member.value == value:
                return member
        allowed = ", ".join(str(m.value) for m in kind)
        raise self.invalid(name, f"one of {allowed}")

    def optional_choice(self, name: str, kind: type[E]) -> E | None:
        return None if self._data.get(name) is None else self.choice(name, kind)

    def items(self, name: str) -> list[object]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise self.invalid(name, "a list")
        return value

    def nested(self, name: str) -> _Fields:
        return _Fields(self.raw(name), self.path(name))


def parse_timestamp(value: object, *, field: str = "timestamp") -> datetime:
    """An ISO 8601 time with a zone (the platform sends UTC with `Z`), as an aware UTC datetime."""
    if not isinstance(value, str):
        raise MalformedPayload(f"{field} must be an ISO 8601 time string", field=field)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedPayload(f"{field} is not an ISO 8601 time", field=field) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise MalformedPayload(f"{field} has no time zone", field=field)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise MalformedPayload(f"{field} is out of range", field=field) from None


def format_timestamp(moment: datetime) -> str:
    """The wire form of a time: UTC with a `Z` suffix (naive datetimes are refused)."""
    if moment.tzinfo is None:
        raise ValueError("a time sent to the platform must carry a time zone")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_account(data: object, where: str = "account") -> Account:
    f = _Fields(data, where)
    return Account(
        id=f.id("id"),
        role=f.choice("role", Role),
        email=f.text("email"),
        display_name=f.text("display_name"),
    )


def parse_advisor(data: object, where: str = "advisor") -> Advisor:
    f = _Fields(data, where)
    return Advisor(
        id=f.id("id"), display_name=f.text("display_name"), presence=f.choice("presence", Presence)
    )


def parse_tokens(data: object, where: str = "") -> Tokens:
    f = _Fields(data, where)
    expires_in = f.integer("expires_in")
    if expires_in <= 0:
        raise f.invalid("expires_in", "a positive number of seconds")
    return Tokens(
        access_token=f.id("access_token"),
        refresh_token=f.id("refresh_token"),
        expires_in=expires_in,
        account=parse_account(f.raw("account"), f.path("account")),
    )


def parse_call_request(data: object, where: str = "call_request") -> CallRequest:
    f = _Fields(data, where)
    return CallRequest(
        id=f.id("id"),
        advisor_id=f.id("advisor_id"),
        alias=f.text("alias"),
        age=f.integer("age"),
        state=f.choice("state", CallRequestState),
        created_at=f.timestamp("created_at"),
        answered_at=f.optional_timestamp("answered_at"),
        decline_reason=f.optional_text("decline_reason"),
        call_id=f.optional_text("call_id"),
    )


def parse_booking(data: object, where: str = "booking") -> Booking:
    f = _Fields(data, where)
    slots = f.items("wished_slots")
    return Booking(
        id=f.id("id"),
        advisor_id=f.id("advisor_id"),
        alias=f.text("alias"),
        age=f.integer("age"),
        wished_slots=tuple(
            parse_timestamp(slot, field=f"{f.path('wished_slots')}[{i}]")
            for i, slot in enumerate(slots)
        ),
        duration_minutes=f.integer("duration_minutes"),
        request_text=f.text("request_text"),
        state=f.choice("state", BookingState),
        confirmed_slot=f.optional_timestamp("confirmed_slot"),
        paid=f.flag("paid"),
        decline_reason=f.optional_text("decline_reason"),
        created_at=f.timestamp("created_at"),
        updated_at=f.timestamp("updated_at"),
    )


def parse_call(data: object, where: str = "call") -> Call:
    f = _Fields(data, where)
    ended_by = f.optional_text("ended_by")
    if ended_by not in (None, "advisor", "customer", "platform"):
        raise f.invalid("ended_by", "advisor, customer, platform or null")
    return Call(
        id=f.id("id"),
        kind=f.choice("kind", CallKind),
        request_id=f.optional_text("request_id"),
        booking_id=f.optional_text("booking_id"),
        advisor_id=f.id("advisor_id"),
        alias=f.text("alias"),
        age=f.integer("age"),
        state=f.choice("state", CallState),
        created_at=f.timestamp("created_at"),
        started_at=f.optional_timestamp("started_at"),
        ended_at=f.optional_timestamp("ended_at"),
        end_reason=f.optional_choice("end_reason", EndReason),
        ended_by=ended_by,
        billed_seconds=f.integer("billed_seconds"),
        billed_until=f.optional_timestamp("billed_until"),
    )


def parse_message(data: object, where: str = "message") -> ChatMessage:
    f = _Fields(data, where)
    return ChatMessage(
        id=f.id("id"),
        thread_id=f.id("thread_id"),
        sender=f.choice("sender", Role),
        text=f.text("text"),
        created_at=f.timestamp("created_at"),
    )


def parse_thread(data: object, where: str = "thread") -> ChatThread:
    f = _Fields(data, where)
    return ChatThread(
        id=f.id("id"),
        advisor_id=f.id("advisor_id"),
        alias=f.text("alias"),
        unread=f.integer("unread"),
    )


def parse_call_event(data: object, where: str = "event") -> CallEvent:
    f = _Fields(data, where)
    return CallEvent(
        id=f.id("id"),
        call_id=f.id("call_id"),
        at=f.timestamp("at"),
        by=f.choice("by", Role),
        kind=f.text("kind"),
        detail=f.text("detail"),
    )


def parse_ice_servers(data: object) -> tuple[IceServer, ...]:
    """`{"ice_servers": [{"urls": [..], "username"?, "credential"?}]}`; `urls` may be one string."""
    f = _Fields(data, "")
    servers: list[IceServer] = []
    for i, item in enumerate(f.items("ice_servers")):
        server = _Fields(item, f"ice_servers[{i}]")
        raw_urls = server.raw("urls")
        urls = [raw_urls] if isinstance(raw_urls, str) else raw_urls
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise server.invalid("urls", "a non-empty list of strings")
        servers.append(
            IceServer(
                urls=tuple(str(u) for u in urls),
                username=server.optional_text("username"),
                credential=server.optional_text("credential"),
            )
        )
    return tuple(servers)


def parse_server_time(data: object) -> datetime:
    return _Fields(data, "").timestamp("server_time")


def parse_list(data: object, key: str, parse_item: Callable[[object, str], T]) -> tuple[T, ...]:
    """A list wrapped in an object, such as `{"bookings": [...]}`; items name their index."""
    f = _Fields(data, "")
    return tuple(parse_item(item, f"{key}[{i}]") for i, item in enumerate(f.items(key)))


def parse_flag(data: object, key: str) -> bool:
    return _Fields(data, "").flag(key)
