"""Icons from `resources/icons/*.svg`, drawn for this app and tinted at load time.

The SVGs use the placeholder colour `#COLOR`; `icon("phone", "#FFFFFF")` renders that icon in white.
A missing file gives an empty icon and one log line: a missing picture never stops the app.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

INK = "#2B2D42"
MUTED = "#6B6F85"
ACCENT = "#5B3CF0"
ON_ACCENT = "#FFFFFF"

_SIZES = (16, 20, 24, 32, 48, 64, 128, 256)


def resources_dir() -> Path:
    """Where `resources/` is: an override, a frozen bundle, or the source tree."""
    override = os.environ.get("ADVISOR_APP_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@functools.cache
def _svg_text(name: str) -> str | None:
    path = resources_dir() / "icons" / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("icon %s not found in %s", name, path.parent)
        return None


def render(name: str, size: int, color: str = INK) -> QPixmap:
    """The icon as a square pixmap of `size` pixels (transparent when the icon is missing)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    text = _svg_text(name)
    if text is None:
        return pixmap
    renderer = QSvgRenderer(QByteArray(text.replace("#COLOR", color).encode("utf-8")))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def icon(name: str, color: str = INK) -> QIcon:
    """A crisp icon at every common size."""
    result = QIcon()
    if _svg_text(name) is None:
        return result
    for size in _SIZES:
        result.addPixmap(render(name, size, color))
    return result


def app_icon() -> QIcon:
    return icon("app")
