"""Opening a call window, in the order a call needs: listener first, commands later.

The call is started with the window's bridge as its listener (so not one report is lost), and
only then exists to give its commands; if it cannot start, the window says why
(`ui.call.windows.CallWindows` does this for both kinds of call):

    opened = open_call_window(None, engine, booking.alias, booking.age)
    engine_calls.run(
        service.call_booked(booking, opened.bridge, media, on_warning=…,
                            quality_observer=opened.quality),
        on_result=lambda booked: opened.attach(booked.session),   # the CallCommands
        on_error=opened.fail,      # shows the message and "Not billed", Close
        what="call booking",
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

    def show(self) -> None:
        """Shows a window built hidden (a live call, once the platform accepted it)."""
        self.window.show()
        self.window.activateWindow()

    def discard(self) -> None:
        """Drops a window that was never shown (the call could not be taken)."""
        self.window.set_closable(True)
        self.window.close()


def open_call_window(
    parent: QWidget | None, engine: Engine, alias: str, age: int, *, show: bool = True
) -> OpenedCallWindow:
    """Creates the call window for a call with `alias` (`age`); shows it unless `show=False`."""
    bridge = CallBridge()
    window = CallWindow(alias, age, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller = CallController(window, bridge, engine, alias)
    quality = QualityBridge()
    quality_controller = CallQualityController(window, quality)
    opened = OpenedCallWindow(
        bridge, controller.attach, controller.fail, window, controller, quality, quality_controller
    )
    if show:
        opened.show()
    return opened
