"""Renders the app icon from `resources/icons/app.svg` for installers and desktop entries.

PNGs for the Linux desktop (hicolor sizes), an `.ico` for Windows and an `.icns` for macOS, all
drawn by Qt's SVG renderer offscreen, so the SVG stays the one source and no image tool is needed.
"""

from __future__ import annotations

import os
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_icons(svg: Path, out_dir: Path, name: str) -> list[Path]:
    """Writes `{name}-{size}.png`, `{name}.ico` and `{name}.icns` into `out_dir`; returns them."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(QByteArray(svg.read_bytes()))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    out_dir.mkdir(parents=True, exist_ok=True)

    def image(size: int) -> QImage:
        result = QImage(size, size, QImage.Format.Format_ARGB32)
        result.fill(Qt.GlobalColor.transparent)
        painter = QPainter(result)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        return result

    written = []
    for size in PNG_SIZES:
        path = out_dir / f"{name}-{size}.png"
        if not image(size).save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path)
    for fmt, sizes in (("ico", ICO_SIZES), ("icns", PNG_SIZES)):
        path = out_dir / f"{name}.{fmt}"
        writer = QImageWriter(str(path), fmt.encode())
        if writer.canWrite() and writer.write(image(max(sizes))):
            written.append(path)
    return written
