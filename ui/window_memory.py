"""Where the advisor left a window: remembered between runs, used again only where it still fits.

A laptop that was docked to a large monitor yesterday may have only its own screen today, or a
higher scaling: a remembered place that no longer lies wholly on one screen's available area (or is
smaller than the window can be) is dropped, and the window opens sized to the screen it is on.
The places live in `windows.json` beside the settings; nothing else is stored there.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from advisor_app.settings import config_dir
from ui.window_fit import fit_to_screen, fits, minimum_of

log = logging.getLogger(__name__)


class WindowMemory:
    """Reads and writes the remembered places of the app's windows, by name ("main")."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or config_dir() / "windows.json"

    def restore(self, window: QWidget, name: str, preferred: QSize) -> bool:
        """Puts `window` where it was if that still fits a screen, else sizes it to the screen.
        Returns True when the remembered place was used."""
        place = self._places().get(name)
        geometry = _geometry(place)
        if geometry is not None and _still_fits(geometry, minimum_of(window)):
            window.setGeometry(geometry)
            if isinstance(place, dict) and place.get("maximized") is True:
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
            return True
        fit_to_screen(window, preferred)
        return False

    def remember(self, window: QWidget, name: str) -> None:
        """Stores the window's normal (not maximized) place; a failed write is only logged."""
        geometry = window.normalGeometry() if window.isMaximized() else window.geometry()
        places = self._places()
        places[name] = {
            "x": geometry.x(),
            "y": geometry.y(),
            "width": geometry.width(),
            "height": geometry.height(),
            "maximized": window.isMaximized(),
        }
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".windows-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(places, f, indent=2)
            os.replace(tmp, self._path)
        except OSError as exc:
            log.warning("could not remember the window's place: %s", type(exc).__name__)

    def _places(self) -> dict[str, Any]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("window places unreadable (%s); windows open sized to the screen", exc)
            return {}
        return raw if isinstance(raw, dict) else {}


def _geometry(place: object) -> QRect | None:
    if not isinstance(place, dict):
        return None
    values = [place.get(key) for key in ("x", "y", "width", "height")]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return None
    x, y, width, height = (int(value) for value in values)  # type: ignore[arg-type]  # checked
    return QRect(x, y, width, height)


def _still_fits(geometry: QRect, minimum: QSize) -> bool:
    if geometry.width() < minimum.width() or geometry.height() < minimum.height():
        return False
    return any(fits(geometry, screen.availableGeometry()) for screen in QGuiApplication.screens())
