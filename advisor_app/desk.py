"""The advisor's desk: sign-in, live requests, the booking queue and presence, kept in sync.

Runs on the engine loop and implements `DeskCommands` for the UI; reports through `DeskListener`
with whole snapshots (never diffs), so the UI can simply redraw. REST calls run in worker threads
(`asyncio.to_thread`) so the loop never blocks. Events from the platform's socket keep the state
current; on every (re)connect the desk fetches requests, bookings and presence again, so whatever
happened while the link was down (or the platform restarted) is not lost. Events that arrive while
such a fetch runs are applied again on top of its result, because the fetch may predate them.

A failing action reports `listener.problem(...)` and re-raises, so the UI can also show it where
the advisor clicked. A sign-in that the platform no longer accepts ends the session
(`listener.signed_out`). The call code uses `subscribe_call`, `send_signal` and `ice_servers`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import ssl
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, Protocol, TypeVar

from advisor_app.call.signals import CallSignals
from advisor_app.desk_listener import ConnectionState, DeskListener
from advisor_app.domain.models import (
    Account,
    Advisor,
    Booking,
    Call,
    CallRequest,
    CallRequestState,
    ChatMessage,
    IceServer,
    Presence,
)
from advisor_app.domain.server_clock import ServerClock
from advisor_app.domain.texts import N_
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from network.errors import NetworkUnreachable, NotSignedIn, PlatformError
from network.event_stream import EventHandler, EventStream, TokenSource

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

SIGNED_OUT_REVOKED = N_("Desk", "Your sign-in is no longer valid. Please sign in again.")
PRESENCE_ON_EXIT_TIMEOUT = 3.0  # going offline on exit is a courtesy; never hold the exit up long


class EventStreamLike(Protocol):
    """What the desk needs of an event stream (`network.event_stream.EventStream`)."""

    def start(self) -> None: ...

    async def close(self) -> None: ...

    async def send(self, message: Mapping[str, object]) -> None: ...


EventStreamFactory = Callable[[PlatformClient, TokenSource, EventHandler], EventStreamLike]


def default_event_stream(
    client: PlatformClient, token: TokenSource, handler: EventHandler
) -> EventStream:
    """The platform's socket, verified with the client's CA bundle if one is configured."""
    context = ssl.create_default_context(cafile=client.ca_bundle) if client.ca_bundle else None
    return EventStream(client.ws_url, token, handler, ssl_context=context)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    offset_seconds: float
    requests: tuple[CallRequest, ...]
    bookings: tuple[Booking, ...]
    presence: Presence


class AdvisorDesk:
    """The signed-in advisor's live requests, booking queue, presence and platform link."""

    def __init__(
        self,
        session: AdvisorSession,
        client: PlatformClient,
        listener: DeskListener,
        *,
        event_stream_factory: EventStreamFactory = default_event_stream,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._session = session
        self._client = client
        self._listener = listener
        self._stream_factory = event_stream_factory
        self._wall_clock = wall_clock
        self._account: Account | None = None
        self._stream: EventStreamLike | None = None
        self._generation = 0  # bumped when a session ends: late results of the old one are dropped
        self._requests: dict[str, CallRequest] = {}
        self._bookings: dict[str, Booking] = {}
        self._presence: Presence | None = None
        self._chosen_presence: Presence | None = None  # what the advisor last chose, anywhere
        self._connection: tuple[ConnectionState, str] | None = None
        self._clock = ServerClock()
        self._call_signals = CallSignals()
        self._resync_lock = asyncio.Lock()
        self._replay: list[Callable[[], None]] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._message_listeners: list[Callable[[ChatMessage], None]] = []

    # -- read-only views ------------------------------------------------------------------------

    @property
    def client(self) -> PlatformClient:
        return self._client

    @property
    def session(self) -> AdvisorSession:
        return self._session

    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def clock(self) -> ServerClock:
        """The platform's clock as last measured (offset 0 before the first measurement)."""
        return self._clock

    @property
    def presence(self) -> Presence | None:
        return self._presence

    @property
    def call_requests(self) -> tuple[CallRequest, ...]:
        """Ringing requests, the longest-waiting first."""
        return tuple(sorted(self._requests.values(), key=lambda r: (r.created_at, r.id)))

    @property
    def bookings(self) -> tuple[Booking, ...]:
        """The whole queue, oldest request first."""
        return tuple(sorted(self._bookings.values(), key=lambda b: (b.created_at, b.id)))

    @property
    def connection(self) -> ConnectionState:
        return self._connection[0] if self._connection else ConnectionState.OFFLINE

    # -- DeskCommands ---------------------------------------------------------------------------

    async def sign_in(self, email: str, password: str, remember: bool) -> Account:
        async with self._reporting():
            await self._stop_stream()
            account = await asyncio.to_thread(self._session.sign_in, email, password, remember)
            self._begin(account)
            return account

    async def restore(self, email: str) -> Account | None:
        async with self._reporting():
            await self._stop_stream()
            account = await asyncio.to_thread(self._session.restore, email)
            if account is not None:
                self._begin(account)
            return account

    async def sign_out(self) -> None:
        async with self._reporting():
            await self._leave_platform()
            await asyncio.to_thread(self._session.sign_out)
            self._end("Signed out")

    async def set_presence(self, presence: Presence) -> None:
        async with self._reporting():
            advisor = await self._rest(self._client.set_presence, presence)
            self._chosen_presence = advisor.presence
            self._apply_presence(advisor)

    async def accept(self, request_id: str) -> CallRequest:
        async with self._reporting():
            request = await self._rest(self._client.accept_call_request, request_id)
            self._record(self._apply_request, request)
            return request

    async def decline(self, request_id: str, reason: str) -> CallRequest:
        async with self._reporting():
            request = await self._rest(self._client.decline_call_request, request_id, reason)
            self._record(self._apply_request, request)
            return request

    async def confirm_booking(self, booking_id: str, slot: datetime) -> Booking:
        async with self._reporting():
            booking = await self._rest(self._client.confirm_booking, booking_id, slot)
            self._record(self._apply_booking, booking)
            return booking

    async def decline_booking(self, booking_id: str, reason: str) -> Booking:
        async with self._reporting():
            booking = await self._rest(self._client.decline_booking, booking_id, reason)
            self._record(self._apply_booking, booking)
            return booking

    async def verify_booking(self, booking_id: str, code: str) -> bool:
        """Checks the customer's confirmation code with the platform."""
        async with self._reporting():
            return await self._rest(self._client.verify_booking, booking_id, code)

    async def start_booked_call(self, booking_id: str) -> Call:
        """Opens the call of a confirmed, paid booking; the advisor's side then offers."""
        async with self._reporting():
            return await self._rest(self._client.start_booked_call, booking_id)

    async def measure_clock(self) -> ServerClock:
        """Measures the platform's clock again (the rules run on it); tells the listener."""
        offset = await asyncio.to_thread(self._measure_offset)
        self._clock = ServerClock(offset)
        self._listener.clock_offset_changed(offset)
        return self._clock

    async def refresh(self) -> None:
        async with self._reporting():
            await self._resync()

    async def shutdown(self) -> None:
        """Stops syncing; an online advisor is set offline first (best effort, a few seconds)."""
        await self._leave_platform()
        self._generation += 1
        self._chosen_presence = None
        self._set_connection(ConnectionState.OFFLINE, "")
        for task in list(self._tasks):
            task.cancel()

    # -- for the call code -----------------------------------------------------------------------

    def subscribe_call(
        self,
        call_id: str,
        on_signal: Callable[[str, dict[str, object]], None],
        on_call: Callable[[Call], None],
    ) -> Callable[[], None]:
        """Delivers this call's signals (`from_`, data) and updates; returns the unsubscribe.

        Signals that arrived shortly before the subscription are delivered first, in order.
        """
        return self._call_signals.subscribe(call_id, on_signal, on_call)

    async def send_signal(self, call_id: str, data: Mapping[str, object]) -> None:
        """Relays a signal (offer, answer, candidate, hangup) to the other party of the call."""
        stream = self._stream
        if stream is None:
            raise NetworkUnreachable("Not connected to the platform right now.")
        await stream.send({"type": "signal", "call_id": call_id, "data": data})

    async def ice_servers(self) -> tuple[IceServer, ...]:
        return await self._rest(self._client.ice_servers)

    # -- for the chat ----------------------------------------------------------------------------

    def subscribe_messages(self, on_message: Callable[[ChatMessage], None]) -> Callable[[], None]:
        """Delivers each chat message the socket brings (engine thread); returns the unsubscribe."""
        self._message_listeners.append(on_message)
        return lambda: self._message_listeners.remove(on_message)

    # -- session lifecycle -----------------------------------------------------------------------

    def _begin(self, account: Account) -> None:
        self._generation += 1
        self._account = account
        self._chosen_presence = None
        self._listener.signed_in(account)
        self._set_connection(ConnectionState.CONNECTING, "")
        events = _StreamEvents(self, self._generation)
        self._stream = self._stream_factory(self._client, self._token, events)
        self._stream.start()

    async def _token(self) -> str:
        return await asyncio.to_thread(self._session.access_token)

    def _end(self, reason: str) -> None:
        """Clears what the ended session showed and tells the UI (sign-out or revocation)."""
        self._generation += 1
        was_signed_in = self._account is not None
        self._account = None
        self._requests.clear()
        self._bookings.clear()
        self._presence = None
        self._chosen_presence = None
        self._listener.call_requests_changed(())
        self._listener.bookings_changed(())
        self._set_connection(ConnectionState.OFFLINE, "")
        if was_signed_in:
            self._listener.signed_out(reason)

    async def _end_revoked(self) -> None:
        await self._stop_stream()
        await asyncio.to_thread(self._session.forget)
        self._end(SIGNED_OUT_REVOKED)

    async def _stop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.close()

    async def _leave_platform(self) -> None:
        """Goes offline on the platform (if online) and closes the socket."""
        if self._account is not None and self._presence is Presence.ONLINE:
            try:
                async with asyncio.timeout(PRESENCE_ON_EXIT_TIMEOUT):
                    await self._rest(self._client.set_presence, Presence.OFFLINE)
            except (PlatformError, TimeoutError) as exc:
                log.info("could not go offline on the platform: %s", type(exc).__name__)
        await self._stop_stream()

    @contextlib.asynccontextmanager
    async def _reporting(self) -> AsyncIterator[None]:
        try:
            yield
        except NotSignedIn as exc:
            if self._account is not None and not self._session.signed_in:
                await self._stop_stream()
                self._end(SIGNED_OUT_REVOKED)
            self._listener.problem(str(exc))
            raise
        except PlatformError as exc:
            self._listener.problem(str(exc))
            raise

    async def _rest(self, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """One REST call in a worker thread, with the session's transparent token refresh."""

        def call() -> T:
            return self._session.authorized(action, *args, **kwargs)

        return await asyncio.to_thread(call)

    # -- synchronisation --------------------------------------------------------------------------

    async def _resync(self) -> None:
        """Replaces requests, bookings and presence with the platform's; measures the clock."""
        generation = self._generation
        account = self._account
        if account is None:
            raise NotSignedIn()
        async with self._resync_lock:
            self._replay = []
            try:
                snapshot = await asyncio.to_thread(self._fetch_snapshot, account.id)
            except BaseException:
                self._replay = None
                if generation == self._generation:  # show what the events changed meanwhile
                    self._publish_requests()
                    self._publish_bookings()
                raise
            replay, self._replay = self._replay, None
            if generation != self._generation:
                return
            self._clock = ServerClock(snapshot.offset_seconds)
            self._listener.clock_offset_changed(snapshot.offset_seconds)
            self._requests = {r.id: r for r in snapshot.requests if _is_ringing(r)}
            self._bookings = {b.id: b for b in snapshot.bookings}
            for apply in replay:
                apply()
            self._publish_requests()
            self._publish_bookings()
            self._apply_presence_value(await self._restore_presence(snapshot.presence))
        log.info(
            "desk synchronised: %d ringing, %d bookings, clock offset %+.2f s",
            len(self._requests),
            len(self._bookings),
            snapshot.offset_seconds,
        )

    async def _restore_presence(self, on_platform: Presence) -> Presence:
        """The platform sets every advisor offline when it restarts; the advisor's choice stands.

        Only a presence the advisor chose in this session is restored; a change made elsewhere
        arrives as an event and becomes the new choice.
        """
        chosen = self._chosen_presence
        if chosen is None or chosen == on_platform:
            return on_platform
        try:
            advisor = await self._rest(self._client.set_presence, chosen)
        except PlatformError as exc:
            log.warning("could not restore the presence: %s", type(exc).__name__)
            return on_platform
        log.info("presence %s restored after the platform reset it", chosen.value)
        return advisor.presence

    def _fetch_snapshot(self, advisor_id: str) -> _Snapshot:
        """Runs in a worker thread: every read the desk needs after a (re)connect."""
        session, client = self._session, self._client
        offset = self._measure_offset()
        requests = session.authorized(client.list_call_requests, CallRequestState.RINGING)
        bookings = session.authorized(client.list_bookings)
        advisor = session.authorized(client.get_advisor, advisor_id)
        return _Snapshot(offset, requests, bookings, advisor.presence)

    def _measure_offset(self) -> float:
        """Runs in a worker thread: server time minus local time, in seconds."""
        before = self._wall_clock()
        server_time = self._client.server_time()
        after = self._wall_clock()
        # The server read its clock about halfway through the round trip.
        return server_time.timestamp() - (before + after) / 2

    def _start_resync(self) -> None:
        self._spawn(self._resync_in_background())

    async def _resync_in_background(self) -> None:
        try:
            await self._resync()
        except NotSignedIn:
            await self._end_revoked()
        except PlatformError as exc:
            # The next reconnect resynchronises again; the advisor should know the queue may be old.
            log.warning("resynchronisation failed: %s", type(exc).__name__)
            self._listener.problem(
                N_("Desk", "Could not update the requests and bookings: {error}").format(error=exc)
            )

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _record(self, apply: Callable[[T], bool], value: T) -> None:
        """Applies a change now, and again after a running resync (whose data may be older)."""
        if self._replay is not None:
            self._replay.append(lambda: _ignore(apply(value)))
        apply(value)

    def _apply_request(self, request: CallRequest) -> bool:
        if _is_ringing(request):
            self._requests[request.id] = request
        elif self._requests.pop(request.id, None) is None:
            return False
        self._publish_requests()
        return True

    def _apply_booking(self, booking: Booking) -> bool:
        known = self._bookings.get(booking.id)
        if known is not None and known.updated_at > booking.updated_at:
            return False  # an older version than the one we hold
        self._bookings[booking.id] = booking
        self._publish_bookings()
        return True

    def _apply_presence(self, advisor: Advisor) -> None:
        if self._account is not None and advisor.id == self._account.id:
            self._chosen_presence = advisor.presence
            self._apply_presence_value(advisor.presence)

    def _apply_presence_value(self, presence: Presence) -> None:
        if presence != self._presence:
            self._presence = presence
            self._listener.presence_changed(presence)

    def _publish_requests(self) -> None:
        if self._replay is None:
            self._listener.call_requests_changed(self.call_requests)

    def _publish_bookings(self) -> None:
        if self._replay is None:
            self._listener.bookings_changed(self.bookings)

    def _set_connection(self, state: ConnectionState, detail: str) -> None:
        if self._connection == (state, detail):
            return
        log.info("platform link: %s -> %s", self.connection.value, state.value)
        self._connection = (state, detail)
        self._listener.connection_changed(state, detail)


class _StreamEvents:
    """The desk's side of one event stream; ignores it once the session it belongs to ended."""

    def __init__(self, desk: AdvisorDesk, generation: int) -> None:
        self._desk = desk
        self._generation = generation

    @property
    def _live(self) -> bool:
        return self._desk._generation == self._generation

    def on_connected(self, server_time: datetime) -> None:  # noqa: ARG002 (measured via REST)
        if self._live:
            self._desk._set_connection(ConnectionState.CONNECTED, "")
            self._desk._start_resync()

    def on_disconnected(self, reason: str, retry_in: float) -> None:
        if self._live:
            detail = N_("Desk", "{reason}, retrying in {seconds} s").format(
                reason=reason, seconds=math.ceil(retry_in)
            )
            self._desk._set_connection(ConnectionState.RECONNECTING, detail)

    def on_stopped(self, reason: str) -> None:
        if self._live:
            self._desk._set_connection(ConnectionState.OFFLINE, reason)
            self._desk._listener.problem(reason)

    async def on_not_signed_in(self) -> bool:
        if not self._live:
            return False
        try:
            await asyncio.to_thread(self._desk._session.refresh)
        except NotSignedIn:
            await self._desk._end_revoked()
            return False
        except PlatformError as exc:
            log.info("sign-in renewal failed for now: %s", type(exc).__name__)
        return self._live

    def on_call_request(self, request: CallRequest) -> None:
        if self._live:
            self._desk._record(self._desk._apply_request, request)

    def on_booking(self, booking: Booking) -> None:
        if self._live:
            self._desk._record(self._desk._apply_booking, booking)

    def on_presence(self, advisor: Advisor) -> None:
        if self._live:
            self._desk._apply_presence(advisor)

    def on_call(self, call: Call) -> None:
        if self._live:
            self._desk._call_signals.call_updated(call)

    def on_signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        if self._live:
            self._desk._call_signals.signal(call_id, from_, data)

    def on_message(self, message: ChatMessage) -> None:
        log.debug("chat message in thread %s", message.thread_id)
        if self._live:
            for deliver in list(self._desk._message_listeners):
                deliver(message)

    def on_error_event(self, code: str, message: str) -> None:
        log.warning("platform refused a message on the socket: %s", code)
        if self._live and code != "forbidden":
            self._desk._listener.problem(message)


def _is_ringing(request: CallRequest) -> bool:
    return request.state is CallRequestState.RINGING


def _ignore(_: object) -> None:
    return None
