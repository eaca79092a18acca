"""What the advisor works with, in the advisor's words.

These are plain, immutable values parsed from the platform's wire format at the edge
(`network.wire`). They carry only what the platform rules allow the advisor to see about a
customer: the alias and the age, never more.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Presence(enum.StrEnum):
    """Whether the advisor takes live calls now (online), is occupied (busy) or away (offline)."""

    ONLINE = "online"
    BUSY = "busy"
    OFFLINE = "offline"


class Role(enum.StrEnum):
    ADVISOR = "advisor"
    CUSTOMER = "customer"


class CallRequestState(enum.StrEnum):
    RINGING = "ringing"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"


class BookingState(enum.StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    IN_CALL = "in_call"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


class CallKind(enum.StrEnum):
    LIVE = "live"
    BOOKED = "booked"


class CallState(enum.StrEnum):
    CONNECTING = "connecting"
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(enum.StrEnum):
    """Why a call ended, as the platform records it for billing."""

    HANGUP = "hangup"
    BANDWIDTH = "bandwidth"
    ABUSE = "abuse"
    UNVERIFIED = "unverified"
    NO_ANSWER = "no_answer"
    ERROR = "error"
    BOOKED_END = "booked_end"
    NO_SHOW = "no_show"
    CONNECTION_LOST = "connection_lost"  # the platform heard no heartbeat from a party for 20 s


# Reasons only the platform's own rules give (docs/platform-api.md, "Heartbeats and billing"): the
# app may end its side of a call for them (the booked time is over), but never reports them.
PLATFORM_REASONS = frozenset(
    {EndReason.BOOKED_END, EndReason.NO_ANSWER, EndReason.NO_SHOW, EndReason.CONNECTION_LOST}
)


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    role: Role
    email: str
    display_name: str


@dataclass(frozen=True, slots=True)
class Advisor:
    id: str
    display_name: str
    presence: Presence


@dataclass(frozen=True, slots=True)
class Tokens:
    """A signed-in session. `refresh_token` goes to the OS keychain, never to a file or a log."""

    access_token: str
    refresh_token: str
    expires_in: int
    account: Account

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"Tokens(account={self.account.id!r}, expires_in={self.expires_in})"


@dataclass(frozen=True, slots=True)
class CallRequest:
    """A customer waiting for the advisor to accept a live call."""

    id: str
    advisor_id: str
    alias: str
    age: int
    state: CallRequestState
    created_at: datetime
    answered_at: datetime | None
    decline_reason: str | None
    call_id: str | None


@dataclass(frozen=True, slots=True)
class Booking:
    """An appointment request or a confirmed appointment.

    The advisor never receives the confirmation code; it is checked with the platform.
    """

    id: str
    advisor_id: str
    alias: str
    age: int
    wished_slots: tuple[datetime, ...]
    duration_minutes: int
    request_text: str
    state: BookingState
    confirmed_slot: datetime | None
    paid: bool
    decline_reason: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Call:
    id: str
    kind: CallKind
    request_id: str | None
    booking_id: str | None
    advisor_id: str
    alias: str
    age: int
    state: CallState
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    end_reason: EndReason | None
    ended_by: str | None
    billed_seconds: int
    # Where the platform's bill ends (billing starts at `started_at`); None before the end or
    # from a platform that does not say.
    billed_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    id: str
    thread_id: str
    sender: Role
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IceServer:
    urls: tuple[str, ...]
    username: str | None = None
    credential: str | None = None

    def __repr__(self) -> str:
        return f"IceServer(urls={self.urls!r})"


@dataclass(frozen=True, slots=True)
class ChatThread:
    """A conversation with one customer (one per advisor and customer)."""

    id: str
    advisor_id: str
    alias: str
    unread: int


@dataclass(frozen=True, slots=True)
class CallEvent:
    """A fact recorded on a call (`video_paused`, `identity_verified`, …): explains its bill."""

    id: str
    call_id: str
    at: datetime
    by: Role
    kind: str
    detail: str
