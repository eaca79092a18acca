"""The status bar: the link to the platform, the server clock offset, the customer page address."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from advisor_app.desk_listener import ConnectionState
from ui.elision import ElidedLabel
from ui.icons import ACCENT, MUTED, icon
from ui.translations import core_text, format_number, tr_noop
from ui.widgets import StatusDot, set_role

DOT_COLORS = {
    ConnectionState.CONNECTED: "#1F9D55",
    ConnectionState.CONNECTING: "#D9A21B",
    ConnectionState.RECONNECTING: "#D9A21B",
    ConnectionState.OFFLINE: "#9A9DB0",
}
# English source texts, marked for `pyside6-lupdate`; `state_text` translates them when shown.
STATE_TEXT = {
    ConnectionState.CONNECTED: tr_noop("StatusPanel", "Connected"),
    ConnectionState.CONNECTING: tr_noop("StatusPanel", "Connecting…"),
    ConnectionState.RECONNECTING: tr_noop("StatusPanel", "Reconnecting"),
    ConnectionState.OFFLINE: tr_noop("StatusPanel", "Offline"),
}


def state_text(state: ConnectionState) -> str:
    """The link's state as the advisor reads it."""
    text = STATE_TEXT.get(state)
    return QCoreApplication.translate("StatusPanel", text) if text else str(state)


OFFSET_SHOWN_ABOVE_S = 2.0  # smaller offsets are normal network jitter and not worth a word


class StatusPanel(QStatusBar):
    """Connection dot and text on the left; clock offset and the customer page on the right."""

    address_copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.dot = StatusDot(DOT_COLORS[ConnectionState.OFFLINE])
        # Both texts may grow long (a reconnect's reason, a German sentence): on a narrow
        # window they end in "…" with the whole text on hover rather than widen the window.
        self.connection = ElidedLabel(state_text(ConnectionState.OFFLINE))
        self.connection.setAccessibleName(self.tr("Connection to the platform"))
        left = QWidget()
        row = QHBoxLayout(left)
        row.setContentsMargins(8, 0, 8, 0)
        row.setSpacing(6)
        row.addWidget(self.dot)
        row.addWidget(self.connection)
        self.addWidget(left, 1)

        self.clock_offset = ElidedLabel()
        set_role(self.clock_offset, "warnText")
        self.clock_offset.setAccessibleName(self.tr("Clock difference to the platform"))
        self.clock_offset.hide()
        self.addPermanentWidget(self.clock_offset)

        self.customer_page = QLabel()
        self.customer_page.setAccessibleName(self.tr("Customer page address"))
        self.customer_page.setOpenExternalLinks(True)
        self.customer_page.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.copy_address = QToolButton()
        self.copy_address.setIcon(icon("copy", MUTED))
        self.copy_address.setToolTip(self.tr("Copy the customer page address"))
        self.copy_address.setAccessibleName(self.tr("Copy the customer page address"))
        self.copy_address.setAutoRaise(True)
        self.copy_address.clicked.connect(self._copy_address)
        self._address = ""
        self.customer_page.hide()
        self.copy_address.hide()
        self.addPermanentWidget(self.customer_page)
        self.addPermanentWidget(self.copy_address)

    def show_connection(self, state: ConnectionState, detail: str) -> None:
        """`Connected`, or `Reconnecting in 4 s — platform unreachable` (the desk's detail)."""
        base = state_text(state)
        shown = core_text(detail)
        if detail and state == ConnectionState.RECONNECTING and detail.startswith("in "):
            text = f"{base} {shown}"
        elif detail and shown.casefold() != base.casefold():
            text = f"{base} — {shown}"
        else:
            text = base
        self.connection.setText(text)
        self.dot.set_color(DOT_COLORS.get(state, MUTED))
        self.dot.setToolTip(base)

    def show_clock_offset(self, offset_seconds: float) -> None:
        if abs(offset_seconds) <= OFFSET_SHOWN_ABOVE_S:
            self.clock_offset.hide()
            return
        text = (
            self.tr("This computer's clock is %1 s behind the platform")
            if offset_seconds > 0
            else self.tr("This computer's clock is %1 s ahead of the platform")
        )
        self.clock_offset.setText(text.replace("%1", format_number(abs(offset_seconds))))
        self.clock_offset.setToolTip(
            self.tr("Times shown here already follow the platform's clock.")
        )
        self.clock_offset.show()

    def show_customer_page(self, url: str | None) -> None:
        self._address = url or ""
        if not url:
            self.customer_page.hide()
            self.copy_address.hide()
            return
        safe = html.escape(url, quote=True)
        link = f'<a style="color:{ACCENT}; text-decoration:none;" href="{safe}">{safe}</a>'
        self.customer_page.setText(self.tr("Customer page: %1").replace("%1", link))
        self.customer_page.setToolTip(self.tr("Open the demo customer page in your browser"))
        self.customer_page.show()
        self.copy_address.show()

    def _copy_address(self) -> None:
        if self._address:
            QGuiApplication.clipboard().setText(self._address)
            self.showMessage(self.tr("Address copied"), 2500)
            self.address_copied.emit(self._address)
