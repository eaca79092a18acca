"""The advisor's desk: sign-in, live requests, the booking queue and presence, kept in sync.

Runs on the engine loop and implements `DeskCommands` for the UI; reports through `DeskListener`
with whole snapshots (never diffs), so the UI can simply redraw. REST calls run in worker threads
(`asyncio.to_thread`) so the loop never blocks. Events from the platform's socket keep the state
current; on every (re)connect the desk fetches requests, bookings and presence again, so whatever
happened while the link was down (or the platform restarted) is not lost. Events that arrive while
such a fetch runs are applied again on top of its result, because the fetch may predate them.

A failing action reports `listener.problem(...)` and re-raises, so the UI can also show it where
the advisor clicked. A sign-in that the platform no longer accepts ends the session
(`listener.signed_out`). The platform is reached through the injected `PlatformGateway` (REST, the
event socket whose desk events arrive here as a `LinkListener`, the clock); the call, the chat
and the history use the same gateway, not the desk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from advisor_app.desk_listener import ConnectionState, DeskListener
from advisor_app.domain.models import (
    Account,
    Advisor,
    Booking,
    Call,
    CallRequest,
    CallRequestState,
    Presence,
)
from advisor_app.domain.texts import N_
from advisor_app.platform_gateway import PlatformGateway
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from network.errors import NotSignedIn, PlatformError

log = logging.getLogger(__name__)

T = TypeVar("T")

SIGNED_OUT_REVOKED = N_("Desk", "Your sign-in is no longer valid. Please sign in again.")
PRESENCE_ON_EXIT_TIMEOUT = 3.0  # going offline on exit is a courtesy; never hold the exit up long


@dataclass(frozen=True, slots=True)
class _Snapshot:
    requests: tuple[CallRequest, ...]
    bookings: tuple[Booking, ...]
    presence: Presence


class AdvisorDesk:
    """The signed-in advisor's live requests, booking queue, presence and platform link."""

    def __init__(
        self, session: AdvisorSession, platform: PlatformGateway, listener: DeskListener
    ) -> None:
        self._session = session
        self._platform = platform
        self._listener = listener
        self._account: Account | None = None
        self._generation = 0  # bumped when a session ends: late results of the old one are dropped
        self._requests: dict[str, CallRequest] = {}
        self._bookings: dict[str, Booking] = {}
        self._presence: Presence | None = None
        self._chosen_presence: Presence | None = None  # what the advisor last chose, anywhere
        self._connection: tuple[ConnectionState, str] | None = None
        self._resync_lock = asyncio.Lock()
        self._replay: list[Callable[[], None]] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        platform.watch_clock(lambda clock: listener.clock_offset_changed(clock.offset_seconds))

    # -- read-only views ------------------------------------------------------------------------

    @property
    def account(self) -> Account | None:
        return self._account

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
            advisor = await self._platform.request(PlatformClient.set_presence, presence)
            self._chosen_presence = advisor.presence
            self._apply_presence(advisor)

    async def accept(self, request_id: str) -> CallRequest:
        async with self._reporting():
            request = await self._platform.request(PlatformClient.accept_call_request, request_id)
            self._record(self._apply_request, request)
            return request

    async def decline(self, request_id: str, reason: str) -> CallRequest:
        async with self._reporting():
            request = await self._platform.request(
                PlatformClient.decline_call_request, request_id, reason
            )
            self._record(self._apply_request, request)
            return request

    async def confirm_booking(self, booking_id: str, slot: datetime) -> Booking:
        async with self._reporting():
            booking = await self._platform.request(PlatformClient.confirm_booking, booking_id, slot)
            self._record(self._apply_booking, booking)
            return booking

    async def decline_booking(self, booking_id: str, reason: str) -> Booking:
        async with self._reporting():
            booking = await self._platform.request(
                PlatformClient.decline_booking, booking_id, reason
            )
            self._record(self._apply_booking, booking)
            return booking

    async def verify_booking(self, booking_id: str, code: str) -> bool:
        """Checks the customer's confirmation code with the platform."""
        async with self._reporting():
            return await self._platform.request(PlatformClient.verify_booking, booking_id, code)

    async def start_booked_call(self, booking_id: str) -> Call:
        """Opens the call of a confirmed, paid booking; the advisor's side then offers."""
        async with self._reporting():
            return await self._platform.request(PlatformClient.start_booked_call, booking_id)

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

    # -- session lifecycle -----------------------------------------------------------------------

    def _begin(self, account: Account) -> None:
        self._generation += 1
        self._account = account
        self._chosen_presence = None
        self._listener.signed_in(account)
        self._set_connection(ConnectionState.CONNECTING, "")
        self._platform.open_link(self)

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
        await self._platform.close_link()

    async def _leave_platform(self) -> None:
        """Goes offline on the platform (if online) and closes the socket."""
        if self._account is not None and self._presence is Presence.ONLINE:
            try:
                async with asyncio.timeout(PRESENCE_ON_EXIT_TIMEOUT):
                    await self._platform.request(PlatformClient.set_presence, Presence.OFFLINE)
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

    # -- LinkListener: the desk's events from the platform's socket ---------------------------

    def link_connected(self) -> None:
        self._set_connection(ConnectionState.CONNECTED, "")
        self._start_resync()

    def link_lost(self, reason: str, retry_in: float) -> None:
        detail = N_("Desk", "{reason}, retrying in {seconds} s").format(
            reason=reason, seconds=math.ceil(retry_in)
        )
        self._set_connection(ConnectionState.RECONNECTING, detail)

    def link_stopped(self, reason: str) -> None:
        self._set_connection(ConnectionState.OFFLINE, reason)
        self._listener.problem(reason)

    async def link_refused_sign_in(self) -> bool:
        try:
            await asyncio.to_thread(self._session.refresh)
        except NotSignedIn:
            await self._end_revoked()
            return False
        except PlatformError as exc:
            log.info("sign-in renewal failed for now: %s", type(exc).__name__)
        return True

    def call_request_changed(self, request: CallRequest) -> None:
        self._record(self._apply_request, request)

    def booking_changed(self, booking: Booking) -> None:
        self._record(self._apply_booking, booking)

    def advisor_changed(self, advisor: Advisor) -> None:
        self._apply_presence(advisor)

    def platform_refused(self, code: str, message: str) -> None:
        if code != "forbidden":
            self._listener.problem(message)

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
                snapshot = await self._platform.request(_fetch_snapshot, account.id)
            except BaseException:
                self._replay = None
                if generation == self._generation:  # show what the events changed meanwhile
                    self._publish_requests()
                    self._publish_bookings()
                raise
            replay, self._replay = self._replay, None
            if generation != self._generation:
                return
            self._requests = {r.id: r for r in snapshot.requests if _is_ringing(r)}
            self._bookings = {b.id: b for b in snapshot.bookings}
            for apply in replay:
                apply()
            self._publish_requests()
            self._publish_bookings()
            self._apply_presence_value(await self._restore_presence(snapshot.presence))
            if generation == self._generation:
                await self._platform.measure_clock()  # last: the listener hears it when all is in
        log.info(
            "desk synchronised: %d ringing, %d bookings, clock offset %+.2f s",
            len(self._requests),
            len(self._bookings),
            self._platform.clock.offset_seconds,
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
            advisor = await self._platform.request(PlatformClient.set_presence, chosen)
        except PlatformError as exc:
            log.warning("could not restore the presence: %s", type(exc).__name__)
            return on_platform
        log.info("presence %s restored after the platform reset it", chosen.value)
        return advisor.presence

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


def _fetch_snapshot(client: PlatformClient, advisor_id: str) -> _Snapshot:
    """Runs in a worker thread: every read the desk needs after a (re)connect."""
    requests = client.list_call_requests(CallRequestState.RINGING)
    bookings = client.list_bookings()
    advisor = client.get_advisor(advisor_id)
    return _Snapshot(requests, bookings, advisor.presence)


def _is_ringing(request: CallRequest) -> bool:
    return request.state is CallRequestState.RINGING


def _ignore(_: object) -> None:
    return None
