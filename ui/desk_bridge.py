"""The desk's reports as Qt signals: the engine thread calls, the GUI thread hears.

`DeskBridge` implements `DeskListener`. Each method only emits a signal carrying the same data;
because the bridge lives in the GUI thread, Qt queues every emission from the engine thread, so no
widget is ever touched from there.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from advisor_app.desk_listener import ConnectionState, DeskListener
from advisor_app.domain.models import Account, Booking, CallRequest, Presence


class DeskBridge(QObject):
    """A `DeskListener` whose every report is re-emitted as a (queued) Qt signal."""

    account_signed_in = Signal(object)  # Account
    session_ended = Signal(str)  # reason
    connection_state_changed = Signal(object, str)  # ConnectionState, detail
    presence_confirmed = Signal(object)  # Presence
    call_requests_updated = Signal(object)  # tuple[CallRequest, ...]
    bookings_updated = Signal(object)  # tuple[Booking, ...]
    clock_offset_measured = Signal(float)  # server time minus local time, seconds
    problem_reported = Signal(str)  # a user-readable message

    def signed_in(self, account: Account) -> None:
        self.account_signed_in.emit(account)

    def signed_out(self, reason: str) -> None:
        self.session_ended.emit(reason)

    def connection_changed(self, state: ConnectionState, detail: str) -> None:
        self.connection_state_changed.emit(state, detail)

    def presence_changed(self, presence: Presence) -> None:
        self.presence_confirmed.emit(presence)

    def call_requests_changed(self, requests: tuple[CallRequest, ...]) -> None:
        self.call_requests_updated.emit(tuple(requests))

    def bookings_changed(self, bookings: tuple[Booking, ...]) -> None:
        self.bookings_updated.emit(tuple(bookings))

    def clock_offset_changed(self, offset_seconds: float) -> None:
        self.clock_offset_measured.emit(float(offset_seconds))

    def problem(self, message: str) -> None:
        self.problem_reported.emit(message)


def _conforms(bridge: DeskBridge) -> DeskListener:
    """Lets mypy check that the bridge really is a DeskListener."""
    return bridge
