"""Opening a call window, in the order a call needs: listener first, commands later.

The call session is started with the window's bridge as its listener (so not one report is lost),
and only then exists to give its commands; if it cannot start, the window says why:

    opened = open_call_window(main_window, engine, request.alias, request.age)
    engine_calls.run(
        start_live_call(desk, request, opened.bridge, media, quality_observer=opened.quality),
        on_result=opened.attach,   # the CallSession is the CallCommands
        on_error=opened.fail,      # shows the message and "Not billed", Close
        what="start call",
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from advisor_app.call.listener import CallCommands
from advisor_app.engine import Engine
from ui.call.bridge import CallBridge
from ui.call.controller import CallController
from ui.call.quality_bridge import QualityBridge
from ui.call.quality_controller import CallQualityController
from ui.call.window import CallWindow


@dataclass(frozen=True, slots=True)
class OpenedCallWindow:
    """What the caller keeps: the listener for the session and the way to hand it the commands.

    Keep `bridge` referenced for as long as the session may report to it; it has no Qt parent so
    closing the window cannot delete it under the engine thread.
    """

    bridge: CallBridge
    attach: Callable[[CallCommands], None]
    fail: Callable[[str], None]
    window: CallWindow
    controller: CallController
    quality: QualityBridge  # the session's `quality_observer`; keep it referenced like `bridge`
    quality_controller: CallQualityController


def open_call_window(
    parent: QWidget | None, engine: Engine, alias: str, age: int
) -> OpenedCallWindow:
    """Creates and shows the call window for a call with `alias` (`age`)."""
    bridge = CallBridge()
    window = CallWindow(alias, age, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller = CallController(window, bridge, engine, alias)
    quality = QualityBridge()
    quality_controller = CallQualityController(window, quality)
    window.show()
    window.activateWindow()
    return OpenedCallWindow(
        bridge, controller.attach, controller.fail, window, controller, quality, quality_controller
    )
