"""The self-test's Qt probes: the part of `advisor-app self-test` that needs Qt.

The entry point passes these to `advisor_app.self_test.main`; the core itself never imports Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QLibraryInfo, QTranslator, qVersion
from PySide6.QtGui import QColor, QGuiApplication, QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

from advisor_app.self_test import BrokenPartError, Check, CheckResult, Outcome
from ui.icons import resources_dir

# The Qt platform plugin the desktop app needs on each system (the self-test itself uses offscreen).
DESKTOP_PLATFORM_PLUGINS = {
    "linux": ("xcb", "wayland"),
    "darwin": ("cocoa",),
    "win32": ("windows",),
}


def check_qt() -> CheckResult:
    """The offscreen platform plugin loads, SVG renders, and the desktop's plugin is bundled."""
    if QGuiApplication.instance() is None:
        QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    if QGuiApplication.platformName() != "offscreen":
        raise BrokenPartError(f"platform plugin {QGuiApplication.platformName()!r} loaded")
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    image.fill(0)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2"/>'
    svg += b"</svg>"
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if QColor(image.pixel(16, 16)).alpha() != 255:
        raise BrokenPartError("QtSvg drew nothing")
    plugins_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = sorted(_plugin_names(plugins_dir / "platforms"))
    wanted = DESKTOP_PLATFORM_PLUGINS.get(sys.platform, ())
    missing = [name for name in wanted if name not in platforms]
    if wanted and len(missing) == len(wanted):
        raise BrokenPartError(f"no desktop platform plugin ({', '.join(wanted)}) in {plugins_dir}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    svg_images = "svg images" if "svg" in formats else "no svg image plugin"
    return CheckResult(
        "Qt",
        Outcome.OK if "svg" in formats else Outcome.WARN,
        f"offscreen loaded (Qt {qVersion()}); platform plugins: {', '.join(platforms)};"
        f" SVG renders; {svg_images}",
    )


def _plugin_names(folder: Path) -> set[str]:
    names = set()
    for path in folder.glob("*"):
        stem = path.name.split(".")[0]
        names.add(stem.removeprefix("libq").removeprefix("q"))
    return names


def check_translations() -> CheckResult:
    """The app's translations (when there are any) and Qt's own load."""
    ours = sorted((resources_dir() / "translations").glob("*.qm"))
    broken = [p.name for p in ours if not QTranslator().load(str(p))]
    if broken:
        raise BrokenPartError(f"cannot load {', '.join(broken)}")
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qt_files = list(qt_dir.glob("qtbase_*.qm"))
    qt_part = f"Qt's own: {len(qt_files)} languages"
    if qt_files and not QTranslator().load(str(qt_files[0])):
        raise BrokenPartError(f"cannot load Qt's {qt_files[0].name}")
    app_part = f"{len(ours)} app translations loaded" if ours else "app translations: none yet"
    outcome = Outcome.OK if qt_files else Outcome.WARN
    return CheckResult("translations", outcome, f"{app_part}; {qt_part}")


GUI_CHECKS: tuple[tuple[str, Check], ...] = (
    ("Qt", check_qt),
    ("translations", check_translations),
)
