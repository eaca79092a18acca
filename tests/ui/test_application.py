"""`run_gui` end to end on a fake desk: sign in with demo credentials, close, exit cleanly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from advisor_app.desk_listener import DeskListener
from advisor_app.domain.models import Account
from advisor_app.engine import Engine
from tests.ui.conftest import RecordingRinger
from tests.ui.fake_desk import FakeDesk
from ui.application import APP_NAME, GuiOptions, run_gui
from ui.main_window import MainWindow


@pytest.fixture
def restore_app_look(qapp: QApplication) -> Iterator[None]:
    sheet, font = qapp.styleSheet(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def test_run_gui_signs_in_and_exits_cleanly_after_closing(
    qapp: QApplication, engine: Engine, restore_app_look: None
) -> None:
    desks: list[FakeDesk] = []
    signed: list[Account] = []

    def factory(listener: DeskListener) -> FakeDesk:
        desks.append(FakeDesk(listener))
        return desks[-1]

    def close_the_window(account: Account) -> None:
        signed.append(account)
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        QTimer.singleShot(0, windows[0].close)

    options = GuiOptions(
        server_url="",
        demo_email="demo@advisor.test",
        demo_password="demo",
        on_signed_in=close_the_window,
        ringer=RecordingRinger(),
    )
    safety_net = QTimer()  # never hang the test run
    safety_net.setSingleShot(True)
    safety_net.timeout.connect(lambda: qapp.exit(1))
    safety_net.start(10_000)
    try:
        assert run_gui([], engine, factory, options) == 0
    finally:
        safety_net.stop()
    assert [a.email for a in signed] == ["anna@example.com"]
    assert desks[0].called("shutdown") == [()]
    assert QCoreApplication.applicationName() == APP_NAME
    assert qapp.styleSheet()  # the theme was loaded
