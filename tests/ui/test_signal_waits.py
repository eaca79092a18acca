"""`qtbot.waitSignal` on a signal emitted twice from another thread (`tests.qt_signal_blockers`)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


class _Reporter(QObject):
    reported = Signal(object)


def test_a_signal_emitted_twice_from_a_thread_is_waited_for_without_crashing(
    qtbot: QtBot,
) -> None:
    """The second emission is queued after the wait ended: without the relay PySide6 called into
    the freed wait: a segmentation fault, a corrupted reference count, or another wait's args."""
    reporter = _Reporter()
    for number in range(300):
        emitter = threading.Thread(
            target=lambda n=number: (reporter.reported.emit(n), reporter.reported.emit(-1))
        )
        with qtbot.waitSignal(reporter.reported, timeout=5_000) as blocker:
            emitter.start()
        emitter.join()
        assert blocker.args == [number]  # without the relay, an earlier wait's late call landed
        del blocker
        QApplication.processEvents()  # the late call arrives now


def test_a_wait_with_a_parameter_check_waits_for_a_matching_emission(qtbot: QtBot) -> None:
    reporter = _Reporter()
    emitter = threading.Thread(target=lambda: [reporter.reported.emit(n) for n in range(5)])
    with qtbot.waitSignal(reporter.reported, check_params_cb=lambda n: n == 3) as blocker:
        emitter.start()
    emitter.join()
    assert blocker.args == [3]
