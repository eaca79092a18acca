"""What the advisor sees of the call's quality: banners, the audio-only note, the countdown, the
graph panel behind the indicator. Connects the `QualityBridge`'s signals to the call window.

The panel sits in the stage's top-right corner, at most half the stage wide, and the customer's
tile (or picture) moves left of it, so the name and why the video is paused stay readable.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QTimer

from advisor_app.quality.policy import DecisionKind, LineReading, QualityDecision, VideoLevel
from ui.call.countdown import CallCountdown
from ui.call.quality_bridge import QualityBridge
from ui.call.quality_graph import QualityPanel
from ui.call.window import CallWindow

_PANEL_SIZE = (420, 290)
_MARGIN = 16


class CallQualityController(QObject):
    """Shows one call's quality decisions and measurements in its window."""

    def __init__(self, window: CallWindow, quality: QualityBridge) -> None:
        super().__init__(window)
        self._window = window
        stage = window.stage
        self.panel = QualityPanel(parent=stage)
        self.countdown = CallCountdown(parent=stage)
        self.audio_only = False
        self._camera_before_pause: tuple[bool, str] | None = None
        self._tile_held_for: set[str] = set()  # "paused", "reconnecting": why the tile shows
        quality.measured.connect(self._measured)
        quality.decided.connect(self._decided)
        window.quality.clicked.connect(self.toggle_panel)
        stage.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keeps the open panel in the stage's corner when the window is resized."""
        resized = watched is self._window.stage and event.type() == QEvent.Type.Resize
        if resized and self.panel.isVisible():
            # After the stage has laid out its own children (the preview the panel stays above).
            QTimer.singleShot(0, self, self._place_panel)
        return False

    def toggle_panel(self) -> None:
        """The indicator's click: the live graph opens in the stage's corner, or closes."""
        if self.panel.isVisible():
            self.panel.hide()
            self._window.remote_video.set_right_inset(0)
            return
        self._place_panel()
        self.panel.show()
        self.panel.raise_()

    def _place_panel(self) -> None:
        stage = self._window.stage
        width = min(_PANEL_SIZE[0], max(self.panel.minimumSizeHint().width(), stage.width() // 2))
        # Above the advisor's own preview in the corner below, when there is room for the graph.
        above_preview = self._window.local_video.geometry().top() - 2 * _MARGIN
        room = max(above_preview, self.panel.minimumSizeHint().height())
        height = min(_PANEL_SIZE[1], room, stage.height() - 2 * _MARGIN)
        self.panel.setGeometry(
            QRect(max(0, stage.width() - width - _MARGIN), _MARGIN, width, height)
        )
        self._window.remote_video.set_right_inset(width + _MARGIN)

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
            case DecisionKind.DEGRADED:
                banner.show_notice(decision.reason)
            case DecisionKind.RECONNECTED:
                self._hold_tile("reconnecting", False)
                banner.show_notice(decision.reason)
            case DecisionKind.RECONNECTING:
                self._hold_tile("reconnecting", True)
                banner.show_notice(decision.reason, 0)
            case DecisionKind.COUNTDOWN:
                self.countdown.start(decision.reason, decision.countdown_s or 5.0)
            case DecisionKind.COUNTDOWN_CANCELLED:
                self.countdown.cancel()
                banner.show_notice(decision.reason)
            case DecisionKind.ENDED:
                self.countdown.cancel()

    def _set_audio_only(self, on: bool) -> None:
        """Video paused for the line: the indicator's note and the customer's tile say why;
        when it is back the tile returns to what it was (video, or the customer's camera off)."""
        if on == self.audio_only:
            return
        self.audio_only = on
        if on:
            self._window.quality.set_note(
                QCoreApplication.translate(
                    "QualityController", "Audio only: the connection is too slow for video"
                )
            )
        else:
            self._window.quality.set_note(None)
        self._hold_tile("paused", on)

    def _hold_tile(self, why: str, on: bool) -> None:
        """The customer's tile stands in for their video while the line is the reason (video
        paused, connection being restored; the latter says more); when no reason is left it
        returns to what it was (video, or the customer's camera off)."""
        if on == (why in self._tile_held_for):
            return
        remote = self._window.remote_video
        if on and not self._tile_held_for:
            self._camera_before_pause = (remote.camera_on, remote.caption)
        if on:
            self._tile_held_for.add(why)
        else:
            self._tile_held_for.discard(why)
        if self._tile_held_for:
            caption = (
                QCoreApplication.translate(
                    "QualityController", "Connection interrupted — reconnecting…"
                )
                if "reconnecting" in self._tile_held_for
                else QCoreApplication.translate(
                    "QualityController", "Video paused — connection too slow"
                )
            )
            remote.set_camera_on(False, caption)
            return
        camera_on, caption = self._camera_before_pause or (True, remote.caption)
        self._camera_before_pause = None
        remote.set_camera_on(camera_on, caption)
        remote.set_caption(caption)
