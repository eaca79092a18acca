"""Acts on the advisor's answers to a booking, and keeps the Call button true to the rules.

Confirm sends the chosen wished slot; Propose confirms another time and tells the customer in the
chat; Decline sends the reason. Each second (and whenever the booking or the clock changes) the
Call button is re-evaluated with `booking_rules.may_call` on the platform's clock.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from advisor_app.domain.booking_rules import (
    AppointmentPhase,
    CallBlock,
    appointment_phase,
    appointment_times,
    may_call,
)
from advisor_app.domain.models import Booking, BookingState
from advisor_app.domain.server_clock import format_duration
from ui.advisor_clock import AdvisorClock
from ui.bookings.actions import BookingActions
from ui.bookings.answer_dialogs import DeclineBookingDialog, ProposeTimeDialog
from ui.engine_calls import EngineCalls


class BookingCommands(Protocol):
    """The desk's booking answers (`AdvisorDesk`)."""

    async def confirm_booking(self, booking_id: str, slot: datetime) -> Booking: ...

    async def decline_booking(self, booking_id: str, reason: str) -> Booking: ...


class BookingActionsController(QObject):
    """`call_requested(Booking)`: Call was pressed; `proposed(Booking, datetime)`: a new time
    was confirmed (the chat tells the customer); `answered(str)`: a line for the notice bar."""

    call_requested = Signal(object)
    proposed = Signal(object, object)
    answered = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        actions: BookingActions,
        *,
        desk: BookingCommands,
        calls: EngineCalls,
        clock: AdvisorClock,
        dialog_parent: Callable[[], QWidget | None] = lambda: None,
    ) -> None:
        super().__init__(actions)
        self._actions = actions
        self._desk = desk
        self._calls = calls
        self._clock = clock
        self._dialog_parent = dialog_parent
        self._booking: Booking | None = None
        actions.confirm_clicked.connect(self.confirm)
        actions.propose_clicked.connect(self.ask_for_other_time)
        actions.decline_clicked.connect(self.ask_for_decline)
        actions.call_clicked.connect(self._call)

    @property
    def booking(self) -> Booking | None:
        return self._booking

    def show_booking(self, booking: Booking | None) -> None:
        self._booking = booking
        self.refresh()

    def refresh(self) -> None:
        """Re-reads the booking against the clock: each second and after every change."""
        booking = self._booking
        if booking is None:
            self._actions.show_nothing()
        elif booking.state is BookingState.REQUESTED:
            slots = [(self._clock.moment(slot), slot) for slot in sorted(booking.wished_slots)]
            self._actions.show_request(slots)
        elif booking.state in (BookingState.CONFIRMED, BookingState.IN_CALL):
            permission = may_call(booking, self._clock.now())
            self._actions.show_call(permission.allowed, self._call_hint(booking, permission.block))
        else:
            self._actions.show_nothing()

    # -- answers -------------------------------------------------------------------------------

    def confirm(self, slot: datetime) -> None:
        booking = self._booking
        if booking is None:
            return
        self._send(
            self._desk.confirm_booking(booking.id, slot),
            self.tr("Appointment with %1 confirmed for %2.")
            .replace("%1", booking.alias)
            .replace("%2", self._clock.moment(slot)),
        )

    def ask_for_other_time(self) -> None:
        booking = self._booking
        if booking is None:
            return
        suggestion = max([*booking.wished_slots, self._clock.now() + timedelta(hours=1)]).replace(
            second=0, microsecond=0
        )
        parent = self._dialog_parent()
        dialog = ProposeTimeDialog(booking.alias, suggestion, self._clock.zone, parent)
        dialog.time_chosen.connect(lambda slot: self.propose(booking, slot))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def propose(self, booking: Booking, slot: datetime) -> None:
        def done(confirmed: Booking) -> None:
            self.proposed.emit(confirmed, slot)

        self._send(
            self._desk.confirm_booking(booking.id, slot),
            self.tr("You proposed %2 to %1; the appointment is confirmed for that time.")
            .replace("%1", booking.alias)
            .replace("%2", self._clock.moment(slot)),
            then=done,
        )

    def ask_for_decline(self) -> None:
        booking = self._booking
        if booking is None:
            return
        dialog = DeclineBookingDialog(booking.alias, self._dialog_parent())
        dialog.reason_given.connect(lambda reason: self.decline(booking, reason))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def decline(self, booking: Booking, reason: str) -> None:
        self._send(
            self._desk.decline_booking(booking.id, reason),
            self.tr("Request from %1 declined.").replace("%1", booking.alias),
        )

    def _send(
        self,
        action: Coroutine[Any, Any, Booking],
        success: str,
        then: Callable[[Booking], None] | None = None,
    ) -> None:
        def succeeded(booking: Booking) -> None:
            self.answered.emit(success)
            if then is not None:
                then(booking)

        self._calls.run(
            action,
            on_result=succeeded,
            on_error=self.failed.emit,
            busy=self._actions.set_busy,
            what="answer booking",
        )

    def _call(self) -> None:
        booking = self._booking
        if booking is not None and may_call(booking, self._clock.now()).allowed:
            self.call_requested.emit(booking)

    # -- the Call button's line -----------------------------------------------------------------

    def _call_hint(self, booking: Booking, block: CallBlock | None) -> str:
        times = appointment_times(booking)
        now = self._clock.now()
        if block is CallBlock.TOO_EARLY and times is not None:
            return (
                self.tr("You can call from %1 (in %2).")
                .replace("%1", self._clock.moment(times.call_window_opens))
                .replace("%2", format_duration((times.call_window_opens - now).total_seconds()))
            )
        if block is CallBlock.NOT_PAID:
            return self.tr("Waiting for the customer's payment: the call starts once it is paid.")
        if block is CallBlock.OVER:
            return self.tr("The booked time is over.")
        if block is CallBlock.IN_CALL:
            return self.tr("A call for this appointment is open.")
        if times is not None and appointment_phase(times, now) is AppointmentPhase.RUNNING:
            return (
                self.tr("Started %1 ago; the call still ends at %2.")
                .replace("%1", format_duration((now - times.start).total_seconds()))
                .replace("%2", self._clock.moment(times.end))
            )
        return self.tr("The customer's page rings when you call.")
