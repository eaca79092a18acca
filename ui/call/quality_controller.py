"""What the advisor sees of the call's quality: the indicator's note, the countdown, the graph
panel behind the indicator, all read from the call's view (`advisor_app.call.view.CallView`).

The banners and the customer's tile are `ui.call.controller`'s (one writer each). The panel sits in
the stage's top-right corner, at most half the stage wide, and the customer's tile (or picture)
moves left of it, so the name and why the video is paused stay readable.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, Slot

from advisor_app.call.view import CallView
from ui.call.bridge import CallBridge
from ui.call.countdown import CallCountdown
from ui.call.quality_graph import QualityPanel
from ui.call.window import CallWindow

_PANEL_SIZE = (420, 290)
_MARGIN = 16


class CallQualityController(QObject):
    """Shows one call's line and what the quality rule did about it, from the call's view."""

    def __init__(self, window: CallWindow, bridge: CallBridge) -> None:
        super().__init__(window)
        self._window = window
        stage = window.stage
        self.panel = QualityPanel(parent=stage)
        self.countdown = CallCountdown(parent=stage)
        self.audio_only = False
        self._view = CallView()
        bridge.view_reported.connect(self._on_view, Qt.ConnectionType.QueuedConnection)
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

    @Slot(object)
    def _on_view(self, view: CallView) -> None:
        old, self._view = self._view, view
        if view.reading is not None and view.reading is not old.reading:
            self.panel.graph.add(view.reading)
        if view.audio_only != old.audio_only:
            self._set_audio_only(view.audio_only)
        if view.countdown != old.countdown:
            if view.countdown is None:
                self.countdown.cancel()
            else:
                self.countdown.start(view.countdown.reason, view.countdown.seconds)

    def _set_audio_only(self, on: bool) -> None:
        """Video paused for the line: the indicator's note says so."""
        self.audio_only = on
        self._window.quality.set_note(
            QCoreApplication.translate(
                "QualityController", "Audio only: the connection is too slow for video"
            )
            if on
            else None
        )
