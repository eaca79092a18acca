"""The live graph of the line: up and down kbit/s, loss and round trip, thresholds drawn in.

Painted with QPainter (PySide6-Essentials has no chart module, and a few lines need no
plotting library). Two minutes are kept, one point a second. kbit/s use a logarithmic scale
from 10 to 5000 so that 24 kbit/s and 2 Mbit/s are both readable; the video minimum and the audio
minimum are dashed lines with their names. Loss is drawn as red bars from the bottom (0-100 %),
the round trip as a thin line against its own scale on the right (0-1000 ms).
"""

from __future__ import annotations

import math
from collections import deque

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from advisor_app.quality.policy import LineReading, QualityThresholds
from ui.call import theme as call_theme
from ui.translations import format_number

KEPT_SECONDS = 120
_MIN_KBPS, _MAX_KBPS = 10.0, 5000.0
_MAX_RTT_MS = 1000.0
UP_COLOUR = "#5eb0ef"
DOWN_COLOUR = "#8F7BFF"
RTT_COLOUR = "#c2c8d2"


def _shown_kbps(ceiling: float | None, floor: float) -> float:
    """The figure to draw: where the line is full its ceiling, else what it proved."""
    return ceiling if ceiling is not None else floor


class QualityGraph(QWidget):
    """Draws the last `KEPT_SECONDS` readings."""

    def __init__(
        self, limits: QualityThresholds | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.limits = limits or QualityThresholds()
        self.readings: deque[LineReading] = deque(maxlen=KEPT_SECONDS)
        self.setAccessibleName(self.tr("Connection graph"))
        self.setMinimumSize(240, 170)

    def add(self, reading: LineReading) -> None:
        self.readings.append(reading)
        latest = (
            self.tr("up %1 kbit/s, down %2 kbit/s, loss %3 %")
            .replace("%1", format_number(_shown_kbps(reading.up_kbps, reading.up_floor_kbps)))
            .replace("%2", format_number(_shown_kbps(reading.down_kbps, reading.down_floor_kbps)))
            .replace("%3", format_number(reading.loss * 100))
        )
        self.setAccessibleDescription(latest)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def _plot_area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(48, 10, -56, -22)

    def _y_for_kbps(self, area: QRectF, kbps: float) -> float:
        value = min(max(kbps, _MIN_KBPS), _MAX_KBPS)
        share = math.log10(value / _MIN_KBPS) / math.log10(_MAX_KBPS / _MIN_KBPS)
        return area.bottom() - share * area.height()

    def _x_for(self, area: QRectF, index: int) -> float:
        return area.left() + area.width() * index / max(1, KEPT_SECONDS - 1)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._plot_area()
        painter.fillRect(self.rect(), QColor("#161a22"))
        self._draw_scale(painter, area)
        offset = KEPT_SECONDS - len(self.readings)
        self._draw_loss(painter, area, offset)
        self._draw_thresholds(painter, area)
        self._draw_series(painter, area, offset)
        painter.end()

    def _draw_scale(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(QColor(call_theme.TEXT_MUTED))
        font = painter.font()
        font.setPointSizeF(8)
        painter.setFont(font)
        for kbps in (10, 100, 1000):
            y = self._y_for_kbps(area, kbps)
            painter.setPen(QPen(QColor("#2a303c"), 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(call_theme.TEXT_MUTED))
            painter.drawText(QRectF(0, y - 8, 44, 16), Qt.AlignmentFlag.AlignRight, f"{kbps}")
        painter.drawText(QRectF(0, area.top() - 10, 44, 14), Qt.AlignmentFlag.AlignRight, "kbit/s")
        right = QRectF(area.right() + 4, area.top() - 10, 52, 14)
        painter.drawText(right, Qt.AlignmentFlag.AlignLeft, f"{_MAX_RTT_MS:.0f} ms")
        painter.drawText(
            QRectF(area.left(), area.bottom() + 4, area.width(), 16),
            Qt.AlignmentFlag.AlignRight,
            self.tr("last %1 s").replace("%1", str(KEPT_SECONDS)),
        )

    def _draw_thresholds(self, painter: QPainter, area: QRectF) -> None:
        for kbps, name, colour in (
            (self.limits.video_min_kbps, self.tr("video"), call_theme.FAIR),
            (self.limits.audio_min_kbps, self.tr("audio"), call_theme.POOR),
        ):
            y = self._y_for_kbps(area, kbps)
            painter.setPen(QPen(QColor(colour), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.drawText(QPointF(area.left() + 4, y - 3), f"{name} {format_number(kbps)}")

    def _draw_loss(self, painter: QPainter, area: QRectF, offset: int) -> None:
        colour = QColor(call_theme.POOR)
        colour.setAlpha(110)
        width = max(1.0, area.width() / KEPT_SECONDS)
        for index, reading in enumerate(self.readings):
            if reading.loss <= 0:
                continue
            height = area.height() * min(1.0, reading.loss)
            x = self._x_for(area, index + offset)
            painter.fillRect(QRectF(x - width / 2, area.bottom() - height, width, height), colour)

    def _draw_series(self, painter: QPainter, area: QRectF, offset: int) -> None:
        up, down, rtt = QPolygonF(), QPolygonF(), QPolygonF()
        for index, reading in enumerate(self.readings):
            x = self._x_for(area, index + offset)
            up.append(
                QPointF(
                    x, self._y_for_kbps(area, _shown_kbps(reading.up_kbps, reading.up_floor_kbps))
                )
            )
            down.append(
                QPointF(
                    x,
                    self._y_for_kbps(area, _shown_kbps(reading.down_kbps, reading.down_floor_kbps)),
                )
            )
            if reading.rtt_ms is not None:
                share = min(1.0, reading.rtt_ms / _MAX_RTT_MS)
                rtt.append(QPointF(x, area.bottom() - share * area.height()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(RTT_COLOUR), 1, Qt.PenStyle.DotLine))
        painter.drawPolyline(rtt)
        painter.setPen(QPen(QColor(UP_COLOUR), 2))
        painter.drawPolyline(up)
        painter.setPen(QPen(QColor(DOWN_COLOUR), 2))
        painter.drawPolyline(down)


class QualityPanel(QFrame):
    """The graph with a legend; the quality indicator opens and closes it."""

    def __init__(self, limits: QualityThresholds | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CallQualityPanel")
        self.setStyleSheet(
            "#CallQualityPanel { background: #161a22; border: 1px solid #2a303c; "
            "border-radius: 10px; } QLabel { color: #c2c8d2; font-size: 12px; }"
        )
        self.graph = QualityGraph(limits)
        up, down = self.tr("up (you → customer)"), self.tr("down (customer → you)")
        loss, rtt = self.tr("loss"), self.tr("round trip")
        self.legend = QLabel(
            f'<span style="color:{UP_COLOUR}">━ {up}</span> &nbsp; '
            f'<span style="color:{DOWN_COLOUR}">━ {down}</span> &nbsp; '
            f'<span style="color:{call_theme.POOR}">▮ {loss}</span> &nbsp; '
            f'<span style="color:{RTT_COLOUR}">┈ {rtt}</span>'
        )
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # the panel is narrow: it must leave the customer's tile free
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.graph, 1)
        layout.addWidget(self.legend)
        self.setAccessibleName(self.tr("Connection details"))
        self.hide()
