"""The call window's icons, drawn from small inline SVG paths so they are crisp at any scale.

The shapes follow Google's Material Icons (Apache License 2.0); inlining them keeps the call window
free of resource files and lets each button colour its icon for the checked and unchecked state.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

MIC = (
    "M12 14c1.66 0 2.99-1.34 2.99-3L15 5c0-1.66-1.34-3-3-3S9 3.34 9 5v6c0 1.66 1.34 3 3 3zm5.3-3"
    "c0 3-2.54 5.1-5.3 5.1S6.7 14 6.7 11H5c0 3.41 2.72 6.23 6 6.72V21h2v-3.28c3.28-.48 6-3.3 6-6.72"
    "h-1.7z"
)
MIC_OFF = (
    "M19 11h-1.7c0 .74-.16 1.43-.43 2.05l1.23 1.23c.56-.98.9-2.09.9-3.28zm-4.02.17c0-.06.02-.11"
    ".02-.17V5c0-1.66-1.34-3-3-3S9 3.34 9 5v.18l5.98 5.99zM4.27 3L3 4.27l6.01 6.01V11c0 1.66 1.33 3"
    " 2.99 3 .22 0 .44-.03.65-.08l1.66 1.66c-.71.33-1.5.52-2.31.52-2.76 0-5.3-2.1-5.3-5.1H5c0 3.41"
    " 2.72 6.23 6 6.72V21h2v-3.28c.91-.13 1.77-.45 2.54-.9L19.73 21 21 19.73 4.27 3z"
)
CAMERA = (
    "M17 10.5V7c0-.55-.45-1-1-1H4c-.55 0-1 .45-1 1v10c0 .55.45 1 1 1h12c.55 0 1-.45 1-1v-3.5l4 4"
    "v-11l-4 4z"
)
CAMERA_OFF = (
    "M21 6.5l-4 4V7c0-.55-.45-1-1-1H9.82L21 17.18V6.5zM3.27 2L2 3.27 4.73 6H4c-.55 0-1 .45-1 1v10"
    "c0 .55.45 1 1 1h12c.21 0 .39-.08.54-.18L19.73 21 21 19.73 3.27 2z"
)
HANG_UP = (
    "M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85-.18.18-.43.28"
    "-.7.28-.28 0-.53-.11-.71-.29L.29 13.08c-.18-.17-.29-.42-.29-.7 0-.28.11-.53.29-.71C3.34 8.78"
    " 7.46 7 12 7s8.66 1.78 11.71 4.67c.18.18.29.43.29.71 0 .28-.11.53-.29.71l-2.48 2.48c-.18.18"
    "-.43.29-.71.29-.27 0-.52-.11-.7-.28-.79-.74-1.69-1.36-2.67-1.85-.33-.16-.56-.5-.56-.9v-3.1"
    "C15.15 9.25 13.6 9 12 9z"
)
SEND = "M2.01 21L23 12 2.01 3 2 10l15 2-15 2z"


def _pixmap(path: str, fill: str, size: int) -> QPixmap:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        f'<path fill="{fill}" d="{path}"/></svg>'
    )
    renderer = QSvgRenderer(QByteArray(svg.encode("ascii")))
    ratio = 2  # drawn at twice the size so it stays sharp on high-density screens
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(path: str, fill: str, size: int = 24) -> QIcon:
    """One shape in one colour."""
    return QIcon(_pixmap(path, fill, size))


def toggle_icon(
    checked_path: str, checked_fill: str, unchecked_path: str, unchecked_fill: str, size: int = 24
) -> QIcon:
    """For a checkable button: one shape and colour when checked, another when not."""
    result = QIcon()
    for state, path, fill in (
        (QIcon.State.On, checked_path, checked_fill),
        (QIcon.State.Off, unchecked_path, unchecked_fill),
    ):
        pixmap = _pixmap(path, fill, size)
        result.addPixmap(pixmap, QIcon.Mode.Normal, state)
        result.addPixmap(pixmap, QIcon.Mode.Active, state)
    return result


ICON_SIZE = QSize(24, 24)
