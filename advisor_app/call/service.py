"""Starting a call, whatever starts it: the one way for the call window and the headless mode.

`CallService.take_live(request_id, …)` accepts a ringing request and runs its call (the customer
offers, the app answers); `call_booked(booking, …)` opens a confirmed, paid booking's call (the app
offers) and puts the booked-time guard on it. Each is one coroutine from the advisor's decision to
a running call. The call's session exists and follows the call on the platform's socket before
the platform is asked (`PlatformGateway.route_call`): a live customer offers the moment the
request is accepted, so their offer meets a session that is already listening, and nothing needs
to be held for later. Both raise the platform's refusal (`network.errors.PlatformError`).

Engine loop only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from advisor_app.call.booked_guard import CLOCK_CHECK_S, TICK_S, BookedCallGuard
from advisor_app.call.clock import SYSTEM_CLOCK, CallClock
from advisor_app.call.connection import Role
from advisor_app.call.listener import CallListener
from advisor_app.call.media import CallMedia, MediaChoice
from advisor_app.call.parts import CallParts
from advisor_app.call.routes import CallHandler, CallRoute, SignalHandler
from advisor_app.call.session import CONNECT_TIMEOUT_S, CallPlatform, CallSample, CallSession
from advisor_app.domain.booking_rules import appointment_times
from advisor_app.domain.models import Booking, Call, CallRequest
from advisor_app.domain.server_clock import ServerClock
from advisor_app.domain.texts import N_
from advisor_app.history import CallEventKind, record_event
from advisor_app.quality.control import QualityObserver
from advisor_app.quality.policy import QualityThresholds
from network.errors import Conflict

log = logging.getLogger(__name__)

# A booked call rings this long on the customer's page (the platform gives up at 60 s).
BOOKED_RING_S = 50.0


class CallDesk(Protocol):
    """What starting a call needs of the desk (`advisor_app.desk.AdvisorDesk`)."""

    async def accept(self, request_id: str) -> CallRequest: ...

    async def start_booked_call(self, booking_id: str) -> Call: ...


class ServicePlatform(CallPlatform, Protocol):
    """What starting a call needs of the platform (`PlatformGateway`)."""

    def route_call(
        self,
        on_signal: SignalHandler,
        on_call: CallHandler,
        *,
        call_id: str | None = None,
        request_id: str | None = None,
    ) -> CallRoute: ...

    @property
    def clock(self) -> ServerClock: ...

    async def measure_clock(self) -> ServerClock: ...


@dataclass(frozen=True, slots=True)
class LiveCall:
    """A live request taken: the platform's accepted request and its running call."""

    request: CallRequest
    session: CallSession


@dataclass(frozen=True, slots=True)
class BookedCall:
    """A booking called: its running call and the guard that keeps it to the booked time."""

    session: CallSession
    guard: BookedCallGuard


class CallService:
    """Starts the advisor's calls on the engine loop; one per signed-in desk.

    Each call's connection and quality control come from `parts` (made from ``relay_only``,
    ``quality_limits`` and ``clock`` unless given).
    """

    def __init__(
        self,
        desk: CallDesk,
        platform: ServicePlatform,
        *,
        relay_only: bool = False,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        booked_ring_s: float = BOOKED_RING_S,
        guard_tick_s: float = TICK_S,
        clock_check_s: float = CLOCK_CHECK_S,
        quality_limits: QualityThresholds | None = None,
        clock: CallClock = SYSTEM_CLOCK,
        parts: CallParts | None = None,
    ) -> None:
        self._desk = desk
        self._platform = platform
        self.parts = parts or CallParts(
            relay_only=relay_only, quality_limits=quality_limits, clock=clock
        )
        self._connect_timeout_s = connect_timeout_s
        self._booked_ring_s = booked_ring_s
        self._guard_tick_s = guard_tick_s
        self._clock_check_s = clock_check_s
        self._clock = clock
        self._records: set[asyncio.Task[bool]] = set()  # event records in flight

    async def take_live(
        self,
        request_id: str,
        listener: CallListener,
        media: MediaChoice,
        *,
        quality_observer: QualityObserver | None = None,
        on_sample: Callable[[CallSample], None] | None = None,
    ) -> LiveCall:
        """Accepts a ringing request and starts its call; the customer offers, this side answers.

        Raises the desk's `PlatformError` if the request can no longer be accepted.
        """
        session = self._session(
            listener, media, "answer", self._connect_timeout_s, quality_observer, on_sample
        )
        route = self._platform.route_call(
            session.signal_received, session.call_updated, request_id=request_id
        )
        try:
            accepted = await self._desk.accept(request_id)
            if accepted.call_id is None:
                raise Conflict(
                    N_("CallSession", "The platform accepted the request but opened no call.")
                )
        except BaseException:
            route.close()
            raise
        route.bind(accepted.call_id)
        await session.start(accepted.call_id, route)
        return LiveCall(accepted, session)

    async def call_booked(
        self,
        booking: Booking,
        listener: CallListener,
        media: MediaChoice,
        *,
        on_warning: Callable[[int], None],
        quality_observer: QualityObserver | None = None,
    ) -> BookedCall:
        """Calls the customer of a confirmed, paid booking and guards the call's time.

        Raises the desk's `PlatformError` if the platform refuses (not paid, time over, busy).
        """
        times = appointment_times(booking)
        if times is None:
            raise ValueError("only a confirmed booking has a time to call at")
        session = self._session(
            listener, media, "offer", self._booked_ring_s, quality_observer, on_sample=None
        )
        call = await self._desk.start_booked_call(booking.id)
        route = self._platform.route_call(
            session.signal_received, session.call_updated, call_id=call.id
        )
        await session.start(call.id, route)

        def warn(minutes: int) -> None:
            on_warning(minutes)
            self._record(call.id, CallEventKind.BOOKED_END_WARNING, f"{minutes} min left")

        platform = self._platform
        guard = BookedCallGuard(
            times,
            call.created_at,
            session,
            lambda: platform.clock.now_server(),  # noqa: PLW0108 - the clock is replaced when measured
            on_warning=warn,
            measure_clock=platform.measure_clock,
            tick_s=self._guard_tick_s,
            clock_check_s=self._clock_check_s,
        )
        guard.start()
        return BookedCall(session, guard)

    def _session(  # noqa: PLR0917 (the call's parts, named at each of the two call sites)
        self,
        listener: CallListener,
        media: MediaChoice,
        role: Role,
        connect_timeout_s: float,
        quality_observer: QualityObserver | None,
        on_sample: Callable[[CallSample], None] | None,
    ) -> CallSession:
        return CallSession(
            self._platform,
            listener,
            CallMedia.chosen(media, listener),
            self.parts,
            role=role,
            connect_timeout_s=connect_timeout_s,
            on_sample=on_sample,
            quality_observer=quality_observer,
            clock=self._clock,
        )

    def _record(self, call_id: str, kind: CallEventKind, detail: str) -> None:
        task = asyncio.get_running_loop().create_task(
            record_event(self._platform, call_id, kind, detail)
        )
        self._records.add(task)
        task.add_done_callback(self._records.discard)
