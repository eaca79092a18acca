"""Shows one video: the newest frame, letterboxed, or a placeholder tile when there is none.

Frames arrive already converted to Qt's RGB32 pixels, at the size they are shown, off the GUI
thread; here they are only wrapped in a `QImage` (no copy) and painted: a plain copy for Qt.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from advisor_app.domain.frames import BYTES_PER_PIXEL, DisplayFrame
from ui.call import theme as call_theme
from ui.call.texts import initials

log = logging.getLogger(__name__)


def frame_image(frame: DisplayFrame) -> QImage | None:
    """Wraps the frame's bytes as an image, or None when the figures do not fit the bytes.

    The image shares the bytes; the caller keeps `frame` alive as long as the image is used.
    """
    row = frame.width * BYTES_PER_PIXEL
    if frame.width <= 0 or frame.height <= 0 or frame.stride < row:
        return None
    if len(frame.pixels) < frame.stride * (frame.height - 1) + row:
        return None
    return QImage(frame.pixels, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32)


def fitted(source: QSize, area: QRect) -> QRect:
    """The largest rectangle of `source`'s aspect ratio centred in `area` (letterbox)."""
    if source.isEmpty() or area.isEmpty():
        return QRect()
    size = source.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.x() + (area.width() - size.width()) // 2
    top = area.y() + (area.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


class VideoView(QWidget):
    """The newest `DisplayFrame` at the widget's size, or a tile with initials and a caption.

    The tile shows when no frame arrived yet or the camera is off (`set_camera_on(False)`); a
    mirrored view (the advisor's own preview) shows the picture as in a mirror, as people expect.
    """

    shown_size_changed = Signal(object)
    """(width, height) in device pixels of where the picture goes, whenever it changes: frames
    converted to fit exactly are painted as a plain copy (no scaling on the GUI thread)."""

    def __init__(
        self,
        name: str = "",
        *,
        mirrored: bool = False,
        compact: bool = False,
        corner_radius: float = 0.0,
        placeholder_icon: QIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._mirrored = mirrored
        self._compact = compact
        self._radius = corner_radius
        self._icon = placeholder_icon
        self._frame: DisplayFrame | None = None
        self._image: QImage | None = None
        self._camera_on = True
        self._right_inset = 0
        self._caption = self.tr("Waiting for video…")
        self._bad_frames = 0
        self._reported_size: tuple[int, int] | None = None
        if corner_radius <= 0:
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._update_accessible_text()

    @property
    def showing_video(self) -> bool:
        """True when a frame is painted, False when the placeholder tile is."""
        return self._camera_on and self._image is not None

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def camera_on(self) -> bool:
        """False while the tile stands for a camera that is off (or video paused)."""
        return self._camera_on

    def set_right_inset(self, pixels: int) -> None:
        """Keeps the picture and the tile out of the `pixels` on the right (a panel over them)."""
        self._right_inset = max(0, pixels)
        self._report_shown_size()
        self.update()

    def shown_size(self) -> tuple[int, int]:
        """Where the picture goes, in device pixels (`content_rect` at the screen's scale)."""
        area, ratio = self.content_rect(), self.devicePixelRatioF()
        return round(area.width() * ratio), round(area.height() * ratio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._report_shown_size()

    def _report_shown_size(self) -> None:
        size = self.shown_size()
        if size != self._reported_size:
            self._reported_size = size
            self.shown_size_changed.emit(size)

    def content_rect(self) -> QRect:
        """Where the picture or the tile goes: the widget, less the inset if room remains."""
        area = self.rect().adjusted(0, 0, -self._right_inset, 0)
        return area if area.width() >= 160 else self.rect()

    def set_name(self, name: str) -> None:
        self._name = name
        self._update_accessible_text()
        self.update()

    def set_caption(self, caption: str) -> None:
        """The line under the initials while the tile shows ("Camera off", "Connecting…")."""
        self._caption = caption
        self._update_accessible_text()
        self.update()

    def set_camera_on(self, on: bool, caption: str | None = None) -> None:
        """Off shows the tile with `caption` ("Camera off" unless told), not the last frame."""
        self._camera_on = on
        if not on:
            self._caption = caption if caption is not None else self.tr("Camera off")
            self.clear()
        self._update_accessible_text()
        self.update()

    def show_frame(self, frame: DisplayFrame) -> None:
        """Paints `frame` next; a frame whose figures do not fit its bytes is skipped."""
        if not self._camera_on:
            return  # a frame still in flight after the camera went off
        image = frame_image(frame)
        if image is None:
            self._bad_frames += 1
            if self._bad_frames == 1:
                log.warning(
                    "skipping a malformed video frame (%dx%d, stride %d, %d bytes)",
                    frame.width,
                    frame.height,
                    frame.stride,
                    len(frame.pixels),
                )
            return
        first = self._image is None
        self._frame, self._image = frame, image
        if first:
            self._update_accessible_text()
        self.update()

    def clear(self) -> None:
        """Forgets the last frame (the tile shows until the next one)."""
        self._frame = None
        self._image = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._radius > 0:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            outline = QPainterPath()
            outline.addRoundedRect(QRectF(self.rect()), self._radius, self._radius)
            painter.setClipPath(outline)
        # A compact view (the corner preview) sits on the big one: its own tone and an outline
        # keep it apart from the video around it.
        background = call_theme.SURFACE if self._compact else call_theme.STAGE
        painter.fillRect(self.rect(), call_theme.color(background))
        if self.showing_video and self._image is not None:
            self._paint_image(painter, self._image)
        else:
            self._paint_tile(painter)
        if self._compact and self._radius > 0:
            painter.setClipping(False)
            painter.setPen(QPen(QColor(255, 255, 255, 60), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            edge = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.drawRoundedRect(edge, self._radius, self._radius)
        painter.end()

    def _paint_image(self, painter: QPainter, image: QImage) -> None:
        target = fitted(image.size(), self.content_rect())
        ratio = self.devicePixelRatioF()
        exact = abs(image.width() - target.width() * ratio) <= 1 and (
            abs(image.height() - target.height() * ratio) <= 1
        )
        # A frame converted to fit the view is copied as it is; anything else is scaled smoothly.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not exact)
        if self._mirrored:
            painter.translate(target.x() * 2 + target.width(), 0)
            painter.scale(-1, 1)
        painter.drawImage(target, image)
        painter.resetTransform()

    def _paint_tile(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self.content_rect()
        side = min(area.width(), area.height())
        diameter = min(168, max(24, int(side * (0.4 if self._compact else 0.26))))
        caption_height = 22 if self._compact else 56
        top = (area.height() - diameter - caption_height) // 2
        circle = QRectF(area.x() + (area.width() - diameter) / 2, top, diameter, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#3a4150"))
        painter.drawEllipse(circle)
        if self._icon is not None:
            icon_side = int(diameter * 0.5)
            self._icon.paint(
                painter,
                QRect(
                    int(circle.center().x()) - icon_side // 2,
                    int(circle.center().y()) - icon_side // 2,
                    icon_side,
                    icon_side,
                ),
            )
        else:
            font = QFont(self.font())
            font.setPixelSize(max(10, int(diameter * 0.38)))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(call_theme.color(call_theme.TEXT))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initials(self._name))
        if self._compact:
            font = QFont(self.font())
            font.setPixelSize(12)
            painter.setFont(font)
            painter.setPen(call_theme.color(call_theme.TEXT_MUTED))
            line = QRect(area.x(), int(circle.bottom()) + 6, area.width(), 16)
            painter.drawText(line, Qt.AlignmentFlag.AlignCenter, self._caption)
            return
        self._paint_caption(painter, area, int(circle.bottom()) + 14)

    def _paint_caption(self, painter: QPainter, area: QRect, top: int) -> None:
        name_font = QFont(self.font())
        name_font.setPixelSize(18)
        name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        painter.setPen(call_theme.color(call_theme.TEXT))
        line = QRect(area.x(), top, area.width(), 24)
        painter.drawText(line, Qt.AlignmentFlag.AlignCenter, self._name)
        caption_font = QFont(self.font())
        caption_font.setPixelSize(14)
        painter.setFont(caption_font)
        painter.setPen(call_theme.color(call_theme.TEXT_MUTED))
        # A narrow tile (a panel beside it) wraps a long caption rather than running under it.
        lines = QRect(area.x() + 12, top + 26, max(0, area.width() - 24), 40)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(lines, int(flags) | int(Qt.TextFlag.TextWordWrap), self._caption)

    def _update_accessible_text(self) -> None:
        if self.showing_video:
            self.setAccessibleDescription(
                self.tr("Video of %1").replace("%1", self._name) if self._name else self.tr("Video")
            )
        else:
            self.setAccessibleDescription(f"{self._name}: {self._caption}".strip(": "))
