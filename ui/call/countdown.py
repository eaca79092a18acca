"""The short countdown before a call ends because the line cannot carry it.

A card over the video: why, and the seconds left, ticking. The engine decides and ends the call
(the countdown only shows it); `cancel()` hides the card when the line recovers in time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from ui.call.overlays import CallCard
from ui.translations import core_text


class CallCountdown(CallCard):
    """ "Connection too slow" with "The call ends in 5 s", counting down once a second."""

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(self.tr("Connection too slow"), parent)
        self._clock = clock
        self.detail = self.add_line("CallCardDetail")
        self.seconds = self.add_line("CallCardFigure")
        self.finish_buttons()
        self._ends_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self.setAccessibleName(self.tr("The call is about to end"))

    def start(self, reason: str, seconds: float) -> None:
        self.detail.setText(core_text(reason))
        self._ends_at = self._clock() + seconds
        self._tick()
        area = self.parentWidget()
        if area is not None:
            self.place_in(area)
        self.show()
        self.raise_()
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self.hide()

    @property
    def seconds_left(self) -> int:
        return max(0, math.ceil(self._ends_at - self._clock()))

    def _tick(self) -> None:
        left = self.seconds_left
        # The number and its unit stay on one line ("… endet in 4 s" wrapped before the "s").
        figure = self.tr("The call ends in %1 s").replace("%1 ", "%1\u00a0")
        self.seconds.setText(figure.replace("%1", str(left)))
        self.setAccessibleDescription(
            f"{self.detail.text()} " + self.tr("The call ends in %n second(s).", "", left)
        )
        if left <= 0:
            self._timer.stop()
