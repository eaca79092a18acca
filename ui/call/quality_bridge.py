"""The call's quality reports, from the engine thread to the GUI thread.

`QualityBridge` is the `QualityObserver` a call session reports to (`advisor_app.quality.control`);
each report becomes a Qt signal, queued across threads, so widgets only ever see it on the GUI
thread. Keep it referenced for as long as the session may report (it has no parent on purpose).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from advisor_app.quality.policy import LineReading, QualityDecision


class QualityBridge(QObject):
    measured = Signal(object)  # LineReading
    decided = Signal(object)  # QualityDecision

    def line_measured(self, reading: LineReading) -> None:
        self.measured.emit(reading)

    def quality_decided(self, decision: QualityDecision) -> None:
        self.decided.emit(decision)
