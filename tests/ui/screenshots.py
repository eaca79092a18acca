"""Renders the main window with demo data and the login dialog to PNGs, for a look by eye.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots [outdir]

Writes main-window.png (1280x800), login.png and login-error.png to outdir (default /tmp).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.models import Presence
from advisor_app.engine import Engine
from tests.ui import demo_data
from tests.ui.demo_screens import SilentRinger, settle, show_a_working_day
from tests.ui.fake_desk import FakeDesk
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui, GuiOptions, configure_application
from ui.login_dialog import LoginDialog


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def main(outdir: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    engine = Engine()
    engine.start()
    now = demo_data.NOW
    clock = AdvisorClock(ZoneInfo("Europe/Berlin"), local_now=lambda: now)
    gui = AdvisorGui(
        engine,
        FakeDesk,
        GuiOptions(
            server_url="",
            customer_url="http://127.0.0.1:8765/",
            demo_email="anna@example.com",
            demo_password="demo",
        ),
        ringer=SilentRinger(),
        clock=clock,
    )
    gui.start()
    settle()
    show_a_working_day(gui, now)
    settle(500)
    save(gui.window, outdir / "main-window.png")

    bridge = gui.bridge
    bridge.call_requests_changed(())
    bridge.presence_changed(Presence.OFFLINE)
    bridge.connection_changed(ConnectionState.RECONNECTING, "in 4 s — platform unreachable")
    gui.main.bookings.select("bkg_1")
    gui.window.show_notice("Call with Mia accepted — connecting…", "success")
    settle()
    save(gui.window, outdir / "main-window-empty.png")

    login = LoginDialog("Platform: https://platform.example.com")
    login.prefill("anna@example.com")
    login.show()
    settle()
    save(login, outdir / "login.png")
    login.password.setText("secret")
    login.show_error("Wrong email or password.")
    login.adjustSize()
    settle()
    save(login, outdir / "login-error.png")
    login.set_busy(True)
    settle()
    save(login, outdir / "login-busy.png")

    gui.close()
    login.deleteLater()
    QCoreApplication.processEvents()
    engine.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp"))
