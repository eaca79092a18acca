"""The GUI's one way to start a call: a live request taken, or a booking called, each in a window.

`CallWindows.take_live` builds the call window (hidden) and runs `CallService.take_live` on the
engine with the window's bridge as the call's listener, so not one report is lost; the window
shows once the platform accepted, and if it did not, it is dropped and the request's card says
why. `CallWindows.call_booked` opens the window first, adds the booked call's bar
(`ui.call.booked_call.BookedCallController`), and runs `CallService.call_booked`; if the platform
refuses, the window says why. Both run on the GUI thread and never wait for the engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from advisor_app.call.media import MediaChoice
from advisor_app.call.service import BookedCall, CallDesk, CallService, LiveCall, ServicePlatform
from advisor_app.domain.booking_rules import appointment_times
from advisor_app.domain.models import Booking, Call, CallRequest, EndReason, Presence
from advisor_app.engine import Engine
from ui.advisor_clock import AdvisorClock
from ui.call.again import ended_for_bandwidth, offer_call_back, offer_going_online
from ui.call.booked_bar import BookedCallBar
from ui.call.booked_call import BookedCallController
from ui.call.launch import OpenedCallWindow, open_call_window
from ui.engine_calls import EngineCalls

log = logging.getLogger(__name__)


class WindowDesk(CallDesk, Protocol):
    """What the call windows need of the desk: starting calls, the identity check of a booked
    call, and going online again after a live call the line could not carry."""

    async def verify_booking(self, booking_id: str, code: str) -> bool: ...

    async def set_presence(self, presence: Presence) -> None: ...


class CallWindows:
    """`take_live` is `GuiOptions.take_call`, `call_booked` is `GuiOptions.on_call_booking`."""

    def __init__(
        self,
        engine: Engine,
        platform: ServicePlatform,
        desk: Callable[[], WindowDesk],
        media: Callable[[], MediaChoice],
    ) -> None:
        self._engine = engine
        self._platform = platform
        self._desk = desk
        self._media = media
        self._calls: EngineCalls | None = None  # created on first use: needs the QApplication
        self._open: set[OpenedCallWindow] = set()

    def take_live(
        self,
        request: CallRequest,
        taken: Callable[[CallRequest], None],
        failed: Callable[[str], None],
    ) -> None:
        """Accepts `request` and runs its call in a window; `taken(accepted)` or `failed(why)`."""
        calls = self._engine_calls()
        opened = self._window(request.alias, request.age, show=False)
        opened.controller.call_finished.connect(
            lambda call: self._offer_going_online(opened, request.alias, call)
        )

        def started(live: LiveCall) -> None:
            opened.show()
            opened.attach(live.session)
            opened.window.controls.abuse_clicked.connect(
                lambda: calls.run(live.session.hang_up(EndReason.ABUSE), what="end call (abuse)")
            )
            taken(live.request)

        def refused(message: str) -> None:
            opened.discard()
            failed(message)

        calls.run(
            self._service().take_live(
                request.id, opened.listener, self._media(), quality_observer=opened.listener
            ),
            on_result=started,
            on_error=refused,
            what="take live call",
        )

    def call_booked(self, booking: Booking, clock: AdvisorClock) -> None:
        """Calls the customer of a confirmed, paid booking in a window with the booked bar."""
        times = appointment_times(booking)
        if times is None:
            log.error("booking %s has no confirmed time to call at", booking.id)
            return
        calls = self._engine_calls()
        desk = self._desk()
        opened = self._window(booking.alias, booking.age, show=True, clock=clock)
        bar = BookedCallBar(booking.alias)
        opened.window.add_strip(bar)
        controller = BookedCallController(
            bar,
            opened,
            booking=booking,
            times=times,
            clock=clock,
            calls=calls,
            desk=desk,
            platform=self._platform,
        )
        opened.controller.call_finished.connect(
            lambda call: self._offer_call_back(opened, booking, clock, call)
        )

        def started(booked: BookedCall) -> None:
            controller.attach(booked.session)

        calls.run(
            self._service().call_booked(
                booking,
                opened.listener,
                self._media(),
                on_warning=lambda minutes: opened.listener.booked_end_near(minutes, times.end),
                quality_observer=opened.listener,
            ),
            on_result=started,
            on_error=opened.fail,
            what="call booking",
        )

    # --- helpers -------------------------------------------------------------------------------

    def _engine_calls(self) -> EngineCalls:
        if self._calls is None:
            self._calls = EngineCalls(self._engine)
        return self._calls

    def _service(self) -> CallService:
        return CallService(self._desk(), self._platform)

    def _window(
        self, alias: str, age: int, *, show: bool, clock: AdvisorClock | None = None
    ) -> OpenedCallWindow:
        opened = open_call_window(None, self._engine, alias, age, show=show, clock=clock)
        self._open.add(opened)  # the bridge must outlive the window while the session reports
        opened.window.destroyed.connect(lambda *_: self._open.discard(opened))
        return opened

    def _offer_going_online(self, opened: OpenedCallWindow, alias: str, call: Call | None) -> None:
        """A call the line could not carry: the customer was asked to try again, so the summary
        offers to be online for it (the platform has no advisor-initiated live call)."""
        if not ended_for_bandwidth(call):
            return
        calls, desk = self._engine_calls(), self._desk()

        def go_online(done: Callable[[], None], failed: Callable[[str], None]) -> None:
            calls.run(
                desk.set_presence(Presence.ONLINE),
                on_result=lambda _none: done(),
                on_error=failed,
                what="go online after a call",
            )

        offer_going_online(opened.window, alias, go_online)

    def _offer_call_back(
        self, opened: OpenedCallWindow, booking: Booking, clock: AdvisorClock, call: Call | None
    ) -> None:
        """A call the line could not carry: the summary offers to call the booking again."""
        if not ended_for_bandwidth(call):
            return

        def call_back() -> None:
            opened.window.close()
            self.call_booked(booking, clock)

        offer_call_back(opened.window, booking.alias, call_back)
