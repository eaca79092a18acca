"""The advisor's answers to one booking, under its details: a view only.

A request: confirm one of the wished slots, propose another time, or decline with a reason.
A confirmed appointment: the Call button (enabled from a few minutes before the start and only
when paid, as `booking_rules.may_call` says) with a line saying why it is not enabled yet.
`BookingActionsController` decides what is shown and acts on the signals.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import set_role


class BookingActions(QFrame):
    """Buttons for the booking on screen; emits what the advisor chose."""

    confirm_clicked = Signal(object)  # datetime: the wished slot chosen
    propose_clicked = Signal()
    decline_clicked = Signal()
    call_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingActions")
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._build_request_page())
        self._stack.addWidget(self._build_call_page())
        self._stack.addWidget(QWidget())  # nothing to do (past bookings)
        self.show_nothing()

    def _build_request_page(self) -> QWidget:
        page = QWidget()
        caption = QLabel(self.tr("Answer the request"))
        set_role(caption, "sectionCaption")
        self.slot_choice = QComboBox()
        self.slot_choice.setAccessibleName(self.tr("Wished slot to confirm"))
        self.confirm = QPushButton(self.tr("Con&firm slot"))
        set_role(self.confirm, "primary")
        self.confirm.setCursor(Qt.CursorShape.PointingHandCursor)
        self.propose = QPushButton(self.tr("&Propose other time…"))
        set_role(self.propose, "secondary")
        self.decline = QPushButton(self.tr("&Decline…"))
        set_role(self.decline, "secondary")
        self.confirm.clicked.connect(self._confirm)
        self.propose.clicked.connect(self.propose_clicked)
        self.decline.clicked.connect(self.decline_clicked)

        others = QHBoxLayout()
        others.setSpacing(8)
        others.addWidget(self.propose, 1)
        others.addWidget(self.decline, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.slot_choice)
        layout.addWidget(self.confirm)
        layout.addLayout(others)
        return page

    def _build_call_page(self) -> QWidget:
        page = QWidget()
        self.call = QPushButton(self.tr("&Call now"))
        set_role(self.call, "primary")
        self.call.setCursor(Qt.CursorShape.PointingHandCursor)
        self.call.setMinimumHeight(36)
        self.call.clicked.connect(self.call_clicked)
        self.call_hint = QLabel()
        self.call_hint.setWordWrap(True)
        set_role(self.call_hint, "muted")
        self.call_hint.setAccessibleName(self.tr("Why Call is not available"))
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.call)
        row.addWidget(self.call_hint, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(row)
        return page

    # -- what the controller shows --------------------------------------------------------------

    def show_request(self, slots: list[tuple[str, datetime]]) -> None:
        """The wished slots as the advisor reads them (text) with their instants."""
        current = self.slot_choice.currentData()
        self.slot_choice.clear()
        for text, slot in slots:
            self.slot_choice.addItem(text, slot)
        if current is not None:
            index = self.slot_choice.findData(current)
            if index >= 0:
                self.slot_choice.setCurrentIndex(index)
        self.confirm.setEnabled(bool(slots))
        self._stack.setCurrentIndex(0)

    def show_call(self, enabled: bool, hint: str) -> None:
        self.call.setEnabled(enabled)
        self.call_hint.setText(hint)
        self._stack.setCurrentIndex(1)

    def show_nothing(self) -> None:
        self._stack.setCurrentIndex(2)

    def set_busy(self, busy: bool) -> None:
        """While an answer is on its way, the buttons wait (no double confirm)."""
        for button in (self.confirm, self.propose, self.decline):
            button.setEnabled(not busy)

    def _confirm(self) -> None:
        slot = self.slot_choice.currentData()
        if isinstance(slot, datetime):
            self.confirm_clicked.emit(slot)
