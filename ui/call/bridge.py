"""The call window's one bridge: the engine thread reports, the GUI thread hears.

`CallBridge` is the `ViewListener` of a call's `CallViewKeeper` (`advisor_app.call.view`): every
new view of the call, the frames and the chat lines. Each method only emits a signal carrying the
same data; the bridge lives in the GUI thread, so Qt queues every emission made on the engine
thread and no widget is touched from there. Video frames are the one exception to "emit every
report": they come at up to 30 a second, so only the newest frame of each kind waits for the GUI
thread and older ones are dropped (a stalled GUI must never pile up frames without bound).

Give the bridge no QObject parent and keep a reference to it as long as the call session may call
it: a deleted bridge ignores late reports instead of crashing the engine thread.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from advisor_app.call.view import CallView, ViewListener
from advisor_app.domain.frames import DisplayFrame


class _NewestFrame:
    """A one-frame mailbox between threads: `put` says whether the reader must be woken."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: DisplayFrame | None = None

    def put(self, frame: DisplayFrame) -> bool:
        with self._lock:
            was_empty = self._frame is None
            self._frame = frame
        return was_empty

    def take(self) -> DisplayFrame | None:
        with self._lock:
            frame, self._frame = self._frame, None
        return frame


class CallBridge(QObject):
    """A `ViewListener` whose every report is re-emitted as a Qt signal on the GUI thread."""

    view_reported = Signal(object)  # CallView
    remote_frame_arrived = Signal(object)  # DisplayFrame (newest only)
    local_frame_arrived = Signal(object)  # DisplayFrame (newest only)
    chat_message_arrived = Signal(str)

    # Wake-ups for the frame mailboxes; queued so the frame is taken on the GUI thread.
    _remote_frame_waiting = Signal()
    _local_frame_waiting = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._remote = _NewestFrame()
        self._local = _NewestFrame()
        queued = Qt.ConnectionType.QueuedConnection
        self._remote_frame_waiting.connect(self._deliver_remote_frame, queued)
        self._local_frame_waiting.connect(self._deliver_local_frame, queued)

    # --- ViewListener (engine thread) -------------------------------------------------------

    def view_changed(self, view: CallView) -> None:
        if self._alive():
            self.view_reported.emit(view)

    def remote_video(self, frame: DisplayFrame) -> None:
        if self._remote.put(frame) and self._alive():
            self._remote_frame_waiting.emit()

    def local_video(self, frame: DisplayFrame) -> None:
        if self._local.put(frame) and self._alive():
            self._local_frame_waiting.emit()

    def chat_received(self, text: str) -> None:
        if self._alive():
            self.chat_message_arrived.emit(text)

    # --- GUI thread ---------------------------------------------------------------------------

    @Slot()
    def _deliver_remote_frame(self) -> None:
        frame = self._remote.take()
        if frame is not None:
            self.remote_frame_arrived.emit(frame)

    @Slot()
    def _deliver_local_frame(self) -> None:
        frame = self._local.take()
        if frame is not None:
            self.local_frame_arrived.emit(frame)

    def _alive(self) -> bool:
        # After Qt deleted the bridge (window closed, app quitting) late reports are dropped.
        return shiboken6.isValid(self)


def _conforms(bridge: CallBridge) -> ViewListener:
    """Lets mypy check that the bridge really is a ViewListener."""
    return bridge
