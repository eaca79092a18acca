"""`qtbot.waitSignal` made safe for signals emitted from another thread.

pytest-qt connects each wait's own Python method to the signal and disconnects it when the wait
ends. A signal emitted from the engine thread reaches the GUI thread as a queued call; one
emitted twice in a row (a presence confirmed by the reply and by the event stream, a clock
offset measured again) can still have a call queued after the wait disconnected, and PySide6
(6.12) then calls into the freed wait: a segmentation fault in `_quit_loop_by_signal` (one full
run died so), or a corrupted reference count that aborts the interpreter at exit (reproduced:
two emissions from a thread, 300 waits). Here each wait listens through a `QObject` of the GUI
thread that stays connected and alive for the run: a late call reaches a live object, which
passes on only the first emission that satisfies the wait.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from pytestqt.wait_signal import SignalBlocker

__all__ = ["install"]

_RELAYS: list[_Relay] = []  # alive for the run: a late queued call must find its receiver


class _Relay(QObject):
    """Passes a signal's emissions on to one wait until the wait is satisfied."""

    def __init__(self, blocker: SignalBlocker) -> None:
        super().__init__()
        self._blocker: SignalBlocker | None = blocker

    def deliver(self, *args: Any) -> None:
        blocker = self._blocker
        if blocker is None:
            return
        blocker._quit_loop_by_signal(*args)  # pytest-qt's own handler
        if blocker.signal_triggered:
            self._blocker = None


def _connect(self: SignalBlocker, signal: Any) -> None:
    """`SignalBlocker.connect`, through a relay (pytest-qt 4.x's, less the disconnect)."""
    self.signal_name = self.determine_signal_name(potential_signal_tuple=signal)
    actual_signal = self.get_signal_from_potential_signal_tuple(signal)
    relay = _Relay(self)
    _RELAYS.append(relay)
    actual_signal.connect(relay.deliver)


def install() -> None:
    """Makes every `qtbot.waitSignal` of this run listen through a relay (idempotent)."""
    SignalBlocker.connect = _connect  # type: ignore[method-assign]
