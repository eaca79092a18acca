"""Small steps the GUI tests share: sign in, let the desk report from the engine thread."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from advisor_app.engine import Engine
from tests.ui.fake_desk import FakeDesk
from ui.application import AdvisorGui


def desk_of(gui: AdvisorGui) -> FakeDesk:
    assert isinstance(gui.desk, FakeDesk)
    return gui.desk


def sign_in(gui: AdvisorGui, qtbot: QtBot) -> None:
    with qtbot.waitSignal(gui.session.signed_in, timeout=5000):
        gui.session.sign_in("anna@example.com", "pw", False)


def report(qtbot: QtBot, engine: Engine, signal: Any, method: Any, *args: object) -> None:
    """Calls a DeskListener method on the engine thread, as the real desk does, and waits for
    the bridge's signal on the GUI thread."""
    with qtbot.waitSignal(signal, timeout=5000):
        engine.call_soon(method, *args)
