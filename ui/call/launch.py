"""Opening a call window, in the order a call needs: listener first, commands later.

The call is started with the window's bridge as its listener (so not one report is lost), and
only then exists to give its commands; if it cannot start, the window says why
(`ui.call.windows.CallWindows` does this for both kinds of call):

    opened = open_call_window(None, engine, booking.alias, booking.age)
    engine_calls.run(
        service.call_booked(booking, opened.listener, media, on_warning=…,
                            quality_observer=opened.listener),
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
from advisor_app.call.view import CallViewKeeper
from advisor_app.engine import Engine
from ui.advisor_clock import AdvisorClock
from ui.call.bridge import CallBridge
from ui.call.controller import CallController
from ui.call.quality_controller import CallQualityController
from ui.call.window import PREFERRED_SIZE, CallWindow
from ui.window_fit import fit_to_screen


@dataclass(frozen=True, slots=True)
class OpenedCallWindow:
    """What the caller keeps: the listener for the session and the way to hand it the commands.

    `listener` (the call's view keeper) is the session's `CallListener` and `QualityObserver` and
    takes the booked-time warnings; it reports to `bridge`, the window's one bridge. Keep them
    referenced for as long as the session may report; the bridge has no Qt parent so closing the
    window cannot delete it under the engine thread.
    """

    listener: CallViewKeeper
    bridge: CallBridge
    attach: Callable[[CallCommands], None]
    fail: Callable[[str], None]
    window: CallWindow
    controller: CallController
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
    parent: QWidget | None,
    engine: Engine,
    alias: str,
    age: int,
    *,
    show: bool = True,
    clock: AdvisorClock | None = None,
) -> OpenedCallWindow:
    """Creates the call window for a call with `alias` (`age`); shows it unless `show=False`.

    `clock` words times in the advisor's zone (a booked call's end)."""
    bridge = CallBridge()
    listener = CallViewKeeper(bridge)
    window = CallWindow(alias, age, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller = CallController(window, bridge, engine, alias, advisor_clock=clock)
    quality_controller = CallQualityController(window, bridge)
    fit_to_screen(window, PREFERRED_SIZE)  # 1180x720 where the screen has room
    opened = OpenedCallWindow(
        listener, bridge, controller.attach, controller.fail, window, controller, quality_controller
    )
    if show:
        opened.show()
    return opened
