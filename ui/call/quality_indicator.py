"""The small connection quality indicator: three bars in green, amber or red, figures as tooltip.

It is a button on purpose: clicking it opens the live graph panel
(`ui.call.quality_controller`). `set_note` adds what the quality rule did ("Audio only").
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from advisor_app.call.listener import CallQuality
from ui.call import theme as call_theme
from ui.translations import core_text, format_number, tr_noop

# The platform needs 320 kbit/s both ways for video (PLATFORM-RULES, "Network quality").
VIDEO_MIN_KBPS = 320.0
# Below this even speech suffers: Opus speech at ~24 kbit/s plus IP/UDP/RTP/SRTP overhead at 50
# packets a second (~24 kbit/s) leaves little headroom under 64 kbit/s.
AUDIO_MIN_KBPS = 64.0


class QualityLevel(enum.Enum):
    UNKNOWN = "unknown"  # no figures yet
    GOOD = "good"  # video fits both ways
    FAIR = "fair"  # audio fits, video may not
    POOR = "poor"  # even audio is at risk


_COLOURS = {
    QualityLevel.UNKNOWN: call_theme.UNKNOWN,
    QualityLevel.GOOD: call_theme.GOOD,
    QualityLevel.FAIR: call_theme.FAIR,
    QualityLevel.POOR: call_theme.POOR,
}
# English source texts, marked for `pyside6-lupdate`; `_tr` translates them when shown.
_WORDS = {
    QualityLevel.UNKNOWN: tr_noop("CallQuality", "Measuring the connection…"),
    QualityLevel.GOOD: tr_noop("CallQuality", "Good connection"),
    QualityLevel.FAIR: tr_noop("CallQuality", "Connection too slow for good video"),
    QualityLevel.POOR: tr_noop("CallQuality", "Very slow connection"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallQuality", text)


def quality_level(
    quality: CallQuality | None,
    video_min_kbps: float = VIDEO_MIN_KBPS,
    audio_min_kbps: float = AUDIO_MIN_KBPS,
) -> QualityLevel:
    """Green when both directions carry video, red when either is below the audio minimum."""
    if quality is None:
        return QualityLevel.UNKNOWN
    slowest = min(quality.sent_kbps, quality.received_kbps)
    if slowest >= video_min_kbps:
        return QualityLevel.GOOD
    if slowest >= audio_min_kbps:
        return QualityLevel.FAIR
    return QualityLevel.POOR


def quality_summary(quality: CallQuality | None) -> str:
    """The indicator's tooltip: the verdict and the figures behind it."""
    level = quality_level(quality)
    if quality is None:
        return _tr(_WORDS[level])
    lines = [
        _tr(_WORDS[level]),
        QCoreApplication.translate("CallQuality", "Up %1 kbit/s · down %2 kbit/s")
        .replace("%1", format_number(quality.sent_kbps))
        .replace("%2", format_number(quality.received_kbps)),
        QCoreApplication.translate("CallQuality", "Loss %1 %").replace(
            "%1", format_number(quality.loss * 100, 1)
        ),
    ]
    if quality.rtt_ms is not None:
        lines.append(
            QCoreApplication.translate("CallQuality", "Round trip %1 ms").replace(
                "%1", format_number(quality.rtt_ms)
            )
        )
    lines.append(
        QCoreApplication.translate("CallQuality", "Video needs %1 kbit/s both ways").replace(
            "%1", format_number(VIDEO_MIN_KBPS)
        )
    )
    return "\n".join(lines)


class QualityIndicator(QAbstractButton):
    """Three rising bars; how many are lit and their colour say how good the line is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quality: CallQuality | None = None
        self._note: str | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(self.tr("Connection quality"))
        self.show_quality(None)

    @property
    def level(self) -> QualityLevel:
        return quality_level(self._quality)

    @property
    def colour(self) -> QColor:
        return QColor(_COLOURS[self.level])

    @property
    def note(self) -> str | None:
        return self._note

    def set_note(self, note: str | None) -> None:
        """A line about what the call does about the line (None: nothing to add)."""
        self._note = note
        self.show_quality(self._quality)

    def show_quality(self, quality: CallQuality | None) -> None:
        self._quality = quality
        summary = quality_summary(quality)
        if self._note:
            summary = f"{core_text(self._note)}\n{summary}"
        summary += "\n" + self.tr("Click for the live graph")
        self.setToolTip(summary)
        self.setAccessibleDescription(summary.replace("\n", ". "))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(34, 30)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = {
            QualityLevel.UNKNOWN: 0,
            QualityLevel.POOR: 1,
            QualityLevel.FAIR: 2,
            QualityLevel.GOOD: 3,
        }[self.level]
        dim = QColor("#3a4150")
        bar_width, gap, bottom = 5.0, 3.0, self.height() - 7.0
        left = (self.width() - (3 * bar_width + 2 * gap)) / 2
        for index in range(3):
            height = 6.0 + index * 5.0
            rect = QRectF(left + index * (bar_width + gap), bottom - height, bar_width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour if index < lit else dim)
            painter.drawRoundedRect(rect, 1.5, 1.5)
        if self.hasFocus():
            painter.setPen(QColor(call_theme.ACCENT_ON_DARK))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        painter.end()
