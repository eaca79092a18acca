"""What the advisor sees of the call's quality: banners, the audio-only note, the countdown, the
graph panel behind the indicator. Connects the `QualityBridge`'s signals to the call window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect

from advisor_app.quality_policy import DecisionKind, LineReading, QualityDecision, VideoLevel
from ui.call_countdown import CallCountdown
from ui.call_quality_bridge import QualityBridge
from ui.call_window import CallWindow
from ui.quality_graph import QualityPanel

_PANEL_SIZE = (540, 300)
_MARGIN = 16


class CallQualityController:
    """Shows one call's quality decisions and measurements in its window."""

    def __init__(self, window: CallWindow, quality: QualityBridge) -> None:
        self._window = window
        stage = window.stage
        self.panel = QualityPanel(parent=stage)
        self.countdown = CallCountdown(parent=stage)
        self.audio_only = False
        quality.measured.connect(self._measured)
        quality.decided.connect(self._decided)
        window.quality.clicked.connect(self.toggle_panel)

    def toggle_panel(self) -> None:
        """The indicator's click: the live graph opens in the stage's corner, or closes."""
        if self.panel.isVisible():
            self.panel.hide()
            return
        stage = self._window.stage
        width, height = _PANEL_SIZE
        self.panel.setGeometry(
            QRect(max(0, stage.width() - width - _MARGIN), _MARGIN, width, height)
        )
        self.panel.show()
        self.panel.raise_()

    def _measured(self, reading: LineReading) -> None:
        self.panel.graph.add(reading)

    def _decided(self, decision: QualityDecision) -> None:
        banner = self._window.banner
        match decision.kind:
            case DecisionKind.VIDEO_OFF:
                self._set_audio_only(True)
                banner.show_notice(decision.reason, 0)  # stays until video is back
            case DecisionKind.VIDEO_ON if decision.video is not VideoLevel.OFF:
                self._set_audio_only(False)
                banner.show_notice(decision.reason)
            case DecisionKind.DEGRADED | DecisionKind.RECONNECTED:
                banner.show_notice(decision.reason)
            case DecisionKind.RECONNECTING:
                banner.show_notice(decision.reason, 0)
            case DecisionKind.COUNTDOWN:
                self.countdown.start(decision.reason, decision.countdown_s or 5.0)
            case DecisionKind.COUNTDOWN_CANCELLED:
                self.countdown.cancel()
                banner.show_notice(decision.reason)
            case DecisionKind.ENDED:
                self.countdown.cancel()

    def _set_audio_only(self, on: bool) -> None:
        self.audio_only = on
        self._window.quality.set_note(
            QCoreApplication.translate(
                "QualityController", "Audio only: the connection is too slow for video"
            )
            if on
            else None
        )
