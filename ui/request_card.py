"""One ringing live-call request as a card: who (alias, age), how long they wait, Accept/Decline.

The card pulses its accent border while it rings so that it catches the eye across the room.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QRectF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from advisor_app.domain.models import CallRequest
from ui.icons import ACCENT, INK, ON_ACCENT, icon
from ui.translations import core_text
from ui.widgets import plain, set_role

_RADIUS = 14.0


class RequestCard(QFrame):
    """A ringing request. Emits `accept_clicked`/`decline_clicked` with the request id."""

    accept_clicked = Signal(str)
    decline_clicked = Signal(str)

    def __init__(self, request: CallRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setObjectName("requestCard")
        self.setAccessibleName(
            self.tr("Live call request from %1, %2")
            .replace("%1", request.alias)
            .replace("%2", str(request.age))
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.avatar = QLabel(request.alias[:1].upper() or "?")
        set_role(self.avatar, "avatar")
        self.avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.avatar.setFixedSize(44, 44)
        self.alias = QLabel(request.alias)
        set_role(self.alias, "cardTitle")
        self.alias.setTextFormat(Qt.TextFormat.PlainText)
        self.age = QLabel(self.tr("%1 years").replace("%1", str(request.age)))
        set_role(self.age, "cardMeta")
        self.waiting = QLabel(self.tr("waiting %1").replace("%1", "0:00"))
        set_role(self.waiting, "waiting")
        self.waiting.setAccessibleName(self.tr("Waiting time"))
        self.message = plain(QLabel())
        set_role(self.message, "cardError")
        self.message.setWordWrap(True)
        self.message.hide()

        self._build_buttons(request)
        self._lay_out()
        self._glow = 1.0
        self._pulse = self._start_pulse()

    def _build_buttons(self, request: CallRequest) -> None:
        self.accept = QPushButton(icon("phone", ON_ACCENT), self.tr("Accept"))
        self.accept.setObjectName("acceptButton")
        set_role(self.accept, "primary")
        self.accept.setAccessibleName(
            self.tr("Accept the call from %1").replace("%1", request.alias)
        )
        self.decline = QPushButton(icon("phone-off", INK), self.tr("Decline"))
        set_role(self.decline, "secondary")
        self.decline.setAccessibleName(
            self.tr("Decline the call from %1").replace("%1", request.alias)
        )
        for button in (self.accept, self.decline):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setMinimumHeight(36)
        self.accept.clicked.connect(lambda: self.accept_clicked.emit(self.request.id))
        self.decline.clicked.connect(lambda: self.decline_clicked.emit(self.request.id))

    def _lay_out(self) -> None:
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.alias)
        meta = QHBoxLayout()
        meta.setSpacing(10)
        meta.addWidget(self.age)
        meta.addWidget(self.waiting)
        meta.addStretch(1)
        who.addLayout(meta)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.avatar)
        top.addLayout(who, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.accept, 3)
        buttons.addWidget(self.decline, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _start_pulse(self) -> QVariantAnimation:
        """The border breathes between faint and full accent, forever while the card exists."""
        pulse = QVariantAnimation(self)
        pulse.setStartValue(0.25)
        pulse.setKeyValueAt(0.5, 1.0)
        pulse.setEndValue(0.25)
        pulse.setDuration(1400)
        pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        pulse.setLoopCount(-1)
        pulse.valueChanged.connect(self._set_glow)
        pulse.start()
        return pulse

    def set_shortcuts(self, enabled: bool) -> None:
        """Alt+A / Alt+D act on one card only (the longest waiting): no ambiguous mnemonics."""
        self.accept.setText(self.tr("&Accept") if enabled else self.tr("Accept"))
        self.decline.setText(self.tr("&Decline") if enabled else self.tr("Decline"))

    def show_waited(self, text: str) -> None:
        self.waiting.setText(self.tr("waiting %1").replace("%1", text))

    def set_busy(self, busy: bool, text: str | None = None) -> None:
        """While an answer is under way the buttons rest, so a double click cannot answer twice.

        `text` defaults to "Connecting…".
        """
        self.accept.setEnabled(not busy)
        self.decline.setEnabled(not busy)
        if busy:
            self.show_message(text or self.tr("Connecting…"), error=False)
        else:
            self.message.hide()

    def show_message(self, text: str, error: bool = True) -> None:
        """A line on the card; the core's marked messages (platform errors) are translated."""
        self.message.setText(core_text(text))
        self.message.setProperty("tone", "error" if error else "info")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def _set_glow(self, value: object) -> None:
        self._glow = float(value) if isinstance(value, int | float) else 1.0
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(rect, _RADIUS, _RADIUS)
        border = QColor(ACCENT)
        border.setAlphaF(max(0.0, min(1.0, self._glow)))
        painter.setPen(QPen(border, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, _RADIUS, _RADIUS)
        painter.end()
