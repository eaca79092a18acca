"""The screen Qt's offscreen platform shows the tests: a 1920x1080 laptop screen at 96 dpi.

Without a configuration the offscreen platform has one 800x800 screen, and windows that size
themselves to the screen (`ui.window_fit`) would open smaller than on any advisor's desktop.
`offscreen_platform()` is the `QT_QPA_PLATFORM` value for it (Qt's `configfile=` option).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

LAPTOP = {"width": 1920, "height": 1080}


def screen_config(folder: Path) -> Path:
    """Writes the offscreen platform's configuration into `folder` and returns its path."""
    path = folder / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, **LAPTOP, "logicalDpi": 96,
              "logicalBaseDpi": 96, "dpr": 1.0}  # fmt: skip
    path.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    return path


def offscreen_platform() -> str:
    folder = Path(tempfile.gettempdir()) / "advisor-app-tests"
    folder.mkdir(exist_ok=True)
    return f"offscreen:configfile={screen_config(folder)}"
