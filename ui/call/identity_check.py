"""The identity check of an appointment call: the customer's confirmation code, checked with the
platform. A view only (`IdentityCheckController` acts); it lives in the booked call's bar.

The customer holds the code from the booking confirmation and gives it when the call starts; a
wrong or missing code lets the advisor end the call as unverified (platform rules). Live calls
have no check.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.elision import ElidedLabel
from ui.widgets import repolish

CODE_MAX_CHARS = 20  # "K7QM-4X2P" with room for spaces the advisor may type


class IdentityState(enum.Enum):
    WAITING = "waiting"  # the call is not connected yet
    ASKING = "asking"  # ask for the code and type it in
    CHECKING = "checking"
    VERIFIED = "verified"
    FAILED = "failed"  # wrong code, or the customer has none


class IdentityCheck(QFrame):
    """Code field, Check, the result, and End as unverified once a check failed."""

    check_requested = Signal(str)
    no_code_clicked = Signal()
    end_unverified_clicked = Signal()

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentityCheck")
        self._alias = alias
        self.state = IdentityState.WAITING
        self.title = QLabel(self.tr("Identity check"))
        self.title.setObjectName("IdentityTitle")
        self.code = QLineEdit()
        self.code.setObjectName("IdentityCode")
        self.code.setMaxLength(CODE_MAX_CHARS)
        self.code.setPlaceholderText(self.tr("Confirmation code, e.g. K7QM-4X2P"))
        self.code.setAccessibleName(self.tr("The customer's confirmation code"))
        self.code.setMinimumWidth(130)  # "K7QM-4X2P" and a little room
        self.check = QPushButton(self.tr("Chec&k"))
        self.check.setObjectName("IdentityCheckButton")
        self.no_code = QPushButton(self.tr("Has no code"))
        self.no_code.setObjectName("IdentitySecondary")
        # On a narrow window the sentence ends in "…", whole on hover; the field and buttons
        # keep their size.
        self.result = ElidedLabel()
        self.result.setObjectName("IdentityResult")
        self.end_unverified = QPushButton(self.tr("End as unverified"))
        self.end_unverified.setObjectName("IdentityEnd")
        self.check.clicked.connect(self._check)
        self.code.returnPressed.connect(self._check)
        self.no_code.clicked.connect(self.no_code_clicked)
        self.end_unverified.clicked.connect(self.end_unverified_clicked)

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.setSpacing(8)
        row.addWidget(self.title)
        row.addWidget(self.code)
        row.addWidget(self.check)
        row.addWidget(self.no_code)
        row.addWidget(self.result, 1)
        row.addWidget(self.end_unverified)
        self.show_state(IdentityState.WAITING)

    def show_state(self, state: IdentityState, detail: str = "") -> None:
        self.state = state
        asking = state in (IdentityState.ASKING, IdentityState.FAILED)
        for widget in (self.code, self.check, self.no_code):
            widget.setVisible(state is not IdentityState.VERIFIED)
            widget.setEnabled(asking)
        self.no_code.setVisible(state in (IdentityState.WAITING, IdentityState.ASKING))
        self.end_unverified.setVisible(state is IdentityState.FAILED)
        texts = {
            IdentityState.WAITING: self.tr("Starts when the call connects."),
            IdentityState.ASKING: self.tr("Ask %1 for the code from the booking confirmation."),
            IdentityState.CHECKING: self.tr("Checking with the platform…"),
            IdentityState.VERIFIED: self.tr("Verified: %1 gave the right confirmation code."),
            IdentityState.FAILED: self.tr("Not verified:"),
        }
        text = texts[state].replace("%1", self._alias)
        self.result.setText(f"{text} {detail}".strip())
        self.setProperty("state", state.value)
        repolish(self)
        for child in (self.result, self.title):
            repolish(child)
        if state is IdentityState.ASKING:
            self.code.setFocus()

    def _check(self) -> None:
        code = self.code.text().strip()
        if code and self.check.isEnabled():
            self.check_requested.emit(code)
