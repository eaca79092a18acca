"""The details of one booking: who, the request text (Anfrage), every wished slot, and the state.

A view only: `show_booking` lays the booking out; `refresh_times` updates the countdown each second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.models import Booking, BookingState
from ui.advisor_clock import AdvisorClock, minutes_text
from ui.bookings.actions import BookingActions
from ui.bookings.queue_model import state_text
from ui.widgets import EmptyState, plain, repolish, scrolling, set_role


class BookingDetails(QFrame):
    """Shows one booking, or a hint to pick one; `booking_shown` tells the actions which."""

    booking_shown = Signal(object)  # Booking | None

    def __init__(self, clock: AdvisorClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingDetails")
        self.setAccessibleName(self.tr("Appointment details"))
        self._clock = clock
        self._booking: Booking | None = None

        self._stack = QStackedLayout(self)
        self._empty = EmptyState(
            "calendar",
            self.tr("No appointment selected"),
            self.tr("Pick one from the list to read the request."),
        )
        self._stack.addWidget(self._empty)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(10)
        self.title = plain(QLabel())  # the customer's alias
        set_role(self.title, "detailsTitle")
        self.state = QLabel()
        set_role(self.state, "chip")
        self.countdown = QLabel()
        set_role(self.countdown, "countdown")
        self.countdown.setAccessibleName(self.tr("Time until the appointment"))

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.slot = QLabel()
        self.wished = QLabel()
        self.wished.setTextFormat(Qt.TextFormat.PlainText)
        self.duration = QLabel()
        self.paid = QLabel()
        for label in (self.slot, self.wished, self.duration, self.paid):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._slot_caption = QLabel(self.tr("Confirmed for"))
        form.addRow(self._slot_caption, self.slot)
        form.addRow(self.tr("Wished slots"), self.wished)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Payment"), self.paid)

        request_caption = QLabel(self.tr("Request"))
        set_role(request_caption, "sectionCaption")
        self.request_text = _request_text()
        self.request_text.setAccessibleName(self.tr("Request text"))

        layout.addWidget(self.title)
        layout.addWidget(self.state, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.countdown)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(request_caption)
        layout.addWidget(self.request_text, 1)
        self.answers = _added(layout, BookingActions())
        # The page scrolls where the window is short (a small screen), rather than squashing the
        # request text and the answer buttons.
        self._page = scrolling(page)
        self._stack.addWidget(self._page)

    @property
    def booking(self) -> Booking | None:
        return self._booking

    def show_booking(self, booking: Booking | None) -> None:
        self._booking = booking
        self.booking_shown.emit(booking)
        if booking is None:
            self._stack.setCurrentWidget(self._empty)
            return
        self.title.setText(f"{booking.alias}, {booking.age}")
        self.state.setText(state_text(booking.state))
        self.state.setProperty("tone", booking.state.value)
        repolish(self.state)
        confirmed = booking.confirmed_slot is not None
        self._slot_caption.setVisible(confirmed)
        self.slot.setVisible(confirmed)
        self.wished.setText("\n".join(self._clock.moment(s) for s in booking.wished_slots) or "—")
        self.duration.setText(minutes_text(booking.duration_minutes))
        self.paid.setText(self.tr("Paid") if booking.paid else self.tr("Not paid yet"))
        self.paid.setProperty("tone", "ok" if booking.paid else "warn")
        repolish(self.paid)
        if self.request_text.toPlainText() != booking.request_text:
            self.request_text.setPlainText(booking.request_text or self.tr("(no request text)"))
        self.refresh_times()
        self._stack.setCurrentWidget(self._page)

    def refresh_times(self) -> None:
        """Re-reads the times: each second (countdown) and when the zone or offset changes."""
        booking = self._booking
        if booking is None:
            return
        if booking.confirmed_slot is not None:
            self.slot.setText(self._clock.moment(booking.confirmed_slot))
        live = booking.state == BookingState.CONFIRMED and booking.confirmed_slot is not None
        self.countdown.setVisible(live)
        if live and booking.confirmed_slot is not None:
            self.countdown.setText(self._clock.until_start(booking.confirmed_slot))


def _request_text() -> QPlainTextEdit:
    text = QPlainTextEdit()
    text.setReadOnly(True)
    text.setObjectName("requestText")
    # The text takes the room that is left, never more: in a page that scrolls by its
    # height-for-width, its preferred 190 px pushed Call or the answers below the fold.
    text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    # Five lines: room for a few words and for its scroll bar's arrows and handle.
    text.setMinimumHeight(5 * text.fontMetrics().lineSpacing() + 16)
    return text


def _added(layout: QVBoxLayout, actions: BookingActions) -> BookingActions:
    """The answers under the request text (confirm, propose, decline, or Call)."""
    layout.addWidget(actions)
    return actions
