"""The bar of a booked call in its window: the time left, the identity check, ending it.

`BookedCallController` runs the bar (`ui.call.booked_bar.BookedCallBar`): the time left each
second on the platform's clock, the identity check once the call connects (it reads the call's
view), and ending as unverified or for abuse. The booked-time guard's warnings reach the call's
view and show as banners like every other (`ui.call.controller`). `ui.call.windows.CallWindows`
opens the window and starts the call.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Slot

from advisor_app.call.listener import CallPhase
from advisor_app.call.session import CallSession
from advisor_app.call.view import CallView
from advisor_app.domain.booking_rules import AppointmentTimes, time_left
from advisor_app.domain.models import Booking, EndReason
from advisor_app.history import CallEventKind, record_event
from advisor_app.platform_gateway import PlatformRequests
from ui.advisor_clock import AdvisorClock, clock_digits
from ui.call.booked_bar import BookedCallBar
from ui.call.identity_check import IdentityState
from ui.call.launch import OpenedCallWindow
from ui.engine_calls import EngineCalls

log = logging.getLogger(__name__)

TICK_MS = 1000
WARN_AT_S = 5 * 60
URGENT_AT_S = 60


class CheckingDesk(Protocol):
    async def verify_booking(self, booking_id: str, code: str) -> bool: ...


class BookedCallController(QObject):
    """Runs the bar of one booked call; lives as long as its window."""

    def __init__(
        self,
        bar: BookedCallBar,
        opened: OpenedCallWindow,
        *,
        booking: Booking,
        times: AppointmentTimes,
        clock: AdvisorClock,
        calls: EngineCalls,
        desk: CheckingDesk,
        platform: PlatformRequests,
    ) -> None:
        super().__init__(opened.window)
        self._bar = bar
        self._opened = opened
        self._booking = booking
        self._times = times
        self._clock = clock
        self._calls = calls
        self._desk = desk
        self._platform = platform
        self._session: CallSession | None = None
        self._view = CallView()
        opened.bridge.view_reported.connect(self._on_view, Qt.ConnectionType.QueuedConnection)
        bar.identity.check_requested.connect(self.check_code)
        bar.identity.no_code_clicked.connect(self._no_code)
        bar.identity.end_unverified_clicked.connect(lambda: self.end(EndReason.UNVERIFIED))
        opened.window.controls.abuse_clicked.connect(lambda: self.end(EndReason.ABUSE))
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def attach(self, session: CallSession) -> None:
        self._session = session
        self._opened.attach(session)

    def tick(self) -> None:
        left = time_left(self._times, self._clock.now()).total_seconds()
        tone = "urgent" if left <= URGENT_AT_S else "warn" if left <= WARN_AT_S else ""
        caption = self.tr("left · ends at %1").replace("%1", self._clock.moment(self._times.end))
        self._bar.show_time_left(clock_digits(left), caption, tone)

    def check_code(self, code: str) -> None:
        self._bar.identity.show_state(IdentityState.CHECKING)
        self._calls.run(
            self._desk.verify_booking(self._booking.id, code),
            on_result=self._checked,
            on_error=lambda message: self._bar.identity.show_state(IdentityState.ASKING, message),
            what="verify code",
        )

    def end(self, reason: EndReason) -> None:
        session = self._session
        if session is None:
            return
        self._bar.setEnabled(False)
        self._calls.run(session.hang_up(reason), what=f"end call ({reason.value})")

    def _checked(self, valid: bool) -> None:
        identity = self._bar.identity
        if valid:
            identity.show_state(IdentityState.VERIFIED)
            self._record(CallEventKind.IDENTITY_VERIFIED, "")
        else:
            identity.show_state(IdentityState.FAILED, self.tr("the code is wrong."))
            self._record(CallEventKind.IDENTITY_FAILED, "wrong code")

    def _no_code(self) -> None:
        self._bar.identity.show_state(IdentityState.FAILED, self.tr("no code given."))
        self._record(CallEventKind.IDENTITY_FAILED, "no code")

    def _record(self, kind: CallEventKind, detail: str) -> None:
        session = self._session
        if session is not None:
            self._calls.run(
                record_event(self._platform, session.call_id, kind, detail), what="record"
            )

    @Slot(object)
    def _on_view(self, view: CallView) -> None:
        old, self._view = self._view, view
        identity = self._bar.identity
        if view.phase is CallPhase.IN_CALL and identity.state is IdentityState.WAITING:
            identity.show_state(IdentityState.ASKING)
        if view.ending is not None and view.ending.final and not (old.ending and old.ending.final):
            self._timer.stop()
            self._bar.hide()
