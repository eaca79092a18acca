"""Asks for an optional reason before a live call is declined; the customer sees that reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import set_role

REASON_MAX_CHARS = 200  # the platform's limit for a decline reason


class DeclineDialog(QDialog):
    """Emits `reason_given(reason)` (possibly empty) when the advisor confirms the decline."""

    reason_given = Signal(str)

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decline call"))
        self.setObjectName("declineDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        self.setMinimumWidth(380)
        question = QLabel(self.tr("Decline the call from %1?").replace("%1", alias))
        question.setTextFormat(Qt.TextFormat.PlainText)
        set_role(question, "dialogTitle")
        hint = QLabel(self.tr("They can try again later. A short reason helps them (optional)."))
        hint.setWordWrap(True)
        set_role(hint, "muted")
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("e.g. Back in 15 minutes"))
        self.reason.setAccessibleName(self.tr("Reason for declining (optional)"))
        buttons = QDialogButtonBox()
        self.confirm = QPushButton(self.tr("&Decline call"))
        set_role(self.confirm, "danger")
        self.confirm.setDefault(True)
        self.keep = QPushButton(self.tr("&Keep ringing"))
        set_role(self.keep, "secondary")
        buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(question)
        layout.addWidget(hint)
        layout.addWidget(self.reason)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.reason_given.emit(self.reason.text().strip()))
