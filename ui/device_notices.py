"""Carries the device watcher's reports to the GUI thread: `changed(list[DeviceChange])` is
emitted there (queued), for the main window's short notice and the settings dialog's lists.
The entry point builds the watcher (`media.device_watch.DeviceWatcher`) and hands it over in
`GuiOptions.device_watch`: the GUI opens no device itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from advisor_app.domain.devices import DeviceChange


class DeviceWatch(Protocol):
    """What the notices need of `media.device_watch.DeviceWatcher`."""

    def add_listener(
        self, listener: Callable[[list[DeviceChange]], None]
    ) -> Callable[[], None]: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class DeviceNotices(QObject):
    """Listens to ``watcher`` (its thread) and re-emits on the thread this object lives in."""

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, watcher: DeviceWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self._arrived.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = watcher.add_listener(self._report)

    def _report(self, changes: list[DeviceChange]) -> None:  # the watcher's thread
        if shiboken6.isValid(self):
            self._arrived.emit(list(changes))

    def close(self) -> None:
        """Stops listening and stops the watcher (at app exit)."""
        self._unsubscribe()
        self.watcher.stop()
