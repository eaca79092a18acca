"""Crossing to the engine and back: results and errors arrive on the GUI thread, busy is told."""

from __future__ import annotations

import asyncio
import threading

import shiboken6
from PySide6.QtCore import QObject

from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.models import Presence
from advisor_app.engine import Engine
from network.errors import NetworkUnreachable
from tests.ui import demo_data
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls, user_message


async def answer(value: int) -> tuple[int, str]:
    await asyncio.sleep(0.01)
    return value, threading.current_thread().name


async def fail() -> None:
    raise NetworkUnreachable()


def test_the_result_comes_back_on_the_gui_thread(qtbot, engine: Engine) -> None:
    calls = EngineCalls(engine)
    results: list[tuple[tuple[int, str], str]] = []
    busy: list[bool] = []
    with qtbot.waitSignal(calls.busy_changed, check_params_cb=lambda b: not b):
        calls.run(
            answer(7),
            on_result=lambda r: results.append((r, threading.current_thread().name)),
            busy=busy.append,
        )
        assert calls.busy
    assert results == [((7, "test-engine"), threading.main_thread().name)]
    assert busy == [True, False]
    assert not calls.busy


def test_an_error_comes_back_as_a_readable_message(qtbot, engine: Engine) -> None:
    calls = EngineCalls(engine)
    errors: list[str] = []
    with qtbot.waitSignal(calls.busy_changed, check_params_cb=lambda b: not b):
        calls.run(fail(), on_result=lambda _r: None, on_error=errors.append)
    assert errors == ["The platform cannot be reached. Check the internet connection."]


def test_a_stopped_engine_reports_an_error_instead_of_raising(qtbot) -> None:
    stopped = Engine()
    calls = EngineCalls(stopped)
    errors: list[str] = []
    calls.run(answer(1), on_error=errors.append)
    assert errors == ["engine not started"]
    assert not calls.busy


def test_a_callback_of_a_deleted_object_is_skipped(qtbot, engine: Engine) -> None:
    class Receiver(QObject):
        def __init__(self) -> None:
            super().__init__()

        def take(self, value: object) -> None:
            self.setObjectName(str(value))  # raises RuntimeError if Qt already deleted us

    calls = EngineCalls(engine)
    receiver = Receiver()
    gate = threading.Event()

    async def late() -> int:
        await asyncio.to_thread(gate.wait, 5)
        return 1

    calls.run(late(), on_result=receiver.take)
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not _alive(receiver))
    with qtbot.waitSignal(calls.busy_changed, check_params_cb=lambda b: not b):
        gate.set()


def _alive(obj: QObject) -> bool:
    return shiboken6.isValid(obj)


def test_user_message_never_is_empty() -> None:
    assert user_message(ValueError("Bad slot")) == "Bad slot"
    assert user_message(TimeoutError()) == "The platform did not answer in time"
    assert user_message(ConnectionRefusedError()) == "Platform unreachable"
    assert user_message(KeyError()) == "Something went wrong (KeyError)"


def test_the_bridge_carries_every_report_to_the_gui_thread(qtbot, engine: Engine) -> None:
    bridge = DeskBridge()
    seen: list[tuple[str, str]] = []

    def record(name: str):
        return lambda *_args: seen.append((name, threading.current_thread().name))

    signals = {
        "account_signed_in": ("signed_in", (object(),)),
        "session_ended": ("signed_out", ("revoked",)),
        "connection_state_changed": ("connection_changed", (ConnectionState.CONNECTED, "")),
        "presence_confirmed": ("presence_changed", (Presence.BUSY,)),
        "call_requests_updated": ("call_requests_changed", ((demo_data.request(),),)),
        "bookings_updated": ("bookings_changed", (demo_data.bookings(),)),
        "clock_offset_measured": ("clock_offset_changed", (2.5,)),
        "problem_reported": ("problem", ("oops",)),
    }
    for signal_name, (method_name, args) in signals.items():
        signal = getattr(bridge, signal_name)
        signal.connect(record(signal_name))
        with qtbot.waitSignal(signal, timeout=2000) as blocker:
            engine.call_soon(getattr(bridge, method_name), *args)
        assert tuple(blocker.args) == args
    assert [name for name, _ in seen] == list(signals)
    assert {thread for _, thread in seen} == {threading.main_thread().name}
