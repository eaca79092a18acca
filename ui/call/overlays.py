"""What lies over the call: the notice banner, the "hang up?" question and the call's summary.

Asking is done in the window itself rather than with a modal dialog: nothing waits in a nested
event loop, and the question sits where the advisor is already looking.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.call.view import NOTICE_SECONDS
from ui.translations import core_text
from ui.widgets import plain


class NoticeBanner(QFrame):
    """One line the call wants the advisor to read ("Video paused: connection too slow")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss notice"))
        close.setToolTip(self.tr("Dismiss"))
        close.setCursor(Qt.CursorShape.PointingHandCursor)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.setAccessibleName(self.tr("Notice"))
        self.hide()

    def show_notice(self, text: str, seconds: float = NOTICE_SECONDS) -> None:
        """Shows `text` for `seconds` (0 keeps it until dismissed or replaced).

        The core's marked notices (device trouble, quality) are translated here.
        """
        text = core_text(text)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self._timer.stop()
        if seconds > 0:
            self._timer.start(int(seconds * 1000))


class CallCard(QFrame):
    """A rounded panel centred over the video: a title, detail lines and buttons."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = plain(QLabel(title))
        self.title.setObjectName("CallCardTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lines = QVBoxLayout()
        self._lines.setSpacing(6)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(12)
        self._buttons.addStretch(1)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(self._lines)
        layout.addSpacing(10)
        layout.addLayout(self._buttons)
        self.hide()

    def add_line(self, object_name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self._lines.addWidget(label)
        return label

    def add_button(self, text: str, role: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("role", role)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._buttons.insertWidget(self._buttons.count(), button)
        return button

    def finish_buttons(self) -> None:
        self._buttons.addStretch(1)

    def event(self, event: QEvent) -> bool:
        # A line that changed (the countdown's seconds, a longer German sentence) may need more
        # height: the card places itself again rather than cut its lines.
        handled = super().event(event)
        parent = self.parentWidget()
        placing = (QEvent.Type.LayoutRequest, QEvent.Type.Show)
        if event.type() in placing and parent is not None:
            self.place_in(parent)
        return handled

    def place_in(self, area: QWidget) -> None:
        """Centres the card in `area` (its parent) at its preferred size."""
        width = min(420, max(area.width() - 40, 200))
        layout = self._layout
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
        height = max(height, self.sizeHint().height())
        self.setGeometry((area.width() - width) // 2, (area.height() - height) // 2, width, height)


class HangUpPrompt(CallCard):
    """Asks before ending the call; "Keep talking" has the focus so Enter or Esc stays safe."""

    confirmed = Signal()

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("End the call?"), parent)
        self.detail = self.add_line("CallCardDetail")
        self.detail.setText(
            self.tr("%1 will be disconnected and billing stops.").replace("%1", alias)
        )
        self.keep = self.add_button(self.tr("Keep talking"), "plain")
        self.hang_up = self.add_button(self.tr("Hang up"), "danger")
        self.finish_buttons()
        self.keep.clicked.connect(self.hide)
        self.hang_up.clicked.connect(self._confirm)
        self.setAccessibleName(self.tr("End the call?"))

    def ask(self) -> None:
        area = self.parentWidget()
        if area is not None:
            self.place_in(area)
        self.show()
        self.raise_()
        self.keep.setFocus()

    def _confirm(self) -> None:
        self.hide()
        self.confirmed.emit()


class CallSummary(CallCard):
    """The end of the call: why it ended, what the platform billed, and Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Call ended"), parent)
        self.reason = self.add_line("CallCardDetail")
        self.billed = self.add_line("CallCardFigure")
        self.again_note = self.add_line("CallCardDetail")
        self.again_note.hide()
        self.again_button = self.add_button("", "plain")
        self.again_button.hide()
        self.close_button = self.add_button(self.tr("Close"), "primary")
        self.finish_buttons()
        self.setAccessibleName(self.tr("Call ended"))

    def offer_again(self, action: str, note: str) -> None:
        """Adds a way on after the call ("Call back") with a line saying what it does."""
        self.again_note.setText(note)
        self.again_note.show()
        self.again_button.setText(action)
        self.again_button.setEnabled(True)
        self.again_button.show()
        self.setAccessibleDescription(f"{self.accessibleDescription()} {note}".strip())
        area = self.parentWidget()
        if area is not None and self.isVisible():
            self.place_in(area)
        self.again_button.setFocus()

    def show_summary(self, reason: str, billed: str, *, billed_known: bool) -> None:
        """`billed_known` shows the billed time as the figure it is, else as a quiet line."""
        self.reason.setText(reason)
        self.billed.setText(billed)
        self.billed.setObjectName("CallCardFigure" if billed_known else "CallCardDetail")
        self.billed.style().unpolish(self.billed)
        self.billed.style().polish(self.billed)
        area = self.parentWidget()
        if area is not None:
            self.place_in(area)
        self.setAccessibleDescription(f"{reason}. {billed}.")
        self.show()
        self.raise_()
        self.close_button.setFocus()
