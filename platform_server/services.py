"""The platform's collaborators, built once per running server and handed to the handlers.

The services are synchronous code over the database connection: call them from the event loop
only through `db.run` (`await svc.db.run(svc.calls.connected, who, call_id)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from platform_server.abuse_limits import AbuseLimits
from platform_server.accounts import AccountStore, Passwords
from platform_server.booked_time import BookedTimeKeeper
from platform_server.bookings import BookingService
from platform_server.call_events import CallEventLog
from platform_server.call_requests import CallRequestService
from platform_server.calls import CallService
from platform_server.chat import ChatService
from platform_server.clock import AdjustableClock, Clock, Ticker
from platform_server.config import PlatformConfig
from platform_server.db import Database
from platform_server.events import EventHub
from platform_server.presence import PresenceBoard
from platform_server.tokens import TokenService


@dataclass(frozen=True)
class Services:
    config: PlatformConfig
    clock: Clock
    db: Database
    hub: EventHub
    passwords: Passwords
    accounts: AccountStore
    tokens: TokenService
    presence: PresenceBoard
    calls: CallService
    call_requests: CallRequestService
    bookings: BookingService
    chat: ChatService
    booked_time: BookedTimeKeeper
    call_events: CallEventLog
    limits: AbuseLimits = field(repr=False)

    @property
    def test_clock(self) -> AdjustableClock | None:
        """The adjustable clock when test mode is on."""
        if self.config.test_clock and isinstance(self.clock, AdjustableClock):
            return self.clock
        return None

    def sweep(self) -> None:
        """Fire every timer that is due on the platform clock (on the database thread)."""
        self.call_requests.sweep()
        self.calls.sweep()
        self.booked_time.sweep()
        self.tokens.purge_expired()


def build_services(
    config: PlatformConfig,
    db: Database,
    clock: Clock,
    passwords: Passwords,
    ticker: Ticker,
) -> Services:
    conn = db.conn
    hub = EventHub()
    accounts = AccountStore(conn, clock)
    presence = PresenceBoard(accounts, hub)
    chat = ChatService(conn, clock, hub)
    calls = CallService(
        conn=conn,
        clock=clock,
        hub=hub,
        presence=presence,
        connecting_timeout_seconds=config.connecting_timeout,
        ticker=ticker,
    )
    bookings = BookingService(
        conn=conn, clock=clock, hub=hub, accounts=accounts, calls=calls, chat=chat
    )
    tokens = TokenService(conn, clock, config.access_ttl)
    tokens.on_session_ended(hub.end_session)
    return Services(
        config=config,
        clock=clock,
        db=db,
        hub=hub,
        passwords=passwords,
        accounts=accounts,
        tokens=tokens,
        presence=presence,
        calls=calls,
        call_requests=CallRequestService(
            conn=conn,
            clock=clock,
            hub=hub,
            accounts=accounts,
            calls=calls,
            chat=chat,
            ring_timeout_seconds=config.ring_timeout,
        ),
        bookings=bookings,
        chat=chat,
        booked_time=BookedTimeKeeper(conn=conn, clock=clock, calls=calls, bookings=bookings),
        call_events=CallEventLog(conn, clock, calls),
        limits=AbuseLimits.build(clock),
    )
