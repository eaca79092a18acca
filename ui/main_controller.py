"""Brings the main window to life: desk reports into the views, the advisor's clicks to the desk.

Composes the live-call and booking-queue controllers and handles what is left: the title, the
presence switch, the status bar, problems, and the one-second tick for waiting times and countdowns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from advisor_app.desk_listener import DeskCommands
from advisor_app.domain.models import Account, Booking, CallRequest, Presence
from ui.advisor_clock import AdvisorClock
from ui.bookings.actions_controller import BookingActionsController, BookingCommands
from ui.bookings.queue_controller import BookingQueueController
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls
from ui.live_requests_controller import CallTaker, LiveRequestsController
from ui.live_requests_panel import OFFLINE_HINT, ONLINE_HINT
from ui.main_window import MainWindow
from ui.ring_alerts import RingAlerts

TICK_MS = 1000


class MainController(QObject):
    """Connects `MainWindow` to the desk. `presence_failed(message)` reports a refused switch."""

    presence_failed = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        *,
        bridge: DeskBridge,
        desk: DeskCommands,
        calls: EngineCalls,
        clock: AdvisorClock,
        alerts: RingAlerts,
        take_call: CallTaker | None = None,
        booking_desk: BookingCommands | None = None,
        on_call_booking: Callable[[Booking, AdvisorClock], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._desk = desk
        self._calls = calls
        self._clock = clock
        self.live_requests = LiveRequestsController(
            window.live_requests,
            dialog_parent=window,
            bridge=bridge,
            desk=desk,
            calls=calls,
            alerts=alerts,
            clock=clock,
            take_call=take_call,
            # Without a call window the notice stands in for it; with one the window shows.
            on_accepted=self.show_connecting_notice if take_call is None else _nothing,
        )
        self.bookings = BookingQueueController(window.bookings, bridge, clock)
        self.booking_actions: BookingActionsController | None = None
        if booking_desk is not None:
            self._wire_booking_actions(booking_desk, on_call_booking)

        bridge.account_signed_in.connect(self.show_account)
        bridge.presence_confirmed.connect(self.show_presence)
        bridge.connection_state_changed.connect(window.status.show_connection)
        bridge.clock_offset_measured.connect(self.set_clock_offset)
        bridge.problem_reported.connect(lambda message: window.show_notice(message, "error"))
        bridge.session_ended.connect(lambda _reason: self.show_presence(None))
        window.presence.presence_requested.connect(self.set_presence)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def _wire_booking_actions(
        self,
        booking_desk: BookingCommands,
        on_call_booking: Callable[[Booking, AdvisorClock], None] | None,
    ) -> None:
        window = self._window
        actions = BookingActionsController(
            window.bookings.details.answers,
            desk=booking_desk,
            calls=self._calls,
            clock=self._clock,
            dialog_parent=lambda: window,
        )
        window.bookings.details.booking_shown.connect(actions.show_booking)
        actions.answered.connect(lambda message: window.show_notice(message, "success"))
        actions.failed.connect(lambda message: window.show_notice(message, "error"))
        if on_call_booking is not None:
            actions.call_requested.connect(lambda booking: on_call_booking(booking, self._clock))
        self.booking_actions = actions

    def show_account(self, account: Account) -> None:
        self._window.show_advisor(account.display_name, account.email)

    def show_presence(self, presence: Presence | None) -> None:
        self._window.presence.show_confirmed(presence)
        online = presence == Presence.ONLINE
        self._window.live_requests.set_empty_hint(ONLINE_HINT if online else OFFLINE_HINT)

    def set_presence(self, presence: Presence) -> None:
        self._window.presence.show_pending(presence)
        self._calls.run(
            self._desk.set_presence(presence),
            on_result=lambda _none: self.show_presence(presence),
            on_error=self._presence_refused,
            what="set presence",
        )

    def set_clock_offset(self, offset_seconds: float) -> None:
        self._clock.offset_seconds = offset_seconds
        self._window.status.show_clock_offset(offset_seconds)
        self.bookings.times_changed()
        self.live_requests.tick()
        if self.booking_actions is not None:
            self.booking_actions.refresh()

    def show_connecting_notice(self, request: CallRequest) -> None:
        """The stand-in for the call window: says the call is on its way."""
        self._window.show_notice(
            self.tr("Call with %1 accepted — connecting…").replace("%1", request.alias), "success"
        )

    def tick(self) -> None:
        self.live_requests.tick()
        self.bookings.tick()
        if self.booking_actions is not None:
            self.booking_actions.refresh()

    def _presence_refused(self, message: str) -> None:
        self.show_presence(self._window.presence.confirmed)
        self._window.show_notice(
            self.tr("Could not change your status: %1").replace("%1", message), "error"
        )
        self.presence_failed.emit(message)


def _nothing(_request: CallRequest) -> None:
    return None
