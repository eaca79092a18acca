"""A call's reports as Qt signals: the engine thread calls, the GUI thread hears.

`CallBridge` implements `CallListener`. Each method only emits a signal carrying the same data; the
bridge lives in the GUI thread, so Qt queues every emission made on the engine thread and no widget
is touched from there. Video frames are the one exception to "emit every report": they come at up
to 30 a second, so only the newest frame of each kind waits for the GUI thread and older ones are
dropped (a stalled GUI must never pile up frames without bound).

Give the bridge no QObject parent and keep a reference to it as long as the call session may call
it: a deleted bridge ignores late reports instead of crashing the engine thread.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from advisor_app.call.listener import CallListener, CallPhase, CallQuality
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call


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
    """A `CallListener` whose every report is re-emitted as a Qt signal on the GUI thread."""

    phase_reported = Signal(object, object)  # CallPhase, reason: str | None
    remote_frame_arrived = Signal(object)  # DisplayFrame (newest only)
    local_frame_arrived = Signal(object)  # DisplayFrame (newest only)
    remote_camera_switched = Signal(bool)  # on
    security_code_reported = Signal(str)
    chat_message_arrived = Signal(str)
    notice_reported = Signal(str)
    quality_reported = Signal(object)  # CallQuality
    call_finished = Signal(object, str)  # Call | None, reason

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

    # --- CallListener (engine thread) -------------------------------------------------------

    def phase_changed(self, phase: CallPhase, reason: str | None) -> None:
        if self._alive():
            self.phase_reported.emit(phase, reason)

    def remote_video(self, frame: DisplayFrame) -> None:
        if self._remote.put(frame) and self._alive():
            self._remote_frame_waiting.emit()

    def local_video(self, frame: DisplayFrame) -> None:
        if self._local.put(frame) and self._alive():
            self._local_frame_waiting.emit()

    def remote_camera_changed(self, on: bool) -> None:
        if self._alive():
            self.remote_camera_switched.emit(bool(on))

    def security_code_ready(self, code: str) -> None:
        if self._alive():
            self.security_code_reported.emit(code)

    def chat_received(self, text: str) -> None:
        if self._alive():
            self.chat_message_arrived.emit(text)

    def notice(self, text: str) -> None:
        if self._alive():
            self.notice_reported.emit(text)

    def quality_sampled(self, quality: CallQuality) -> None:
        if self._alive():
            self.quality_reported.emit(quality)

    def call_ended(self, call: Call | None, reason: str) -> None:
        if self._alive():
            self.call_finished.emit(call, reason)

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


def _conforms(bridge: CallBridge) -> CallListener:
    """Lets mypy check that the bridge really is a CallListener."""
    return bridge
