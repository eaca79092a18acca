"""The previews' hand-over from the capture thread outlives their window quietly."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from advisor_app.domain.frames import DisplayFrame
from advisor_app.engine import Engine
from ui.engine_calls import EngineCalls
from ui.settings.device_preview import DevicePreviews

FRAME = DisplayFrame(width=2, height=1, stride=8, pixels=bytes(8))


def test_a_frame_after_the_window_closed_has_nowhere_to_go(qtbot: QtBot, engine: Engine) -> None:
    owner = QObject()
    previews = DevicePreviews(EngineCalls(engine, owner), owner)
    shown: list[DisplayFrame] = []
    previews.frame.connect(shown.append)
    previews.show_camera(None)
    previews._deliver(0, FRAME)  # the capture thread's hand-over, while the window lives
    qtbot.waitUntil(lambda: bool(shown))
    shiboken6.delete(owner)  # the dialog closed; its camera is still closing on the engine
    previews._deliver(0, FRAME)  # a last frame from the capture thread: no error
