"""What tells the advisor someone is calling: the ring, a tray message, the window alert."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from advisor_app.domain.models import CallRequest
from ui.icons import app_icon


class RingTone(Protocol):
    """What the alerts need of `media.ringer.Ringer`: both calls return at once."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class RingAlerts:
    """Announces new requests (tray, raised window) and rings while the controller says so."""

    def __init__(self, ringer: RingTone, window: QWidget, tray: QSystemTrayIcon | None) -> None:
        self._ringer = ringer
        self._window = window
        self._tray = tray

    @staticmethod
    def system_tray(parent: QWidget) -> QSystemTrayIcon | None:
        """A tray icon when the desktop has a tray (not offscreen, not every Linux desktop)."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(app_icon(), parent)
        tray.setToolTip(QCoreApplication.translate("RingAlerts", "Advisor Desk"))
        tray.show()
        return tray

    def announce(self, requests: list[CallRequest]) -> None:
        """Requests that started ringing just now: a tray message and the window to the front."""
        if not requests:
            return
        newest = requests[-1]
        if self._tray is not None and QSystemTrayIcon.supportsMessages():
            others = len(requests) - 1
            text = (
                QCoreApplication.translate("RingAlerts", "%1, %2, wants to talk to you")
                .replace("%1", newest.alias)
                .replace("%2", str(newest.age))
            )
            if others:
                text += QCoreApplication.translate("RingAlerts", " (+%n more)", "", others)
            self._tray.showMessage(
                QCoreApplication.translate("RingAlerts", "Incoming live call"),
                text,
                QSystemTrayIcon.MessageIcon.Information,
                10_000,
            )
        if self._window.isMinimized():
            self._window.showNormal()
        self._window.raise_()
        QApplication.alert(self._window, 0)

    def set_ringing(self, ringing: bool) -> None:
        """The ring sounds while some request waits for an answer (both calls return at once)."""
        if ringing:
            self._ringer.start()
        else:
            self._ringer.stop()
