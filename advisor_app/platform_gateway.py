"""The signed-in advisor's one way to the platform: REST requests, the event socket, its clock.

`PlatformGateway` is injected into whoever talks to the platform (the desk, the chat, the history,
the call and its booked-time guard), so none of them reaches the platform through another:
- `request(PlatformClient.method, *args)` is the one authorised REST call: in a worker thread (the
  engine loop never blocks), with the session's transparent token refresh;
- the event socket: `open_link(listener)` connects it for a signed-in session and hands the desk's
  events (requests, bookings, presence, the link's state) to that listener; call signals and
  records go to the call that follows them (`route_call`, `advisor_app.call.routes`), chat
  messages to the chat (`subscribe_messages`); `send_signal` relays a call's signal;
- the platform's clock (`clock`, `measure_clock`): every booking rule runs on it;
- the hang-up reports the platform has not acknowledged yet (`hangups`,
  `advisor_app.call.hangup_outbox`): they outlive their call and are sent until it answers.

Runs on the engine loop; listeners are called there and must not block.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from advisor_app.call.hangup_outbox import HangupOutbox
from advisor_app.call.routes import CallHandler, CallRoute, CallRoutes, SignalHandler
from advisor_app.domain.models import Advisor, Booking, Call, CallRequest, ChatMessage, IceServer
from advisor_app.domain.server_clock import ServerClock
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from network.errors import NetworkUnreachable
from network.event_stream import EventHandler, EventStream, TokenSource

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class PlatformRequests(Protocol):
    """The authorised REST call: what chat, history and the call's records need of the gateway."""

    async def request(
        self,
        action: Callable[Concatenate[PlatformClient, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T: ...


class LinkListener(Protocol):
    """What the desk hears of the event socket (engine loop; only for the current link)."""

    def link_connected(self) -> None:
        """Welcomed by the platform (first connect or reconnect): time to resynchronise."""

    def link_lost(self, reason: str, retry_in: float) -> None: ...

    def link_stopped(self, reason: str) -> None:
        """The socket gave up for good (not signed in, or replaced by another window)."""

    async def link_refused_sign_in(self) -> bool:
        """The platform refused the token: renew the sign-in; True to reconnect."""

    def call_request_changed(self, request: CallRequest) -> None: ...

    def booking_changed(self, booking: Booking) -> None: ...

    def advisor_changed(self, advisor: Advisor) -> None: ...

    def platform_refused(self, code: str, message: str) -> None:
        """The platform refused a message sent on the socket (`error` event)."""


class EventStreamLike(Protocol):
    """What the gateway needs of an event stream (`network.event_stream.EventStream`)."""

    def start(self) -> None: ...

    async def close(self) -> None: ...

    async def send(self, message: Mapping[str, object]) -> None: ...

    async def check(self) -> bool: ...


EventStreamFactory = Callable[[PlatformClient, TokenSource, EventHandler], EventStreamLike]


def default_event_stream(
    client: PlatformClient, token: TokenSource, handler: EventHandler
) -> EventStream:
    """The platform's socket, verified with the client's CA bundle if one is configured."""
    context = ssl.create_default_context(cafile=client.ca_bundle) if client.ca_bundle else None
    return EventStream(client.ws_url, token, handler, ssl_context=context)


class PlatformGateway:
    """The REST client, the event socket and the clock of one platform, for one session."""

    def __init__(
        self,
        session: AdvisorSession,
        client: PlatformClient,
        *,
        event_stream_factory: EventStreamFactory = default_event_stream,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._session = session
        self._client = client
        self._stream_factory = event_stream_factory
        self._wall_clock = wall_clock
        self._stream: EventStreamLike | None = None
        self._link: _Link | None = None
        self._clock = ServerClock()
        self._clock_watchers: list[Callable[[ServerClock], None]] = []
        self._call_routes = CallRoutes()
        self._message_listeners: list[Callable[[ChatMessage], None]] = []
        self.hangups = HangupOutbox(self)

    # -- REST ----------------------------------------------------------------------------------

    async def request(
        self,
        action: Callable[Concatenate[PlatformClient, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """`action(client, *args)` in a worker thread, with the session's token refresh.

        Raises `network.errors.PlatformError` subclasses whose `str()` is a readable message.
        """
        session, client = self._session, self._client

        def call() -> T:
            return session.authorized(action, client, *args, **kwargs)

        return await asyncio.to_thread(call)

    async def ice_servers(self) -> tuple[IceServer, ...]:
        return await self.request(PlatformClient.ice_servers)

    @property
    def base_url(self) -> str:
        return self._client.base_url

    @property
    def ca_bundle(self) -> str | None:
        return self._client.ca_bundle

    def access_token(self) -> str:
        """A current access token (blocking: worker threads only), for the hardware test."""
        return self._session.access_token()

    # -- the platform's clock ----------------------------------------------------------------

    @property
    def clock(self) -> ServerClock:
        """The platform's clock as last measured (offset 0 before the first measurement)."""
        return self._clock

    def watch_clock(self, on_measured: Callable[[ServerClock], None]) -> None:
        """Calls `on_measured` after every measurement (the desk tells the status bar)."""
        self._clock_watchers.append(on_measured)

    async def measure_clock(self) -> ServerClock:
        """Measures the platform's clock again (the rules run on it)."""
        offset = await asyncio.to_thread(self._measure_offset)
        self._clock = ServerClock(offset)
        for watcher in list(self._clock_watchers):
            watcher(self._clock)
        return self._clock

    def _measure_offset(self) -> float:
        """Runs in a worker thread: server time minus local time, in seconds."""
        before = self._wall_clock()
        server_time = self._client.server_time()
        after = self._wall_clock()
        # The server read its clock about halfway through the round trip.
        return server_time.timestamp() - (before + after) / 2

    # -- the event socket --------------------------------------------------------------------

    def open_link(self, listener: LinkListener) -> None:
        """Connects the socket for the signed-in session (after `close_link`)."""
        self._link = _Link(listener, self._call_routes, self._deliver_message)
        self._stream = self._stream_factory(self._client, self._token, self._link)
        self._stream.start()

    async def close_link(self) -> None:
        """Closes the socket; events of the closed link are dropped from now on."""
        link, self._link = self._link, None
        if link is not None:
            link.open = False
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.close()

    async def _token(self) -> str:
        return await asyncio.to_thread(self._session.access_token)

    def route_call(
        self,
        on_signal: SignalHandler,
        on_call: CallHandler,
        *,
        call_id: str | None = None,
        request_id: str | None = None,
    ) -> CallRoute:
        """Delivers a call's signals (`from_`, data) and records until `route.close()`.

        By `call_id` for a call whose id is known; by `request_id` for a live request about to
        be accepted (the route learns its call id from the socket or from `route.bind`).
        """
        return self._call_routes.route(on_signal, on_call, call_id=call_id, request_id=request_id)

    async def send_signal(self, call_id: str, data: Mapping[str, object]) -> None:
        """Relays a signal (offer, answer, candidate, hangup) to the other party of the call."""
        stream = self._stream
        if stream is None:
            raise NetworkUnreachable("Not connected to the platform right now.")
        await stream.send({"type": "signal", "call_id": call_id, "data": data})

    async def check_link(self) -> bool:
        """Makes the socket prove itself now, replacing it at once if it does not answer: the
        call's media stopped, and the line under the socket may have died with it (another
        network). True: a working socket (the old one, or a fresh one within a few seconds)."""
        stream = self._stream
        return stream is not None and await stream.check()

    async def send_heartbeat(self, call_id: str, media: bool) -> None:
        """This side is in the call; `media`: the customer's media arrived since the last one."""
        stream = self._stream
        if stream is None:
            raise NetworkUnreachable("Not connected to the platform right now.")
        await stream.send({"type": "heartbeat", "call_id": call_id, "media": media})

    def subscribe_messages(self, on_message: Callable[[ChatMessage], None]) -> Callable[[], None]:
        """Delivers each chat message the socket brings (engine thread); returns the unsubscribe."""
        self._message_listeners.append(on_message)
        return lambda: self._message_listeners.remove(on_message)

    def _deliver_message(self, message: ChatMessage) -> None:
        for deliver in list(self._message_listeners):
            deliver(message)


class _Link:
    """One connection of the socket (an `EventHandler`); silent once it is no longer current."""

    def __init__(
        self,
        listener: LinkListener,
        calls: CallRoutes,
        messages: Callable[[ChatMessage], None],
    ) -> None:
        self.open = True  # the gateway closes it; a closed link's late events are dropped
        self._listener = listener
        self._calls = calls
        self._messages = messages

    @property
    def _live(self) -> bool:
        return self.open

    def on_connected(self, server_time: datetime) -> None:  # noqa: ARG002 (measured via REST)
        if self._live:
            self._listener.link_connected()

    def on_disconnected(self, reason: str, retry_in: float) -> None:
        if self._live:
            self._listener.link_lost(reason, retry_in)

    def on_stopped(self, reason: str) -> None:
        if self._live:
            self._listener.link_stopped(reason)

    async def on_not_signed_in(self) -> bool:
        if not self._live:
            return False
        return await self._listener.link_refused_sign_in() and self._live

    def on_call_request(self, request: CallRequest) -> None:
        if self._live:
            self._calls.request_changed(request)
            self._listener.call_request_changed(request)

    def on_booking(self, booking: Booking) -> None:
        if self._live:
            self._listener.booking_changed(booking)

    def on_presence(self, advisor: Advisor) -> None:
        if self._live:
            self._listener.advisor_changed(advisor)

    def on_call(self, call: Call) -> None:
        if self._live:
            self._calls.call_updated(call)

    def on_signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        if self._live:
            self._calls.signal(call_id, from_, data)

    def on_message(self, message: ChatMessage) -> None:
        log.debug("chat message in thread %s", message.thread_id)
        if self._live:
            self._messages(message)

    def on_error_event(self, code: str, message: str) -> None:
        log.warning("platform refused a message on the socket: %s", code)
        if self._live:
            self._listener.platform_refused(code, message)
